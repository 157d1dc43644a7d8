package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;
import dev.vmbench.elf.ElfDynamic;

/**
 * The copy_exec walk on packages laid out from this host's own /bin/ls and the libraries it needs: only what
 * the ELF files need is fetched, through the Depends of the package whose ELF needs it.
 */
class GuestToolsTest {

    private static final Path HOST_LIBS = Path.of("/lib/x86_64-linux-gnu");

    @TempDir
    Path dir;
    final List<String> fetched = new ArrayList<>();
    final Map<String, String> depends = Map.of(
            "ls", "libc6 (>= 2.34), libselinux1 (>= 3.1~), python3",
            "libselinux1", "libc6 (>= 2.34), libpcre2-8-0 (>= 10.22)",
            "libpcre2-8-0", "libc6 (>= 2.14)",
            "libc6", "libgcc-s1");

    /** A package of the host's own files: ls, libselinux1, libpcre2-8-0 and libc6 as Debian lays them out. */
    GuestTools.Unpacked pkg(String name) throws IOException {
        fetched.add(name);
        Path tree = dir.resolve(name);
        String lib = "usr/lib/x86_64-linux-gnu/";
        switch (name) {
            case "ls" -> put(tree, "usr/bin/ls", Path.of("/bin/ls"));
            case "libselinux1" -> put(tree, lib + "libselinux.so.1", HOST_LIBS.resolve("libselinux.so.1"));
            case "libpcre2-8-0" -> {
                Path real = HOST_LIBS.resolve("libpcre2-8.so.0").toRealPath();
                put(tree, lib + real.getFileName(), real);
                link(tree, lib + "libpcre2-8.so.0", real.getFileName().toString());
            }
            case "libc6" -> {
                put(tree, "lib/x86_64-linux-gnu/libc.so.6", HOST_LIBS.resolve("libc.so.6"));
                put(tree, "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", HOST_LIBS.resolve("ld-linux-x86-64.so.2"));
                link(tree, "lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
            }
            default -> throw new VmbenchException("E: Unable to locate package " + name);
        }
        return new GuestTools.Unpacked(name, "1.0-" + name.length(), dir.resolve(name + ".deb"), tree,
                DebDepends.groups(depends.get(name)));
    }

    private static void put(Path tree, String path, Path from) throws IOException {
        Files.createDirectories(tree.resolve(path).getParent());
        Files.copy(from, tree.resolve(path));
    }

    private static void link(Path tree, String path, String target) throws IOException {
        Files.createDirectories(tree.resolve(path).getParent());
        Files.createSymbolicLink(tree.resolve(path), Path.of(target));
    }

    @Test
    void theProgramItsLibrariesTheirLibrariesAndTheLoaderNothingElse() throws Exception {
        List<List<String>> prefetched = new ArrayList<>();
        GuestTools.Packages packages = new GuestTools.Packages() {
            @Override
            public GuestTools.Unpacked get(String pkg) throws IOException {
                return pkg(pkg);
            }

            @Override
            public void prefetch(List<String> pkgs) {
                prefetched.add(pkgs);
            }
        };
        GuestTools.Result r = new GuestTools(packages, line -> { }).resolve(List.of("ls"));
        assertThat(prefetched).as("what ls needs, named like its packages, asked for at once")
                .containsExactly(List.of("libc6", "libselinux1"));

        assertThat(fetched).as("python3 is in the Depends, not in the ELF's needs")
                .containsExactlyInAnyOrder("ls", "libc6", "libselinux1", "libpcre2-8-0");
        GuestTool ls = r.tools().get(0);
        assertThat(ls.program()).isEqualTo("/usr/bin/ls");
        assertThat(ls.version()).isEqualTo("1.0-2");
        assertThat(ls.libraries()).contains("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/lib/x86_64-linux-gnu/libselinux.so.1", "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0");
        assertThat(ls.libraryPackages()).containsExactlyInAnyOrder("libc6 1.0-5", "libselinux1 1.0-11",
                "libpcre2-8-0 1.0-12");
        assertThat(ls.summary()).isEqualTo("ls 1.0-2 (+4 libraries from 3 packages)");

        List<String> links = r.files().stream().filter(f -> f.linkTarget() != null)
                .map(f -> f.path() + " -> " + f.linkTarget()).toList();
        assertThat(links).contains("/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0 -> "
                        + HOST_LIBS.resolve("libpcre2-8.so.0").toRealPath().getFileName());
        List<String> copied = r.files().stream().filter(f -> f.source() != null).map(GuestTools.GuestFile::path)
                .toList();
        assertThat(copied).contains("/usr/bin/ls", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
                .doesNotHaveDuplicates();
        assertThat(r.files().stream().filter(GuestTools.GuestFile::program).map(GuestTools.GuestFile::path))
                .containsExactly("/usr/bin/ls");
        assertThat(r.debs()).hasSize(4);
    }

    @Test
    void aSonameNoDependsHoldsIsOneLineNamingItAndTheProgram() {
        Map<String, String> without = Map.of("ls", "libc6, python3", "libc6", "");
        GuestTools tools = new GuestTools(name -> {
            GuestTools.Unpacked u = pkg(name);
            return new GuestTools.Unpacked(u.name(), u.version(), u.deb(), u.tree(),
                    DebDepends.groups(without.get(name)));
        }, line -> { });
        assertThatThrownBy(() -> tools.resolve(List.of("ls")))
                .hasMessage("guest tool ls: the library libselinux.so.1 that /usr/bin/ls needs is in none of the "
                        + "packages ls depends on (libc6, python3)");
    }

    @Test
    void aPackageWithoutTheProgramOrWithoutThePackageIsOneLine() {
        assertThatThrownBy(() -> new GuestTools(this::pkg, line -> { }).resolve(List.of("libc6")))
                .hasMessageStartingWith("guest tool libc6: the package libc6 1.0-5 has no program libc6 in /usr/bin");
        assertThatThrownBy(() -> new GuestTools(this::pkg, line -> { }).resolve(List.of("nosuch")))
                .hasMessage("guest tool nosuch: E: Unable to locate package nosuch");
    }

    @Test
    void theSearchPathIsTheRunpathThenTheLoadersDefault() {
        ElfDynamic ceph = new ElfDynamic(null, List.of("libceph-common.so.2"), "librados.so.2",
                List.of("/usr/lib/x86_64-linux-gnu/ceph", "$ORIGIN/../private"), List.of("/ignored"));
        assertThat(GuestTools.searchPath(ceph, "/usr/lib/x86_64-linux-gnu")).containsExactly(
                "/usr/lib/x86_64-linux-gnu/ceph", "/usr/lib/private", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib");
        assertThat(GuestTools.normalize("/lib64/../lib/./x86_64-linux-gnu//libc.so.6"))
                .isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(GuestTools.normalize("/../../etc")).isEqualTo("/etc");
    }
}
