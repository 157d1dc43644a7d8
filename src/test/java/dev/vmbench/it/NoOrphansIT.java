package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/** No hypervisor outlives vmbench, however vmbench ends, and the disk is not left locked. */
class NoOrphansIT {

    @Test
    void sigkillOfTheJvmTakesTheVmsWithItAndFreesTheDisk(@TempDir Path dir) throws Exception {
        Path disk = Files.copy(TestImage.get().rootfs(), dir.resolve("rw.ext4"));
        ProcessHandle qemu = bootInShellThenEnd("sigkill", "--persistent --rootfs " + disk, "-KILL");

        // a second writer gets the disk's write lock only if no orphan holds it
        VmLauncher launcher = TestImage.launcher();
        VmSpec base = TestImage.spec("it-relock", "qemu-microvm");
        VmSpec rw = new VmSpec(base.name(), base.hypervisor(), base.kernel(), base.initrd(), disk, base.memMiB(),
                base.cpus(), null, base.accel(), true, null, List.of());
        VmSession s = launcher.start(launcher.prepare(rw), Duration.ofSeconds(120), l -> { });
        try {
            assertThat(s.isAlive()).isTrue();
        } finally {
            s.kill();
        }
        assertThat(qemu.isAlive()).isFalse();
    }

    @Test
    void sigtermOfTheJvmStopsTheVms() throws Exception {
        TestImage.get();
        bootInShellThenEnd("sigterm", "", "-TERM");
    }

    @Test
    void sigkillOfTheJvmDuringAConcurrentBootOfFourLeavesNoHypervisor() throws Exception {
        TestImage.get();
        ProcessHandle java = null;
        List<ProcessHandle> qemus = List.of();
        try (Tmux t = Tmux.start("sigkill-many", 150, 40)) {
            java = t.openVmbench("java -jar " + TestImage.JAR);
            t.line("boot --count 4 --mem 256M --cpus 1");
            ProcessHandle j = java;
            Await.until("four hypervisors booting", Duration.ofSeconds(60), () -> qemus(j).size() == 4, t::screen);
            qemus = qemus(java);
            assertThat(t.screen()).doesNotContain("ready after"); // in the middle of the boot
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(java.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            Await.until("the JVM to end after kill -KILL", Duration.ofSeconds(30), () -> !j.isAlive());
            List<ProcessHandle> q = qemus;
            Await.until("all four hypervisors to end after the JVM got SIGKILL", Duration.ofSeconds(15),
                    () -> q.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            if (java != null && java.isAlive()) {
                java.destroyForcibly();
            }
            qemus.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<ProcessHandle> qemus(ProcessHandle java) {
        return java.children().filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                .toList();
    }

    /** Boots one VM in an interactive vmbench, signals the JVM, and waits for both to be gone. */
    static ProcessHandle bootInShellThenEnd(String name, String bootArgs, String signal) throws Exception {
        ProcessHandle java = null;
        ProcessHandle qemu = null;
        try (Tmux t = Tmux.start(name, 150, 40)) {
            java = t.openVmbench("java -jar " + TestImage.JAR);
            int m = t.mark();
            t.line("boot " + bootArgs);
            t.waitFor("qemu1 is ready", m, Duration.ofSeconds(150));
            qemu = java.children().filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                    .findFirst().orElseThrow();
            assertThat(qemu.isAlive()).isTrue();
            Process kill = new ProcessBuilder("kill", signal, Long.toString(java.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            ProcessHandle j = java;
            ProcessHandle q = qemu;
            Await.until("the JVM to end after kill " + signal, Duration.ofSeconds(30), () -> !j.isAlive());
            Await.until("qemu " + q.pid() + " to end after the JVM got " + signal, Duration.ofSeconds(15),
                    () -> !q.isAlive());
            return qemu;
        } finally {
            if (java != null && java.isAlive()) {
                java.destroyForcibly();
            }
            if (qemu != null && qemu.isAlive()) {
                qemu.destroyForcibly();
            }
        }
    }
}
