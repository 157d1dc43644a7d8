package dev.vmbench.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class QemuHypervisorTest {

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    static VmSpec spec(String hv, String append, boolean persistent) {
        return new VmSpec("qemu1", hv, Path.of("/img/vmlinuz"), Path.of("/img/initramfs.cpio"),
                Path.of("/img/rootfs.ext4"), 1024, 2, append, Accel.AUTO, persistent, null, List.of());
    }

    @Test
    void microvmReproducesTheSeedLine() {
        LaunchPlan plan = new QemuHypervisor(QemuHypervisor.Machine.MICROVM)
                .plan(spec("qemu-microvm", null, false), new LaunchContext(QEMU, Accel.TCG, 2600000L, Path.of("/s")));
        assertThat(plan.commandLine()).isEqualTo("/usr/bin/qemu-system-x86_64 -name qemu1 -M microvm,rtc=off -accel tcg -smp 2"
                + " -m 1024M -kernel /img/vmlinuz -initrd /img/initramfs.cpio"
                + " -append 'earlyprintk=ttyS0 console=ttyS0 root=/dev/vda panic=-1 tsc_early_khz=2600000'"
                + " -nodefaults -no-user-config -nographic -chardev stdio,id=serial0,signal=off -serial chardev:serial0"
                + " -drive id=root,file=/img/rootfs.ext4,format=raw,if=none,snapshot=on"
                + " -device virtio-blk-device,drive=root -no-reboot");
        assertThat(plan.files()).isEmpty();
    }

    @Test
    void q35UsesPciVirtioAndNoEarlyprintk() {
        LaunchPlan plan = new QemuHypervisor(QemuHypervisor.Machine.Q35)
                .plan(spec("qemu-q35", null, true), new LaunchContext(QEMU, Accel.KVM, 2600000L, Path.of("/s")));
        assertThat(plan.argv()).containsSequence("-M", "q35").containsSequence("-accel", "kvm")
                .containsSequence("-device", "virtio-blk-pci,drive=root")
                .contains("id=root,file=/img/rootfs.ext4,format=raw,if=none");
        assertThat(plan.cmdline()).isEqualTo("console=ttyS0 root=/dev/vda panic=-1");
    }

    @Test
    void userAppendReplacesTheDefaultButKeepsWhatVmbenchNeeds() {
        LaunchPlan plan = new QemuHypervisor(QemuHypervisor.Machine.MICROVM)
                .plan(spec("qemu-microvm", "console=ttyS0 root=/dev/vda panic=5 quiet", false),
                        new LaunchContext(QEMU, Accel.TCG, null, Path.of("/s")));
        assertThat(plan.cmdline()).isEqualTo("console=ttyS0 root=/dev/vda panic=5 quiet");
    }

    @Test
    void commaInAPathIsEscapedForQemu() {
        VmSpec s = new VmSpec("a", "qemu-microvm", Path.of("/k"), null, Path.of("/d/a,b.img"), 512, 1, null,
                Accel.TCG, true, null, List.of("-s"));
        LaunchPlan plan = new QemuHypervisor(QemuHypervisor.Machine.MICROVM)
                .plan(s, new LaunchContext(QEMU, Accel.TCG, null, Path.of("/s")));
        assertThat(plan.argv()).contains("id=root,file=/d/a,,b.img,format=raw,if=none").doesNotContain("-initrd");
        assertThat(plan.argv().get(plan.argv().size() - 1)).isEqualTo("-s");
    }

    @Test
    void planningRefusesAnUnresolvedAccelerator() {
        assertThatThrownBy(() -> new LaunchContext(QEMU, Accel.AUTO, null, Path.of("/s")))
                .hasMessageContaining("resolved");
    }

    @Test
    void unknownHypervisorNamesTheKnownOnes() {
        assertThatThrownBy(() -> Hypervisors.builtIn().get("xen"))
                .hasMessage("unknown hypervisor 'xen': use one of qemu-microvm, qemu-q35, firecracker");
    }

    @Test
    void shellQuotingRoundTrips() {
        assertThat(LaunchPlan.shellQuote("a b")).isEqualTo("'a b'");
        assertThat(LaunchPlan.shellQuote("it's")).isEqualTo("'it'\\''s'");
        assertThat(LaunchPlan.shellQuote("")).isEqualTo("''");
        assertThat(LaunchPlan.shellQuote("-M")).isEqualTo("-M");
    }

    @Test
    void aScratchDiskFollowsTheRootDiskWithItsCacheMode() {
        VmSpec s = new VmSpec("qemu1", "qemu-q35", Path.of("/img/vmlinuz"), null, Path.of("/img/rootfs.ext4"), 512, 1,
                null, Accel.TCG, false, null, List.of(), Extras.NONE.withScratch(Scratch.parse("2G", "none")));
        LaunchPlan plan = new QemuHypervisor(QemuHypervisor.Machine.Q35)
                .plan(s, new LaunchContext(QEMU, Accel.TCG, null, Path.of("/s/qemu1")));
        assertThat(plan.argv()).containsSequence("-device", "virtio-blk-pci,drive=root", "-drive",
                "id=scratch,file=/s/qemu1/scratch.img,format=raw,if=none,cache=none,aio=threads", "-device",
                "virtio-blk-pci,drive=scratch");
        assertThat(plan.sparse()).containsExactly(java.util.Map.entry(Path.of("/s/qemu1/scratch.img"), 2048L << 20));
        assertThat(Scratch.parse(null, null)).isNull();
        assertThatThrownBy(() -> Scratch.parse(null, "unsafe")).hasMessage("--scratch-cache needs --scratch-disk SIZE");
        assertThat(Scratch.parse("1G", null).describe("qemu-microvm")).isEqualTo("1024 MiB sparse raw file, /dev/vdb, "
                + "cache cache=writeback, aio=threads: the host's page cache; the guest's flushes reach the disk (fsync)");
    }
}
