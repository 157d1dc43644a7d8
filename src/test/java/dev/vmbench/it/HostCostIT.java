package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vmbench.VmbenchException;
import dev.vmbench.bench.Bench;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.measure.Warnings;
import dev.vmbench.overhead.HostCost;
import dev.vmbench.overhead.Overhead;
import dev.vmbench.report.HostCostReport;
import dev.vmbench.results.Series;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.vmm.BootPhases;

/**
 * What a hypervisor costs the host, on a live TCG guest of its own (1 GiB, one vCPU): the parts of its
 * memory add up, touching guest memory moves the right part, the boot phases are in order, a run's VMM CPU is at
 * least the guest's own, and console output is warned of.
 */
class HostCostIT {

    static final Duration T = Duration.ofSeconds(120);
    static final SessionRegistry registry = new SessionRegistry();
    static final VmLauncher launcher = TestImage.launcher();
    static VmSession vm;

    @BeforeAll
    static void boot() throws InterruptedException {
        VmSpec s = TestImage.spec("cost-microvm", "qemu-microvm");
        VmSpec small = new VmSpec(s.name(), s.hypervisor(), s.kernel(), s.initrd(), s.rootfs(), 1024, 1, s.append(),
                s.accel(), s.persistent(), s.promptRegex(), s.extraArgs());
        vm = launcher.start(launcher.prepare(small), T, l -> { });
        registry.add(vm);
    }

    @AfterAll
    static void end() {
        registry.close();
        assertThat(Await.alive(vm.pid())).isFalse();
    }

    @Test
    void thePartsAddUpToTheProcessesRss() {
        HostCost c = Overhead.measure(vm);
        long parts = c.memory().guestRam().rss() + c.memory().overhead().rss();
        assertThat(c.memory().guestRam().size()).isEqualTo(1024 * 1024);
        assertThat(c.memory().guestRamFound()).isEqualTo("1 anonymous rw-p mapping of 1024 MiB, the VM's --mem");
        assertThat((double) parts).isCloseTo(c.vmRss().orElseThrow(), Percentage.withPercentage(1));
        assertThat(c.memory().translationCache()).as("TCG's code cache").isPresent();
        assertThat(c.threads()).isGreaterThanOrEqualTo(2);
        assertThat(c.openFiles()).isPositive();
    }

    @Test
    void touchingGuestMemoryMovesTheGuestRamFigureAndNotTheVmms() throws Exception {
        // QEMU asks for transparent huge pages for guest RAM, so the host backs it in 2 MiB pieces, and the pages
        // a guest touched while booting leave free pages around them that the host already backs: the guest's
        // allocator hands those out first. 64 MiB of a file in the guest's tmpfs takes them up, so that the read
        // below lands on guest memory the host has never backed.
        assertThat(GuestExec.run(vm, "head -c 67108864 /dev/zero > /dev/vmbench-fill", T).ok()).isTrue();
        HostCost before = Overhead.measure(vm);
        ExecResult r = GuestExec.run(vm, "cat /random.txt > /dev/null", T); // 64 MiB into the guest's page cache
        assertThat(r.ok()).isTrue();
        HostCost after = Overhead.measure(vm);
        GuestExec.run(vm, "rm /dev/vmbench-fill", T);
        System.out.printf("guest RAM grew %d KiB, VMM overhead moved %d KiB%n", after.memory().guestRam().rss() - before.memory().guestRam().rss(), after.memory().overhead().rss() - before.memory().overhead().rss());
        long guestGrew = after.memory().guestRam().rss() - before.memory().guestRam().rss();
        long vmmMoved = Math.abs(after.memory().overhead().rss() - before.memory().overhead().rss());
        assertThat(guestGrew).as("guest RAM resident growth, KiB").isGreaterThanOrEqualTo(50 * 1024);
        assertThat(vmmMoved).as("VMM overhead change, KiB").isLessThan(10 * 1024);
    }

    @Test
    void theBootPhasesAreInOrderAndThePromptIsTheBootTime() {
        BootPhases p = vm.bootPhases().orElseThrow();
        assertThat(p.firstByte()).isPositive();
        assertThat(p.userspace()).isGreaterThan(p.firstByte());
        assertThat(p.kernelUserspace()).isPresent();
        assertThat(p.prompt()).isGreaterThan(p.userspace());
        assertThat(p.ready()).isGreaterThanOrEqualTo(p.prompt());
        assertThat(p.prompt()).isCloseTo(vm.bootTime().orElseThrow().toNanos() / 1e9, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aRunsVmmCpuIsAtLeastTheGuestsOwnUnderTcg() throws Exception {
        ExecResult r = GuestExec.run(vm, "time sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done'", T);
        double guest = r.guestCpuSeconds().orElseThrow();
        assertThat(guest).isPositive();
        assertThat(r.vmmCpuSeconds().orElseThrow()).isGreaterThanOrEqualTo(guest);
    }

    @Test
    void printingOnTheConsoleIsWarnedOfAndTrueIsNot() throws Exception {
        List<Series> loud = Bench.run(List.of(vm), "head -c 1000000 /dev/zero | tr '\\0' x", 1, 0, T, null, l -> { }, null);
        assertThat(loud.get(0).runs().get(0).consoleBytes()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(loud.get(0).warnings()).anyMatch(w -> w.kind() == Warnings.Kind.CONSOLE_OUTPUT);
        assertThat(loud.get(0).hostFigures()).isPresent();
        List<Series> quiet = Bench.run(List.of(vm), "true", 2, 0, T, null, l -> { }, null);
        assertThat(quiet.get(0).warnings()).noneMatch(w -> w.kind() == Warnings.Kind.CONSOLE_OUTPUT);
    }

    @Test
    void theJsonUsesTheExportsFieldNames() throws Exception {
        JsonNode j = new ObjectMapper().readTree(HostCostReport.json(new Overhead(registry).measure(List.of("cost-microvm"))));
        assertThat(j).hasSize(1);
        assertThat(j.get(0).get("vmm_overhead_kib").get("uss").asLong()).isPositive();
        assertThat(j.get(0).get("guest_ram_kib").asLong()).isPositive();
        assertThat(j.get(0).get("boot_phases_s").get("ready").asDouble()).isPositive();
    }

    @Test
    void anUnknownOrDeadVmAndAGoneProcessAreOneLineEach() throws Exception {
        Overhead overhead = new Overhead(registry);
        assertThatThrownBy(() -> overhead.measure(List.of("no-such-vm"))).isInstanceOf(VmbenchException.class)
                .message().doesNotContain("\n");
        VmSession doomed = launcher.start(launcher.prepare(TestImage.spec("cost-doomed", "qemu-microvm")), T, l -> { });
        registry.add(doomed);
        doomed.kill();
        assertThatThrownBy(() -> Overhead.measure(doomed)).isInstanceOf(VmbenchException.class)
                .hasMessageContaining("has no /proc entry any more").message().doesNotContain("\n");
        assertThatThrownBy(() -> overhead.measure(List.of("cost-doomed"))).isInstanceOf(VmbenchException.class)
                .hasMessageContaining("cost-doomed is dead").message().doesNotContain("\n");
        assertThat(Overhead.measure(vm).vm()).isEqualTo("cost-microvm"); // the other VM untouched
    }

    @Test
    void theConsoleBenchmarkPrintsItsRatioAgainstDevNull() throws Exception {
        var result = dev.vmbench.benchmark.ConsoleCost.run(vm, List.of(0L, 20_000L), 1, l -> { });
        assertThat(result.rows()).hasSize(2);
        assertThat(result.rows().get(1).ratio()).isGreaterThan(1.5); // 20 kB through the UART costs, under TCG too
        assertThat(result.report()).contains("/dev/null (base)").containsPattern("20000\\s+[0-9.]+ s\\s+[0-9.]+ s\\s+[0-9.]+×");
    }

    @Test
    void theBootBenchmarkReportsEachPhase() throws Exception {
        var prepared = launcher.prepare(TestImage.spec("cost-bootbench", "qemu-microvm"));
        var result = dev.vmbench.benchmark.BootOverhead.run(launcher, prepared, 1, l -> { });
        assertThat(result.phases().boots()).hasSize(1);
        assertThat(result.report()).contains("ratio vmbench / raw").contains("vmbench's boots, phase by phase")
                .containsPattern("qemu-microvm\\s+1\\s+[0-9.]+ ± 0.00\\s+[0-9.]+ ± 0.00");
    }
}
