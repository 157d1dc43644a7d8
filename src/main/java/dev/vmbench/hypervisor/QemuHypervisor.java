package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * QEMU in one of two machine types: {@code microvm} (the seed's line, virtio-mmio) or {@code q35}
 * (an ordinary PC with PCI virtio).
 *
 * <p>The serial console is QEMU's stdio (the pty vmbench holds). It is spelled
 * {@code -chardev stdio,id=serial0,signal=off -serial chardev:serial0} rather than the seed's
 * {@code -serial stdio}: the same device, except that a Ctrl-C byte reaches the guest instead of
 * killing QEMU. Unless the VM is persistent, the root disk is opened with {@code snapshot=on} so that
 * guest writes go to a temporary overlay: several VMs can share one image and each sees it pristine.
 */
public final class QemuHypervisor implements Hypervisor {

    public enum Machine {
        MICROVM("qemu-microvm", "QEMU -M microvm (virtio-mmio; the seed's line)",
                "microvm,rtc=off", "virtio-blk-device", "virtio-net-device", "earlyprintk=ttyS0 console=ttyS0 root=/dev/vda"),
        Q35("qemu-q35", "QEMU -M q35 (ordinary PC, virtio-blk-pci)",
                "q35", "virtio-blk-pci", "virtio-net-pci", "console=ttyS0 root=/dev/vda");

        final String hypervisorName;
        final String description;
        final String machineArg;
        final String blockDevice;
        final String netDevice;
        final String cmdline;

        Machine(String hypervisorName, String description, String machineArg, String blockDevice, String netDevice,
                String cmdline) {
            this.netDevice = netDevice;
            this.hypervisorName = hypervisorName;
            this.description = description;
            this.machineArg = machineArg;
            this.blockDevice = blockDevice;
            this.cmdline = cmdline;
        }
    }

    private final Machine machine;

    public QemuHypervisor(Machine machine) {
        this.machine = machine;
    }

    @Override
    public String name() {
        return machine.hypervisorName;
    }

    @Override
    public String description() {
        return machine.description;
    }

    @Override
    public String defaultBinary() {
        return "qemu-system-x86_64";
    }

    @Override
    public String defaultCmdline() {
        return machine.cmdline;
    }

    @Override
    public LaunchPlan plan(VmSpec spec, LaunchContext ctx) {
        String cmdline = KernelCmdline.compose(spec.append() != null ? spec.append() : machine.cmdline,
                ctx.accel(), ctx.tscKhz());
        List<String> argv = new ArrayList<>();
        argv.add(ctx.binary().toString());
        if (spec.name() != null) {
            argv.addAll(List.of("-name", escapeOption(spec.name())));
        }
        argv.addAll(List.of("-M", machine.machineArg));
        argv.addAll(List.of("-accel", ctx.accel().label()));
        argv.addAll(List.of("-smp", Integer.toString(spec.cpus())));
        argv.addAll(List.of("-m", spec.memMiB() + "M"));
        argv.addAll(List.of("-kernel", str(spec.kernel())));
        if (spec.initrd() != null) {
            argv.addAll(List.of("-initrd", str(spec.initrd())));
        }
        argv.addAll(List.of("-append", cmdline));
        argv.addAll(List.of("-nodefaults", "-no-user-config", "-nographic"));
        argv.addAll(List.of("-chardev", "stdio,id=serial0,signal=off", "-serial", "chardev:serial0"));
        if (spec.rootfs() != null) {
            String drive = "id=root,file=" + escapeOption(str(spec.rootfs())) + ",format=raw,if=none";
            if (!spec.persistent()) {
                drive += ",snapshot=on";
            }
            argv.addAll(List.of("-drive", drive));
            argv.addAll(List.of("-device", machine.blockDevice + ",drive=root"));
        }
        Scratch scratch = spec.extras().scratch();
        Map<Path, Long> sparse = Map.of();
        if (scratch != null) {
            // after the root disk: the guest's /dev/vdb
            Path file = ctx.stateDir().resolve(Scratch.FILE);
            sparse = Map.of(file, scratch.bytes());
            argv.addAll(List.of("-drive", "id=scratch,file=" + escapeOption(str(file)) + ",format=raw,if=none,cache="
                    + scratch.cache().qemu + ",aio=threads"));
            argv.addAll(List.of("-device", machine.blockDevice + ",drive=scratch"));
        }
        Tap tap = spec.extras().tap();
        if (tap != null) {
            argv.addAll(List.of("-netdev", "tap,id=net0,ifname=" + escapeOption(tap.name()) + ",script=no,downscript=no"));
            argv.addAll(List.of("-device", machine.netDevice + ",netdev=net0" + (tap.mac() == null ? "" : ",mac=" + tap.mac())));
        }
        argv.add("-no-reboot");
        argv.addAll(spec.extraArgs());
        return new LaunchPlan(argv, Map.of(), null, cmdline, "sync; poweroff -f", List.of(), null, sparse);
    }

    @Override
    public java.util.Set<String> ownOptions() {
        return java.util.Set.of("qemu-arg");
    }

    /** The seed ran QEMU {@code -M microvm}: how this plan differs from its line, and why. */
    @Override
    public List<String> seedDifferences(VmSpec spec, LaunchPlan plan) {
        if (machine != Machine.MICROVM) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        if (plan.argv().contains("tcg")) {
            out.add("-accel tcg instead of -enable-kvm: KVM cannot run this guest here (software emulation)");
        }
        out.add("-chardev stdio,signal=off -serial chardev:serial0 instead of -serial stdio: the same serial port, but"
                + " a Ctrl-C byte reaches the guest instead of killing QEMU");
        if (plan.argv().stream().anyMatch(a -> a.endsWith(",snapshot=on"))) {
            out.add("snapshot=on: guest writes go to a throw-away overlay, so VMs share one image and each boots it"
                    + " pristine (--persistent writes to the disk)");
        }
        if (plan.cmdline().contains("panic=-1")) {
            out.add("panic=-1: a guest panic ends QEMU (with -no-reboot) instead of hanging");
        }
        if (plan.cmdline().contains("tsc_early_khz=")) {
            out.add("tsc_early_khz: under TCG the guest otherwise may hang calibrating its clock");
        }
        if (spec.initrd() != null) {
            out.add("-initrd: the default image's kernel loads virtio from its initramfs (the seed's had it built in)");
        }
        if (spec.extras().tap() == null) {
            out.add("no -netdev tap: add --tap-device NAME/MAC for the seed's network");
        }
        return out;
    }

    private static String str(Path p) {
        return p.toAbsolutePath().toString();
    }

    /** QEMU option values escape a comma by doubling it. */
    static String escapeOption(String value) {
        return value.replace(",", ",,");
    }
}
