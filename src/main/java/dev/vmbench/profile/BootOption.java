package dev.vmbench.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code boot}, declared once: a profile's keys, the shell's {@code boot} and {@code profile save}
 * options, their help and their completions all come from this table.
 */
public enum BootOption {
    HYPERVISOR("hypervisor", false, ValueKind.HYPERVISORS, "qemu-microvm (default), qemu-q35 or firecracker"),
    KERNEL("kernel", false, ValueKind.FILES, "kernel image (default: the default image's bzImage, or vmlinux for "
            + "Firecracker)"),
    INITRD("initrd", false, ValueKind.FILES, "initramfs, or 'none' (default: the default image's)"),
    ROOTFS("rootfs", false, ValueKind.FILES, "root disk image, or 'none' (default: the default image's)"),
    MEM("mem", false, ValueKind.ANY, "guest memory, e.g. 512M or 1G (default 1G)"),
    CPUS("cpus", false, ValueKind.ANY, "vCPUs (default 2)"),
    APPEND("append", false, ValueKind.ANY, "kernel command line replacing the default"),
    ACCEL("accel", false, ValueKind.ACCELERATORS, "auto (default), kvm or tcg"),
    TIMEOUT("timeout", false, ValueKind.ANY, "how long to wait for the guest prompt (default 120s)"),
    PERSISTENT("persistent", true, ValueKind.ANY, "write guest changes to the root disk (default: a throw-away overlay or"
            + " copy)"),
    PROMPT("prompt", false, ValueKind.ANY, "regular expression of the guest shell prompt"),
    LOG("log", true, ValueKind.ANY, "also write the console to a plain text file in the state folder"),
    QEMU_ARG("qemu-arg", false, ValueKind.ANY, "extra QEMU arguments, quoted as one option: --qemu-arg '-s -device ...'"),
    FIRECRACKER_BOOT_ARGS("firecracker-boot-args", true, ValueKind.ANY, "add the options Firecracker boots its own guests"
            + " with (no keyboard-controller probing) to the kernel command line, for a like-for-like boot time"),
    FIRECRACKER_BINARY("firecracker-binary", false, ValueKind.FILES, "Firecracker: the program (else "
            + "VMBENCH_FIRECRACKER, else PATH)"),
    CPU_TEMPLATE("cpu-template", false, ValueKind.CPU_TEMPLATES, "Firecracker: T2, C3 ... or none"),
    DISABLE_SMT("disable-smt", true, ValueKind.ANY, "Firecracker: no SMT (firectl -t)"),
    TAP_DEVICE("tap-device", false, ValueKind.ANY, "host tap for the guest network: NAME/MAC"),
    LOG_LEVEL("log-level", false, ValueKind.LOG_LEVELS, "Firecracker: Error, Warning, Info, Debug, Trace"),
    FIRECRACKER_LOG("firecracker-log", false, ValueKind.FILES, "Firecracker: its own log file (default: one per VM in "
            + "the state folder)"),
    API_SOCKET("api-socket", true, ValueKind.ANY, "Firecracker: keep its API socket instead of --no-api"),
    SCRATCH_DISK("scratch-disk", false, ValueKind.ANY, "a second disk for I/O workloads, e.g. 1G: a sparse file in"
            + " the VM's folder, the guest's /dev/vdb, removed with the VM"),
    SCRATCH_CACHE("scratch-cache", false, ValueKind.SCRATCH_CACHES, "how the host caches the scratch disk: writeback"
            + " (default), unsafe (flushes ignored) or none (O_DIRECT, QEMU only)"),
    HOST("host", false, ValueKind.ANY, "run the VM on another machine over SSH: a name from 'hosts', or an SSH "
            + "destination such as root@10.0.0.5 (default: this machine)"),
    INVENTORY("inventory", false, ValueKind.FILES, "an Ansible inventory (YAML or INI) that names --host's machine "
            + "(default: the one hosts.yaml names)");

    /** Where an option's values come from, for completion. */
    public enum ValueKind { ANY, FILES, HYPERVISORS, ACCELERATORS, CPU_TEMPLATES, LOG_LEVELS, SCRATCH_CACHES }

    private final String key;
    private final boolean flag;
    private final ValueKind valueKind;
    private final String help;

    BootOption(String key, boolean flag, ValueKind valueKind, String help) {
        this.key = key;
        this.flag = flag;
        this.valueKind = valueKind;
        this.help = help;
    }

    /** As a profile spells it, and as the shell's option without its "--". */
    public String key() {
        return key;
    }

    /** A yes-or-no option ({@code --persistent}), which takes no value. */
    public boolean flag() {
        return flag;
    }

    public ValueKind valueKind() {
        return valueKind;
    }

    public String help() {
        return help;
    }

    public static Optional<BootOption> byKey(String key) {
        return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
    }

    /** Every key, in the table's order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(BootOption::key).toList();
    }
}
