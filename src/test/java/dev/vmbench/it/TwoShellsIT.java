package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.benchmark.ShellUnderTest;
import dev.vmbench.image.ImageLayout;

/**
 * Two shells on one VMBENCH_HOME, each with a VM of the same name, recording at the same moment: nothing is lost
 * or mixed (transcripts, console logs, VM folders, the results of {@code --session}). The home is new and the
 * umask 022, so the test ends by checking that every file vmbench wrote there and in its config folder is 0600
 * and every folder 0700.
 */
class TwoShellsIT {

    @TempDir
    Path dir;

    ShellUnderTest shell(Path home, Path config) throws Exception {
        ShellUnderTest s = ShellUnderTest.start(TestImage.host(), List.of("sh", "-c", "umask 022; exec " + TestImage.LAUNCHER),
                Map.of("VMBENCH_HOME", home.toString(), "XDG_CONFIG_HOME", config.toString()), dir);
        s.await(ShellUnderTest.PROMPT, 0, 60);
        return s;
    }

    static String bootLine(ImageLayout image) {
        return "boot --name g --mem 256M --cpus 1 --log --kernel " + image.bzImage() + " --initrd " + image.initramfs()
                + " --rootfs " + image.rootfs();
    }

    static String recordingFile(String out) {
        Matcher m = Pattern.compile("recording g to (\\S+?\\.cast)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Test
    void twoShellsNeverLoseOrMixEachOthersData() throws Exception {
        ImageLayout image = TestImage.get();
        Path home = dir.resolve("home");
        Path config = dir.resolve("config");
        try (ShellUnderTest a = shell(home, config); ShellUnderTest b = shell(home, config)) {
            int ma = a.mark();
            int mb = b.mark();
            a.send(bootLine(image) + "\r");
            b.send(bootLine(image) + "\r");
            a.await("g is ready", ma, 180);
            b.await("g is ready", mb, 180);
            a.await(ShellUnderTest.PROMPT, a.output(0).indexOf("g is ready", ma), 30);
            b.await(ShellUnderTest.PROMPT, b.output(0).indexOf("g is ready", mb), 30);

            // both start recording in the same second: two files
            ma = a.mark();
            mb = b.mark();
            a.send("transcript start --vm g\r");
            b.send("transcript start --vm g\r");
            a.await(".cast", ma, 30);
            b.await(".cast", mb, 30);
            String castA = recordingFile(a.output(ma));
            String castB = recordingFile(b.output(mb));
            assertThat(castA).isNotEqualTo(castB);

            assertThat(a.command("run g 'echo from-a' --repeat 2", 60)).contains("2 runs");
            assertThat(b.command("run g 'echo from-b' --repeat 2", 60)).contains("2 runs");
            a.command("transcript stop", 30);
            b.command("transcript stop", 30);
            assertThat(Files.readString(Path.of(castA))).contains("from-a").doesNotContain("from-b");
            assertThat(Files.readString(Path.of(castB))).contains("from-b").doesNotContain("from-a");

            // an existing file is not overwritten without --force
            String refused = a.command("transcript start --vm g --file " + castB, 30);
            assertThat(refused).contains("Error:").contains(castB).contains("--force");
            assertThat(Files.readString(Path.of(castB))).contains("from-b");

            // each shell's console log is its own
            List<Path> logs;
            try (Stream<Path> s = Files.list(home.resolve("state/logs"))) {
                logs = s.filter(p -> p.getFileName().toString().startsWith("g-")).toList();
            }
            assertThat(logs).hasSize(2);
            assertThat(logs.stream().map(p -> read(p).contains("from-a") ? "a" : read(p).contains("from-b") ? "b" : "?")
                    .sorted().toList()).containsExactly("a", "b");

            // --session means this shell's runs only
            String listA = a.command("results list --session", 30);
            assertThat(listA).contains("echo from-a").doesNotContain("echo from-b");
            String listB = b.command("results list --session", 30);
            assertThat(listB).contains("echo from-b").doesNotContain("echo from-a");

            // files users name, and the profiles file
            a.command("meminfo g --save " + home.resolve("captures/g.meminfo"), 60);
            a.command("report --out " + home.resolve("reports/r.html"), 60);
            assertThat(a.command("profile save --name mine --mem 512M", 30)).contains("saved profile mine");
            a.send("exit\r");
            b.send("exit\r");
            assertThat(a.awaitExit(30)).isTrue();
            assertThat(b.awaitExit(30)).isTrue();
        }
        assertEverythingIsPrivate(home);
        assertEverythingIsPrivate(config);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static void assertEverythingIsPrivate(Path root) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (!mode.equals(expected)) {
                    wrong.add(mode + " " + p);
                }
            }
        }
        assertThat(wrong).as("files and folders that are not private under " + root).isEmpty();
    }
}
