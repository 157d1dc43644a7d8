package dev.vmbench.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;
import dev.vmbench.it.Await;

class HostCommandTest {

    static final String HINT = "the caller's generic hint";
    static final String UNSANDBOXED = "W: Download is performed unsandboxed as root as file '/x/busybox.deb' "
            + "couldn't be accessed by user '_apt'. - pkgAcquire::Run (13: Permission denied)";

    @TempDir
    Path dir;

    /** A fake apt-get: prints the given lines (to stderr, as apt does) and exits with the status. */
    Path aptGet(int exit, String... lines) throws Exception {
        StringBuilder sh = new StringBuilder("#!/bin/sh\n");
        for (String l : lines) {
            sh.append("printf '%s\\n' '").append(l.replace("'", "'\\''")).append("' >&2\n");
        }
        sh.append("exit ").append(exit).append('\n');
        Path script = dir.resolve("apt-get");
        Files.writeString(script, sh);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    VmbenchException fails(Path script) {
        VmbenchException e = catchThrowableOfType(() -> HostCommand.run(
                List.of(script.toString(), "download", "busybox-static"), dir, dir, Duration.ofSeconds(30), HINT),
                VmbenchException.class);
        assertThat(e).as("the program failed, so run must throw").isNotNull();
        return e;
    }

    @Test
    void fullDiskIsNamedWithTheFolderNotAsAnAptUpdateProblem() throws Exception {
        VmbenchException e = fails(aptGet(100, "Get:1 http://deb.debian.org/debian bookworm/main busybox [928 kB]",
                "E: Failed to fetch http://deb.debian.org/busybox.deb  Write error - write (28: No space left on device)",
                "E: Some files failed to download"));
        assertThat(e.getMessage()).isEqualTo("apt-get download failed: no space left on device in " + dir
                + ": free some space there and try again");
        assertThat(e.details()).isNull();
    }

    @Test
    void permissionDeniedQuotesTheLineAndNamesTheFolder() throws Exception {
        VmbenchException e = fails(aptGet(100,
                "E: Could not open file /x/busybox.deb - open (13: Permission denied)"));
        assertThat(e.getMessage()).startsWith("apt-get download failed: permission denied (E: Could not open file")
                .contains("fix the permissions of " + dir).doesNotContain("apt-get update").doesNotContain("\n");
    }

    @Test
    void unknownPackageGivesTheAptUpdateHintEvenWithTheUnsandboxedWarning() throws Exception {
        VmbenchException e = fails(aptGet(100, UNSANDBOXED, "E: Unable to locate package busybox-statik"));
        assertThat(e.getMessage()).isEqualTo("apt-get download failed: package not found "
                + "(E: Unable to locate package busybox-statik): run 'apt-get update' as root, then try again");
    }

    @Test
    void networkFailuresAreNamed() throws Exception {
        VmbenchException e = fails(aptGet(100, "Err:1 http://deb.debian.org/debian bookworm/main busybox",
                "  Could not resolve 'deb.debian.org'",
                "E: Failed to fetch http://deb.debian.org/busybox.deb  Could not resolve 'deb.debian.org'"));
        assertThat(e.getMessage()).startsWith("apt-get download failed: network failure (Could not resolve "
                + "'deb.debian.org')").contains("check the network");
        VmbenchException refused = fails(aptGet(100,
                "E: Failed to fetch http://10.0.0.1/busybox.deb  Could not connect to 10.0.0.1:80 - connect "
                        + "(111: Connection refused)"));
        assertThat(refused.getMessage()).contains("network failure");
    }

    @Test
    void theUnsandboxedWarningAloneIsNoFailure() throws Exception {
        Path script = aptGet(0, UNSANDBOXED);
        String out = HostCommand.run(List.of(script.toString(), "download", "busybox-static"), dir, dir,
                Duration.ofSeconds(30), HINT);
        assertThat(out).contains("unsandboxed");
    }

    @Test
    void anUnknownCauseKeepsTheLastErrorLineTheHintAndTheOutputAsDetails() throws Exception {
        VmbenchException e = fails(aptGet(3, UNSANDBOXED, "E: Something nobody foresaw", "N: a notice"));
        assertThat(e.getMessage()).isEqualTo("apt-get download failed (exit 3): E: Something nobody foresaw; "
                + HINT);
        assertThat(e.details()).contains("Something nobody foresaw");
    }

    @Test
    void interruptKillsTheProgramAndWhatItStarted() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = dir.resolve("slow");
        Files.writeString(script, "#!/bin/sh\nsleep 600 &\necho \"$$ $!\" > " + pids + ".tmp\nmv " + pids
                + ".tmp " + pids + "\nwait\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                HostCommand.run(List.of(script.toString()), dir, Duration.ofMinutes(5), HINT);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Await.until("the script to start", Duration.ofSeconds(20), () -> Files.exists(pids));
        List<Long> started = List.of(Files.readString(pids).strip().split(" ")).stream().map(Long::parseLong).toList();

        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(t.isAlive()).as("run returned promptly").isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        for (long pid : started) {
            assertThat(Await.alive(pid)).as("pid " + pid + " still alive").isFalse();
        }
    }

    @Test
    void anInterruptBeforeTheStartRunsNothing() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> HostCommand.run(List.of("touch", dir.resolve("ran").toString()), dir,
                Duration.ofSeconds(10), HINT)).isInstanceOf(InterruptedException.class);
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void programNamesCarryTheirSubcommand() {
        assertThat(HostCommand.name(List.of("apt-get", "download", "x"))).isEqualTo("apt-get download");
        assertThat(HostCommand.name(List.of("/usr/sbin/mke2fs", "-q"))).isEqualTo("mke2fs");
        assertThat(HostCommand.name(List.of("/work/x/busybox", "--list-full"))).isEqualTo("busybox");
    }
}
