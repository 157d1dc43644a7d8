package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vmbench.benchmark.ShellUnderTest;

/**
 * A full disk, in one shell: VMBENCH_HOME on a small tmpfs (CI runs as root), filled up before each of
 * {@code image build}, {@code boot} and {@code run}. Each fails with one line naming the path and "no space
 * left on device" (a run's own output is still shown, with a warning that it was not recorded), and each works
 * again in the same shell once space is back.
 */
class FullDiskIT {

    static final Path MOUNT = Path.of("target", "fulldisk").toAbsolutePath();
    Path home;
    Path filler;
    boolean mounted;

    @BeforeEach
    void mount() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "SKIPPED: mounting a tmpfs needs root (CI runs as root)");
        Files.createDirectories(MOUNT);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=400m,mode=0700", "tmpfs", MOUNT.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "SKIPPED: cannot mount a tmpfs here: " + out);
        mounted = true;
        home = MOUNT.resolve("home");
        filler = MOUNT.resolve("filler");
        seedDownloads();
    }

    /** The verified .deb files of the tests' image, so the build needs no network. */
    void seedDownloads() throws IOException {
        Path from = TestImage.HOME.resolve("images/default/downloads");
        Path to = home.resolve("images/default/downloads");
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", MOUNT.toString()).start().waitFor();
        }
    }

    /** Fills the disk, leaving about {@code leaveKiB} free. */
    void fill(long leaveKiB) throws IOException {
        Files.deleteIfExists(filler);
        long free = Files.getFileStore(MOUNT).getUsableSpace() / 1024;
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long left = free - leaveKiB; left > 0; left -= 1024) {
                out.write(block, 0, (int) Math.min(left, 1024) * 1024);
            }
        } catch (IOException e) {
            // full already: that is what we want
        }
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    static void oneErrorLine(String out, String... contains) {
        List<String> errors = out.lines().filter(l -> l.contains("Error:")).toList();
        assertThat(errors).as(out).hasSize(1);
        for (String c : contains) {
            assertThat(errors.get(0)).contains(c);
        }
        assertThat(out).doesNotContain("\tat ").doesNotContainIgnoringCase("exception").doesNotContain("vmbench bug");
    }

    @Test
    void imageBuildBootAndRunEachFailWithOneLineAndWorkAgainOnceSpaceIsBack() throws Exception {
        TestImage.get();
        Files.createDirectories(home);
        try (ShellUnderTest shell = ShellUnderTest.start(TestImage.host(), List.of(TestImage.LAUNCHER.toString()),
                Map.of("VMBENCH_HOME", home.toString(), "XDG_CONFIG_HOME", MOUNT.resolve("config").toString()),
                MOUNT)) {
            shell.await(ShellUnderTest.PROMPT, 0, 60);

            fill(1024);
            String out = shell.command("image build --random-mib 1", 300);
            oneErrorLine(out, "no space left on device", MOUNT.toString());
            free();
            out = shell.command("image build --random-mib 1", 300);
            assertThat(out).contains("Image ready");

            fill(0);
            out = shell.command("boot --name f --mem 256M --cpus 1", 120);
            oneErrorLine(out, "no space left on device", home.resolve("native").toString());
            assertThat(out).contains("no VM could be started");
            free();
            out = shell.command("boot --name f --mem 256M --cpus 1", 180);
            assertThat(out).contains("f is ready");

            fill(0);
            out = shell.command("run f 'echo hi-$((6*7))'", 60);
            assertThat(out).contains("hi-42\r\n").contains("exit 0")
                    .contains("warning: the run was not recorded in " + home.resolve("state/results.jsonl"))
                    .contains("no space left on device");
            assertThat(out).doesNotContain("Error:").doesNotContain("\tat ");
            free();
            out = shell.command("run f 'echo again'", 60);
            assertThat(out).contains("again\r\n").doesNotContain("warning");
            assertThat(Files.readString(home.resolve("state/results.jsonl"))).contains("\"command\":\"echo again\"")
                    .doesNotContain("hi-$((6*7))"); // the unrecorded run left no half record behind
            shell.command("stop f", 60);
        }
    }
}
