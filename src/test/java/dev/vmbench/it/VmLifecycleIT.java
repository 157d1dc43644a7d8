package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vmbench.VmbenchException;
import dev.vmbench.console.ConsoleWatch;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.session.VmState;

/**
 * Real QEMU guests under a pty (TCG on machines without a usable KVM). Two VMs, one per machine type,
 * are shared by the tests; tests that end a VM boot their own. Every VM is ended in {@link #endAll}.
 */
class VmLifecycleIT {

    static final Duration BOOT = Duration.ofSeconds(120);
    static final SessionRegistry registry = new SessionRegistry();
    static final VmLauncher launcher = TestImage.launcher();
    static VmSession microvm;
    static VmSession q35;

    static VmSession boot(VmSpec spec) throws InterruptedException {
        String name = registry.claim(spec.name(), "qemu");
        try {
            VmSession s = launcher.start(launcher.prepare(spec), BOOT, line -> System.out.println("[boot] " + line));
            registry.add(s);
            return s;
        } finally {
            registry.release(name);
        }
    }

    @BeforeAll
    static void bootShared() throws InterruptedException {
        microvm = boot(TestImage.spec("it-microvm", "qemu-microvm"));
        q35 = boot(TestImage.spec("it-q35", "qemu-q35"));
    }

    @AfterAll
    static void endAll() throws InterruptedException {
        List<VmSession> all = registry.list();
        registry.close();
        for (VmSession s : all) {
            assertThat(Await.alive(s.pid())).as("%s must be gone", s).isFalse();
        }
    }

    @Test
    void bothMachineTypesReachTheSeedPrompt() {
        for (VmSession s : List.of(microvm, q35)) {
            assertThat(s.state()).isEqualTo(VmState.READY);
            assertThat(s.bootTime()).isPresent();
            assertThat(s.bootTime().get()).isBetween(Duration.ofMillis(100), BOOT);
            assertThat(Await.alive(s.pid())).isTrue();
            List<String> last = s.console().scrollback().lastLines(3);
            assertThat(last.get(last.size() - 1)).isEqualTo("(none):~# ");
        }
        assertThat(microvm.plan().argv()).containsSequence("-M", "microvm,rtc=off");
        assertThat(q35.plan().argv()).containsSequence("-M", "q35");
    }

    @Test
    void guestShellRunsWhatIsTyped() throws Exception {
        for (VmSession s : List.of(microvm, q35)) {
            try (ConsoleWatch w = s.console().watch()) {
                s.console().send("echo sum=$((40+2)); cat /proc/cmdline\n");
                w.await(Pattern.compile("sum=42"), 20, TimeUnit.SECONDS);
                ConsoleWatch.Match m = w.await(Pattern.compile("root=/dev/vda[^\\r\\n]*(?=\\r)"), 20, TimeUnit.SECONDS);
                assertThat(m.matched()).contains("panic=-1");
                w.await(Pattern.compile("\\(none\\):~# "), 20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void vmKilledFromOutsideTurnsDeadAndTheOthersCarryOn() throws Exception {
        VmSession victim = boot(TestImage.spec("it-victim", "qemu-microvm"));
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
        assertThat(victim.awaitExit(Duration.ofSeconds(20))).isTrue();
        assertThat(victim.state()).isEqualTo(VmState.DEAD);
        VmExit exit = victim.exit().orElseThrow();
        assertThat(exit.code()).isEqualTo(137);
        assertThat(exit.requested()).isFalse();
        assertThat(exit.lastLines()).isNotEmpty();
        assertThatThrownBy(() -> registry.getLive("it-victim")).hasMessageContaining("it-victim is dead (the hypervisor was killed (exit 137");
        assertThat(microvm.state()).isEqualTo(VmState.READY);
        assertThat(q35.state()).isEqualTo(VmState.READY);
    }

    @Test
    void guestPanicEndsTheSessionWithTheLastConsoleLines() throws Exception {
        VmSession s = boot(TestImage.spec("it-panic", "qemu-q35"));
        s.console().send("echo c > /proc/sysrq-trigger\n");
        assertThat(s.awaitExit(Duration.ofSeconds(60))).isTrue();
        VmExit exit = s.exit().orElseThrow();
        assertThat(exit.requested()).isFalse();
        assertThat(String.join("\n", exit.lastLines())).contains("Kernel panic");
        assertThat(microvm.state()).isEqualTo(VmState.READY);
    }

    @Test
    void bootThatMissesTheDeadlineIsKilledAndShowsTheConsole() throws Exception {
        VmSpec spec = TestImage.spec("it-slow", "qemu-microvm");
        assertThatThrownBy(() -> launcher.start(launcher.prepare(spec), Duration.ofMillis(400), l -> { }))
                .isInstanceOf(VmbenchException.class)
                .hasMessageContaining("it-slow did not reach the guest prompt within")
                .satisfies(e -> assertThat(((VmbenchException) e).details()).isNotBlank());
        assertThat(qemuProcessesNamed("it-slow")).isEmpty();
    }

    @Test
    void hypervisorErrorBeforeThePromptIsReported() throws Exception {
        VmSpec base = TestImage.spec("it-badargs", "qemu-microvm");
        VmSpec bad = new VmSpec(base.name(), base.hypervisor(), base.kernel(), base.initrd(), base.rootfs(),
                base.memMiB(), base.cpus(), null, base.accel(), false, null, List.of("-no-such-option"));
        assertThatThrownBy(() -> launcher.start(launcher.prepare(bad), BOOT, l -> { }))
                .isInstanceOf(VmbenchException.class)
                .hasMessageContaining("hypervisor ended before the guest prompt: the hypervisor failed (exit 1)")
                .satisfies(e -> assertThat(((VmbenchException) e).details()).contains("-no-such-option"));
        assertThat(qemuProcessesNamed("it-badargs")).isEmpty();
    }

    @Test
    void missingKernelIsRefusedBeforeAnythingStarts() throws Exception {
        VmSpec base = TestImage.spec("it-nokernel", "qemu-microvm");
        VmSpec bad = new VmSpec(base.name(), base.hypervisor(), Path.of("/nonexistent/vmlinuz"), base.initrd(),
                base.rootfs(), base.memMiB(), base.cpus(), null, base.accel(), false, null, List.of());
        assertThatThrownBy(() -> launcher.prepare(bad))
                .isInstanceOf(VmbenchException.class)
                .hasMessageStartingWith("kernel file /nonexistent/vmlinuz does not exist");
    }

    @Test
    void stopPowersTheGuestOffCleanly() throws Exception {
        VmSession s = boot(TestImage.spec("it-stop", "qemu-microvm"));
        VmExit exit = s.stop(Duration.ofSeconds(20));
        assertThat(exit.code()).isZero();
        assertThat(exit.requested()).isTrue();
        assertThat(String.join("\n", exit.lastLines())).contains("reboot: Power down");
        assertThat(Await.alive(s.pid())).isFalse();
        assertThat(s.stop(Duration.ofSeconds(1))).isSameAs(exit); // stopping twice is harmless
    }

    static List<ProcessHandle> qemuProcessesNamed(String name) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("qemu-system") && c.contains("-name " + name))
                        .orElse(false))
                .toList();
    }
}
