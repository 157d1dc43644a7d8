package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.host.KvmCheck;
import dev.vmbench.host.LocalHost;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Extras;
import dev.vmbench.hypervisor.FirecrackerHypervisor;
import dev.vmbench.hypervisor.LaunchContext;
import dev.vmbench.hypervisor.LaunchPlan;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.memdiff.MeminfoCapture;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.session.VmState;

/**
 * Firecracker: the real thing where it can run, vmbench's refusals where it cannot, and vmbench's process
 * handling against a named test double.
 */
class FirecrackerIT {

    static final Duration T = Duration.ofSeconds(60);
    static final LocalHost HOST = TestImage.host();

    static VmSpec spec(String name, Extras extras) throws InterruptedException {
        ImageLayout l = TestImage.get();
        return new VmSpec(name, "firecracker", l.vmlinux(), l.initramfs(), l.rootfs(), 512, 2, null, Accel.AUTO,
                false, null, List.of(), extras);
    }

    /** Where a real firecracker is, the way vmbench looks for it; empty when there is none. */
    static Optional<Path> realFirecracker() {
        String env = System.getenv("VMBENCH_FIRECRACKER");
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        return HOST.findProgram("firecracker");
    }

    @Test
    void bootsTheDefaultGuestInRealFirecracker() throws Exception {
        Optional<Path> fc = realFirecracker();
        KvmCheck kvm = HOST.kvm();
        String skip = fc.isEmpty() ? "no firecracker binary (not on PATH, VMBENCH_FIRECRACKER not set)"
                : !kvm.usable() ? "KVM is not usable here: " + kvm.reason() : null;
        if (skip != null) {
            System.out.println("[FirecrackerIT] SKIPPED the real Firecracker boot: " + skip);
        }
        Assumptions.assumeTrue(skip == null, skip);

        VmLauncher launcher = TestImage.launcher();
        VmSession vm = launcher.start(launcher.prepare(spec("fc-real", Extras.NONE.withBinary(fc.get()))), T, l -> { });
        try {
            assertThat(vm.state()).isEqualTo(VmState.READY);
            ExecResult r = GuestExec.run(vm, "time sha256sum /random.txt", T);
            assertThat(r.exitCode()).isZero();
            assertThat(r.output()).contains(Files.readString(TestImage.get().randomSha256()).strip().split("\\s+")[0]);
            assertThat(r.guestTime()).isPresent();
            MeminfoCapture.Capture m = MeminfoCapture.capture(vm);
            assertThat(m.meminfo().fields()).containsKey("MemTotal");
            assertThat(m.meminfo().fields().get("MemTotal").value()).isBetween(400_000L, 512L * 1024);
            // the host side: Firecracker's guest RAM is one anonymous mapping of mem_size_mib (below 3 GiB)
            dev.vmbench.overhead.HostCost cost = dev.vmbench.overhead.Overhead.measure(vm);
            assertThat(cost.memory().guestRamFound()).startsWith("1 anonymous rw-p mapping of 512 MiB");
            assertThat((double) cost.memory().guestRam().rss() + cost.memory().overhead().rss())
                    .isCloseTo(cost.vmRss().orElseThrow(), org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(cost.memory().translationCache()).as("no TCG under KVM").isEmpty();
            assertThat(vm.bootPhases().orElseThrow().prompt()).isPositive();
            assertThat(r.vmmCpuSeconds()).isPresent();
        } finally {
            vm.stop(Duration.ofSeconds(10));
        }
        assertThat(Await.alive(vm.pid())).isFalse();
    }

    @Test
    void withoutABinaryTheBootIsRefusedSayingWhereVmbenchLooked() throws Exception {
        Assumptions.assumeTrue(realFirecracker().isEmpty(), "a firecracker binary exists here");
        assertThatThrownBy(() -> TestImage.launcher().prepare(spec("fc-none", Extras.NONE)))
                .isInstanceOf(VmbenchException.class)
                .hasMessageContaining("firecracker not found; looked in VMBENCH_FIRECRACKER")
                .hasMessageContaining("PATH (")
                .hasMessageContaining("--firecracker-binary");
    }

    @Test
    void withoutUsableKvmTheBootIsRefusedSayingWhy(@TempDir Path dir) throws Exception {
        KvmCheck kvm = HOST.kvm();
        Assumptions.assumeFalse(kvm.usable(), "KVM is usable here");
        Path standIn = StandIn.install(dir);
        assertThatThrownBy(() -> TestImage.launcher().prepare(spec("fc-nokvm", Extras.NONE.withBinary(standIn))))
                .isInstanceOf(VmbenchException.class)
                .hasMessage("firecracker needs KVM, and KVM is not usable here: " + kvm.reason());
    }

    @Test
    void aCompressedKernelIsRefusedBeforeAnythingStarts() throws Exception {
        VmSpec bz = spec("fc-bz", Extras.NONE);
        VmSpec withBzImage = new VmSpec(bz.name(), bz.hypervisor(), TestImage.get().bzImage(), bz.initrd(), bz.rootfs(),
                bz.memMiB(), bz.cpus(), null, Accel.AUTO, false, null, List.of(), bz.extras());
        assertThatThrownBy(() -> TestImage.launcher().prepare(withBzImage))
                .isInstanceOf(VmbenchException.class)
                .hasMessageContaining("is not an uncompressed ELF vmlinux");
        assertThat(TestImage.paths().vmState("fc-bz")).doesNotExist();
    }

    @Test
    void aDryRunPrintsThePlanAndListsWhatWouldStopARealBoot() throws Exception {
        PreparedVm p = TestImage.launcher().prepare(spec("fc-dry", Extras.NONE), true);
        assertThat(p.plan().argv()).contains("--no-api", "--config-file");
        assertThat(p.plan().files().values()).singleElement().asString().contains("\"boot-source\"");
        if (realFirecracker().isEmpty() || !HOST.kvm().usable()) {
            assertThat(p.problems()).isNotEmpty();
        }
        assertThat(TestImage.paths().vmState("fc-dry")).doesNotExist();
    }

    @Test
    void aFirecrackerOlderThan18IsRefusedForAKernelThatCannotSeeItsDisk(@TempDir Path dir) throws Exception {
        Path standIn = StandIn.install(dir);
        Files.writeString(dir.resolve("version"), "v1.7.0");
        PreparedVm old = TestImage.launcher().prepare(spec("fc-old", Extras.NONE.withBinary(standIn)), true);
        assertThat(old.problems()).anyMatch(p -> p.startsWith("Firecracker v1.7.0 tells the guest about its disk only on"
                + " the kernel command line (ACPI came in 1.8)") && p.contains("use Firecracker 1.8 or newer"));
        Files.writeString(dir.resolve("version"), "v1.8.0");
        PreparedVm current = TestImage.launcher().prepare(spec("fc-new", Extras.NONE.withBinary(standIn)), true);
        assertThat(current.problems()).noneMatch(p -> p.contains("ACPI came in 1.8"));
    }

    /**
     * vmbench's handling of a firecracker process, against {@code firecracker-stand-in.sh}: a TEST DOUBLE
     * that checks its argv and config file, then serves a host shell on the pty. It is not Firecracker;
     * {@link FirecrackerIT#bootsTheDefaultGuestInRealFirecracker} is the real test.
     */
    @Nested
    class WithTheStandInTestDouble {

        @TempDir
        Path dir;


        @Test
        void runsWithAPrivateConfigAndDiskThatAreGoneWhenItEnds() throws Exception {
            Path standIn = StandIn.install(dir);
            VmSpec spec = spec("fc-standin", Extras.NONE);
            PreparedVm p = planWithStandIn(spec, standIn);
            Path stateDir = p.context().stateDir();
            Path config = stateDir.resolve("firecracker.json");
            VmSession vm = TestImage.launcher().start(p, T, l -> { });
            try {
                String seen = Files.readString(dir.resolve("calls.log"));
                assertThat(seen).startsWith("OK mode=no-api config=" + config)
                        .contains("kernel=" + TestImage.get().vmlinux())
                        .contains("disk=" + stateDir.resolve("rootfs.ext4"));
                assertThat(vm.state()).isEqualTo(VmState.READY);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve("rootfs.ext4"))))
                        .isEqualTo("rw-------");
                ExecResult r = GuestExec.run(vm, "echo through-the-pty; exit_with() { return $1; }; exit_with 3", T);
                assertThat(r.output()).isEqualTo("through-the-pty\n");
                assertThat(r.exitCode()).isEqualTo(3);
            } finally {
                VmExit exit = vm.stop(Duration.ofSeconds(10));
                assertThat(exit.requested()).isTrue();
            }
            assertThat(Await.alive(vm.pid())).isFalse();
            assertThat(config).doesNotExist();
            assertThat(stateDir).doesNotExist();
            assertThat(TestImage.get().rootfs()).exists();
        }

        @Test
        void theApiSocketIsUsedWhenAsked() throws Exception {
            Path standIn = StandIn.install(dir);
            Extras api = new Extras(null, null, null, false, null, null, true);
            PreparedVm p = planWithStandIn(spec("fc-standin-api", api), standIn);
            VmSession vm = TestImage.launcher().start(p, T, l -> { });
            try {
                assertThat(Files.readString(dir.resolve("calls.log")))
                        .startsWith("OK mode=api-sock " + p.context().stateDir().resolve("firecracker.sock"));
            } finally {
                vm.stop(Duration.ofSeconds(10));
            }
            assertThat(p.context().stateDir()).doesNotExist();
        }

        @Test
        void aFirecrackerThatRefusesItsConfigIsReportedWithItsLastWordsAndCleanedUp() throws Exception {
            Path standIn = StandIn.install(dir);
            VmSpec good = spec("fc-standin-bad", Extras.NONE);
            // The compressed kernel gets past planning (prepare() would refuse it); the stand-in refuses it as
            // Firecracker would.
            VmSpec bad = new VmSpec(good.name(), good.hypervisor(), TestImage.get().bzImage(), good.initrd(),
                    good.rootfs(), good.memMiB(), good.cpus(), null, Accel.AUTO, false, null, List.of(), good.extras());
            PreparedVm p = planWithStandIn(bad, standIn);
            assertThatThrownBy(() -> TestImage.launcher().start(p, T, l -> { }))
                    .isInstanceOf(VmbenchException.class)
                    .hasMessageContaining("fc-standin-bad's hypervisor ended before the guest prompt: the hypervisor failed (exit 1)")
                    .satisfies(e -> assertThat(((VmbenchException) e).details())
                            .contains("stand-in: kernel " + TestImage.get().bzImage() + " is not an ELF file"));
            assertThat(p.context().stateDir()).doesNotExist();
        }
    }

    /** The stand-in's own behaviours that issue-12-style failures need. */
    @Nested
    class WhatFirecrackerDoesBeforeThePrompt {

        @TempDir
        Path dir;

        @Test
        void aPanicThatEndsItWithStatusZeroIsAFailedBootNamingThePanic() throws Exception {
            Path standIn = StandIn.install(dir);
            Files.writeString(dir.resolve("behaviour"), "panic");
            Extras x = new Extras(null, null, null, false, null, dir.resolve("fc.log"), false);
            PreparedVm p = planWithStandIn(spec("fc-standin-panic", x), standIn);
            assertThatThrownBy(() -> TestImage.launcher().start(p, T, l -> { }))
                    .isInstanceOf(VmbenchException.class)
                    .hasMessageContaining("fc-standin-panic's hypervisor ended before the guest prompt: the guest kernel "
                            + "panicked: Kernel panic - not syncing: VFS: Unable to mount root fs")
                    .hasMessageContaining("(exit 0)")
                    .satisfies(e -> assertThat(((VmbenchException) e).details()).contains("VFS: Cannot open root device"));
            assertThat(p.context().stateDir()).doesNotExist();
        }

        @Test
        void itsOwnLogGoesToItsLogFileEmptiedFirstAndNeverToTheConsole() throws Exception {
            Path standIn = StandIn.install(dir);
            Path log = dir.resolve("fc.log");
            Files.writeString(log, "an older, longer log that must not survive at the end of the new one\n".repeat(20));
            Extras x = new Extras(null, null, null, false, null, log, false);
            PreparedVm p = planWithStandIn(spec("fc-standin-log", x), standIn);
            VmSession vm = TestImage.launcher().start(p, T, l -> { });
            try {
                assertThat(Files.readString(log)).startsWith("[stand-in:main] Running Firecracker stand-in")
                        .doesNotContain("older, longer log");
                assertThat(String.join("\n", vm.console().scrollback().lastLines(200)))
                        .doesNotContain("must not reach the console").contains("serving a host shell");
            } finally {
                vm.stop(Duration.ofSeconds(10));
            }
        }
    }

    static PreparedVm planWithStandIn(VmSpec spec, Path standIn) {
        FirecrackerHypervisor fc = new FirecrackerHypervisor();
        // Planned by hand: prepare() rightly refuses Firecracker without usable KVM, and this test is about
        // what happens after it says yes.
        LaunchContext ctx = new LaunchContext(standIn, Accel.KVM, null, TestImage.paths().vmState(spec.name()));
        LaunchPlan plan = fc.plan(spec, ctx);
        return new PreparedVm(spec, fc, ctx, plan, null, List.of(), List.of());
    }

    /** Installs the test double, executable, in a folder of its own. */
    static final class StandIn {
        static Path install(Path dir) throws Exception {
            Path target = dir.resolve("firecracker-stand-in");
            try (var in = FirecrackerIT.class.getResourceAsStream("/firecracker-stand-in.sh")) {
                Files.copy(in, target);
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            return target;
        }
    }
}
