package dev.vmbench.profile;

import static dev.vmbench.profile.BootOptionsValidationTest.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and removing a profile change its lines only: the user's comments, blank lines and order stay. */
class ProfilesEditTest {

    /** A hand-kept file: header, comments between profiles and after values, blank lines, quotes, a flow one. */
    static final String COMMENTED = """
            # vmbench profiles, kept by hand
            # (a second header line)

            profiles:   # all of them

              # the small one
              small:
                hypervisor: qemu-q35   # q35 for PCI
                mem: 256M
                # cpus: 4 was too many

              tiny: {mem: 64M}  # flow style

              # the big one, keep it last
              big:
                mem: "2G"
                cpus: 4    # four


            # trailing comment at the end of the file
            """;

    @TempDir
    Path home;
    Path file;
    Profiles profiles;

    @BeforeEach
    void setUp() throws Exception {
        file = home.resolve("config/vmbench/profiles.yaml");
        profiles = new Profiles(file);
    }

    void write(String yaml) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    String text() throws Exception {
        return Files.readString(file);
    }

    @Test
    void aNewProfileGoesAfterTheLastAndNothingElseMoves() throws Exception {
        write(COMMENTED);
        assertThat(profiles.save("new", of("mem", "512M", "cpus", "1"))).isTrue();
        assertThat(text()).isEqualTo(COMMENTED.replace("    cpus: 4    # four\n",
                "    cpus: 4    # four\n  new:\n    mem: 512M\n    cpus: 1\n"));
        assertThat(profiles.saved().keySet()).containsExactlyInAnyOrder("small", "tiny", "big", "new");
    }

    @Test
    void removingAProfileTakesItsLinesOnly() throws Exception {
        write(COMMENTED);
        profiles.remove("small");
        assertThat(text()).isEqualTo(COMMENTED.replace("  small:\n    hypervisor: qemu-q35   # q35 for PCI\n"
                + "    mem: 256M\n", ""));
        profiles.remove("tiny");
        profiles.remove("big");
        assertThat(text()).isEqualTo("""
                # vmbench profiles, kept by hand
                # (a second header line)

                profiles:   # all of them

                  # the small one
                    # cpus: 4 was too many


                  # the big one, keep it last


                # trailing comment at the end of the file
                """);
        assertThat(profiles.saved()).isEmpty();
    }

    @Test
    void saveThenRemoveGivesBackTheFileByteForByte() throws Exception {
        write(COMMENTED);
        profiles.save("extra", of("hypervisor", "qemu-q35", "prompt", "[#$] ", "append", "console=ttyS0 # not a comment"));
        assertThat(profiles.get("extra").get(BootOption.PROMPT)).isEqualTo("[#$] ");
        assertThat(profiles.get("extra").append()).isEqualTo("console=ttyS0 # not a comment");
        profiles.remove("extra");
        assertThat(text()).isEqualTo(COMMENTED);
    }

    @Test
    void updatingAProfileChangesOnlyTheValuesThatChanged() throws Exception {
        write(COMMENTED);
        assertThat(profiles.save("small", of("hypervisor", "qemu-q35", "mem", "512M", "cpus", "2"))).isFalse();
        assertThat(text()).isEqualTo(COMMENTED.replace("    mem: 256M\n", "    mem: 512M\n    cpus: 2\n"));
        // the same value keeps its quotes; a new value keeps the comment after it
        profiles.save("big", of("mem", "2G", "cpus", "8"));
        assertThat(text()).contains("    mem: \"2G\"\n    cpus: 8    # four\n");
        // an option left out is removed, with its comment
        profiles.save("small", of("mem", "512M"));
        assertThat(text()).isEqualTo(COMMENTED.replace("    hypervisor: qemu-q35   # q35 for PCI\n    mem: 256M\n",
                "    mem: 512M\n").replace("    cpus: 4    # four", "    cpus: 8    # four"));
    }

    @Test
    void aFlowStyleProfileIsRewrittenAsABlockInItsPlace() throws Exception {
        write(COMMENTED);
        profiles.save("tiny", of("mem", "128M", "cpus", "1"));
        assertThat(text()).isEqualTo(COMMENTED.replace("  tiny: {mem: 64M}  # flow style\n",
                "  tiny:\n    mem: 128M\n    cpus: 1\n"));
    }

    @Test
    void emptyValuesAreFilledWhereTheyStand() throws Exception {
        write("profiles:\n  p:\n    mem:   # to decide\n    cpus: ~\n");
        profiles.save("p", of("mem", "1G", "cpus", "2"));
        assertThat(text()).isEqualTo("profiles:\n  p:\n    mem: 1G   # to decide\n    cpus: 2\n");
    }

    @Test
    void theFilesIndentationIsFollowed() throws Exception {
        write("profiles:\n    a:\n        mem: 1G\n");
        profiles.save("b", of("cpus", "1"));
        assertThat(text()).isEqualTo("profiles:\n    a:\n        mem: 1G\n    b:\n        cpus: 1\n");
    }

    @Test
    void aFileWithoutProfilesYetGetsThemAtItsEnd() throws Exception {
        write("# just a comment, no newline at the end");
        profiles.save("a", of("mem", "1G"));
        assertThat(text()).isEqualTo("# just a comment, no newline at the end\nprofiles:\n  a:\n    mem: 1G\n");
        write("# mine\nprofiles:   # none yet\n# end\n");
        profiles.save("a", of("mem", "1G"));
        assertThat(text()).isEqualTo("# mine\nprofiles:   # none yet\n  a:\n    mem: 1G\n# end\n");
        write("profiles: {}  # emptied\n");
        profiles.save("a", of("mem", "1G"));
        assertThat(text()).isEqualTo("profiles:  # emptied\n  a:\n    mem: 1G\n");
        write("profiles:\n  a:\n    mem: 1G");
        profiles.save("b", of("mem", "2G"));
        assertThat(text()).isEqualTo("profiles:\n  a:\n    mem: 1G\n  b:\n    mem: 2G\n");
    }

    @Test
    void aNewFileHasAHeaderAndIsPrivate() throws Exception {
        profiles.save("first", of("hypervisor", "qemu-q35", "mem", "768M", "qemu-arg", "-device virtio-rng-pci"));
        assertThat(text()).isEqualTo(ProfilesEditor.HEADER
                + "profiles:\n  first:\n    hypervisor: qemu-q35\n    mem: 768M\n    qemu-arg: -device virtio-rng-pci\n");
        assertThat(ProfilesEditor.HEADER).startsWith("# ").endsWith("\n").containsOnlyOnce("\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("config"))))
                .isEqualTo("rwx------");
        assertThat(file.resolveSibling("profiles.yaml.partial")).doesNotExist();
    }

    @Test
    void anOpenFileIsMadePrivateWhenSaved() throws Exception {
        write(COMMENTED);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        profiles.save("x", of("mem", "1G"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        profiles.remove("x");
        assertThat(text()).isEqualTo(COMMENTED);
    }

    @Test
    void aSymlinkedFileStaysALink() throws Exception {
        Path real = home.resolve("dotfiles/profiles.yaml");
        Files.createDirectories(real.getParent());
        Files.writeString(real, COMMENTED);
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, real);
        profiles.save("x", of("mem", "1G"));
        assertThat(file).isSymbolicLink();
        assertThat(Files.readString(real)).contains("  x:\n    mem: 1G\n");
    }

    @Test
    void profilesInBracesAreNotRewrittenBehindTheUsersBack() throws Exception {
        String braces = "# one line\nprofiles: {a: {mem: 1G}, b: {cpus: 1}}\n";
        write(braces);
        assertThat(profiles.saved().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> profiles.save("c", of("mem", "1G"))).hasMessageStartingWith(file + ":2: 'profiles' "
                + "is written in braces ({...}), where vmbench cannot change one profile alone");
        assertThatThrownBy(() -> profiles.remove("a")).hasMessageStartingWith(file + ":2: 'profiles' is written");
        assertThat(text()).isEqualTo(braces);
    }

    @Test
    void anEditThatWouldBreakAnAnchorIsRefused() throws Exception {
        String anchored = "profiles:\n  base: &b\n    mem: 1G\n  other: *b\n";
        write(anchored);
        assertThat(profiles.get("other").get(BootOption.MEM)).isEqualTo("1G");
        assertThatThrownBy(() -> profiles.remove("base")).hasMessage("cannot change " + file + " without disturbing"
                + " the rest of it (it uses YAML that vmbench does not edit, such as anchors or document markers):"
                + " make the change by hand");
        assertThat(text()).isEqualTo(anchored);
        profiles.remove("other"); // the alias alone can go
        assertThat(text()).isEqualTo("profiles:\n  base: &b\n    mem: 1G\n");
    }

    @Test
    void valuesThatNeedQuotesAreQuotedAndReadBackTheSame() throws Exception {
        Map<String, String> odd = Map.of("prompt", "[#$] ", "append", "a: b #c", "firecracker-log", "'quoted'.log",
                "timeout", "90");
        BootOptions o = of("hypervisor", "firecracker", "prompt", odd.get("prompt"), "append", odd.get("append"),
                "firecracker-log", odd.get("firecracker-log"), "timeout", odd.get("timeout"));
        profiles.save("odd", o);
        assertThat(profiles.get("odd")).isEqualTo(o);
        assertThat(text()).contains("    timeout: 90\n").contains("    prompt: '[#$] '\n");
        assertThat(Profiles.yaml("odd", profiles.get("odd"))).isEqualTo(text().substring(text().indexOf("odd:")
                ).replace("\n    ", "\n  "));
    }
}
