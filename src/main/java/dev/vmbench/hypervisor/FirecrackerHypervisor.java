package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Firecracker, started as {@code firecracker --no-api --config-file F} (or with {@code --api-sock} when
 * asked) with its serial console on its stdio, the pty vmbench holds. The config uses Firecracker's own
 * field names: {@code boot-source}, {@code drives}, {@code machine-config}, {@code network-interfaces},
 * {@code logger}.
 *
 * <p>Defaults follow firectl's, with three changes for the default guest: no {@code noapic} (from Firecracker
 * 1.8 an ACPI guest has no legacy PIC, so {@code noapic} leaves the serial port and the disk without interrupts),
 * no {@code nomodules} (its initramfs loads modules), and the root disk is named ({@code root=/dev/vda rw}, as in
 * the seed). Firecracker's own log always goes to a file, never to the console it shares stdout with.
 * Firecracker has no disk overlay, so unless the VM is persistent it boots a private copy of the root disk.
 * It has no power-off either: a guest reboot ({@code reboot=k}) ends it.
 */
public final class FirecrackerHypervisor implements Hypervisor {

    /** firectl's default kernel options. */
    public static final String FIRECTL_KERNEL_OPTS = FirecrackerRules.FIRECTL_KERNEL_OPTS;
    /** Firecracker's recommended options (its getting-started guide and tests) and the default image's root disk. */
    public static final String DEFAULT_CMDLINE = FirecrackerRules.RECOMMENDED_BOOT_ARGS + " root=/dev/vda rw";
    /**
     * The device-probing options Firecracker boots its own guests with (its default kernel command line and its
     * boot-time test): skip the keyboard controller's aux port, multiplexing and self-test. {@code boot
     * --firecracker-boot-args} adds them to any hypervisor's command line, so a boot-time comparison compares
     * hypervisors and not kernel options. (Firecracker's {@code nomodule} and {@code 8250.nr_uarts=0} are left
     * out: the default image loads modules, and vmbench needs the serial console.)
     */
    public static final String BOOT_TIME_OPTIONS = "i8042.noaux i8042.nomux i8042.dumbkbd swiotlb=noforce";
    public static final Set<String> CPU_TEMPLATES = Set.of("C3", "T2", "T2S", "T2CL", "T2A", "V1N1");
    public static final List<String> LOG_LEVELS = List.of("Error", "Warning", "Info", "Debug", "Trace", "Off");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "firecracker";
    }

    @Override
    public String description() {
        return "Firecracker (KVM only; firectl-compatible options)";
    }

    @Override
    public String defaultBinary() {
        return "firecracker";
    }

    @Override
    public String binaryEnvironmentVariable() {
        return "VMBENCH_FIRECRACKER";
    }

    @Override
    public String defaultCmdline() {
        return DEFAULT_CMDLINE;
    }

    @Override
    public KernelFormat kernelFormat() {
        return KernelFormat.ELF;
    }

    @Override
    public boolean runsWithoutKvm() {
        return false;
    }

    /** The first Firecracker release that describes its virtio devices to the guest in ACPI tables. */
    public static final int[] ACPI_SINCE = {1, 8};

    /**
     * Whether a Firecracker, by its {@code --version} line ("Firecracker v1.7.0"), tells the guest about its
     * virtio devices only on the kernel command line ({@code virtio_mmio.device=...}): true before 1.8, false
     * from 1.8 on (ACPI too), empty when the line does not say.
     */
    public static java.util.Optional<Boolean> devicesOnCmdlineOnly(String versionLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+)(\\.\\d+)?")
                .matcher(versionLine == null ? "" : versionLine);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return java.util.Optional.of(major < ACPI_SINCE[0] || (major == ACPI_SINCE[0] && minor < ACPI_SINCE[1]));
    }

    /** Reads a CPU template as users type it: t2, T2, none. */
    public static String cpuTemplate(String text) {
        if (text == null || text.equalsIgnoreCase("none")) {
            return null;
        }
        String t = text.toUpperCase(Locale.ROOT);
        if (!CPU_TEMPLATES.contains(t)) {
            throw new IllegalArgumentException("unknown --cpu-template '" + text + "': use T2, C3, T2S, T2CL, T2A, "
                    + "V1N1 or none");
        }
        return t;
    }

    /** Reads a log level as firectl takes it (any case). */
    public static String logLevel(String text) {
        if (text == null) {
            return null;
        }
        for (String l : LOG_LEVELS) {
            if (l.equalsIgnoreCase(text)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown --log-level '" + text + "': use " + String.join(", ", LOG_LEVELS));
    }

    @Override
    public LaunchPlan plan(VmSpec spec, LaunchContext ctx) {
        Extras x = spec.extras();
        String cmdline = KernelCmdline.compose(spec.append() != null ? spec.append() : DEFAULT_CMDLINE, ctx.accel(),
                null);
        Path dir = ctx.stateDir();
        Path config = dir.resolve("firecracker.json");
        Map.Entry<Path, Path> copy = null;
        Path rootDisk = spec.rootfs();
        if (rootDisk != null && !spec.persistent()) {
            Path privateCopy = dir.resolve("rootfs.ext4");
            copy = Map.entry(rootDisk.toAbsolutePath(), privateCopy);
            rootDisk = privateCopy;
        }
        String json;
        try {
            json = JSON.writeValueAsString(config(spec, cmdline, rootDisk, dir)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<String> argv = new ArrayList<>();
        argv.add(ctx.binary().toString());
        if (x.apiSocket()) {
            argv.addAll(List.of("--api-sock", dir.resolve("firecracker.sock").toString()));
        } else {
            argv.add("--no-api");
        }
        argv.addAll(List.of("--config-file", config.toString()));
        argv.addAll(spec.extraArgs());
        Path log = logPath(x, dir);
        Map<Path, Long> sparse = x.scratch() == null ? Map.of() : Map.of(dir.resolve(Scratch.FILE), x.scratch().bytes());
        return new LaunchPlan(argv, Map.of(config, json), copy, cmdline, "sync; reboot -f", List.of(log), log, sparse);
    }

    /**
     * Where Firecracker logs: the given file, else a file in the VM's folder. Always a file: without a {@code logger}
     * section Firecracker logs to its stdout, which is the guest's console. The file is emptied before launch
     * (Firecracker writes from its start without truncating, and before 1.14 needs it to exist).
     */
    static Path logPath(Extras x, Path dir) {
        return x.logFile() != null ? x.logFile().toAbsolutePath() : dir.resolve("firecracker.log");
    }

    @Override
    public java.util.Set<String> ownOptions() {
        return java.util.Set.of("cpu-template", "disable-smt", "log-level", "firecracker-log", "api-socket",
                "firecracker-binary");
    }

    @Override
    public boolean writesOwnLog() {
        return true;
    }

    @Override
    public List<String> hostProblems(VmSpec spec, LaunchPlan plan, HostFacts host) {
        Optional<FirecrackerRules.FcVersion> v = FirecrackerRules.FcVersion.parse(host.versionLine());
        FirecrackerRules.HostCpu cpu = host.cpuinfo().isBlank() ? null
                : FirecrackerRules.HostCpu.parse(host.cpuinfo(), host.osArch());
        String socket = spec.extras().apiSocket() ? plan.argv().get(plan.argv().indexOf("--api-sock") + 1) : null;
        List<String> out = new ArrayList<>(FirecrackerRules.problems(spec.cpus(), !spec.extras().disableSmt(),
                spec.extras().cpuTemplate(), socket, cpu, v.orElse(null)));
        tooOldForKernel(host).ifPresent(out::add);
        if (spec.extras().scratch() != null && spec.extras().scratch().cache() == Scratch.Cache.NONE) {
            out.add("Firecracker opens its drives through the host's page cache (no O_DIRECT): --scratch-cache none "
                    + "is QEMU's only; use writeback or unsafe");
        }
        return out;
    }

    /** Where Firecracker splits guest RAM below 4 GiB: 3 GiB from 1.13 on (a 1 GiB MMIO hole), 3.25 GiB before. */
    static final long[] RAM_SPLITS_MIB = {3072, 3328};

    /**
     * Guest RAM as Firecracker maps it (vstate/memory.rs, arch/x86_64): one private anonymous mapping per
     * region of arch_memory_regions, or two when --mem reaches past the 32-bit MMIO hole (a memfd with a
     * vhost-user disk, which vmbench does not configure).
     */
    @Override
    public List<List<Long>> guestRamLayouts(VmSpec spec) {
        long mem = spec.memMiB();
        List<List<Long>> out = new ArrayList<>();
        for (long split : RAM_SPLITS_MIB) {
            List<Long> l = mem > split ? List.of(split * 1024, (mem - split) * 1024) : List.of(mem * 1024);
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public Optional<String> versionAdvice(String versionLine) {
        if (!devicesOnCmdlineOnly(versionLine).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of("older than 1.8, it names its devices on the kernel command line only, which the default"
                + " image's kernel ignores: install Firecracker 1.8 or newer (devices in ACPI)");
    }

    /**
     * Firecracker before 1.8 names its virtio devices to the guest only on the kernel command line; a kernel
     * without CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES (Debian's cloud kernel, the default image's) then never sees
     * its disk. Known when the binary says its version and the kernel's config sits beside it.
     */
    static Optional<String> tooOldForKernel(HostFacts host) {
        if (!devicesOnCmdlineOnly(host.versionLine()).orElse(false) || host.kernelConfig() == null
                || host.kernelConfig().lines().anyMatch(l -> l.strip().equals("CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES=y"))) {
            return Optional.empty();
        }
        return Optional.of(host.versionLine() + " tells the guest about its disk only on the kernel command line"
                + " (ACPI came in 1.8), and this kernel ignores that (CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES is not set):"
                + " use Firecracker 1.8 or newer, or a kernel built with that option");
    }

    @Override
    public List<String> warnings(VmSpec spec, LaunchPlan plan, HostFacts host) {
        List<String> out = new ArrayList<>(Hypervisor.super.warnings(spec, plan, host));
        FirecrackerRules.cmdlineWarnings(plan.cmdline(), FirecrackerRules.FcVersion.parse(host.versionLine())
                .orElse(null), FirecrackerRules.Arch.fromOsArch(host.osArch())).stream()
                .filter(w -> !w.contains("console") || spec.append() == null || plan.cmdline().contains("console="))
                .forEach(out::add);
        return out;
    }

    @Override
    public List<String> seedDifferences(VmSpec spec, LaunchPlan plan) {
        List<String> out = new ArrayList<>();
        if (!plan.cmdline().contains("noapic")) {
            out.add("no noapic: from Firecracker 1.8 an ACPI guest has no legacy PIC, and noapic would leave its serial"
                    + " port and disk without interrupts (the seed's older Firecracker used MPTables)");
        }
        if (!plan.cmdline().contains("nomodules")) {
            out.add("no nomodules: the default image's initramfs loads the virtio modules");
        }
        if (plan.cmdline().contains("root=/dev/vda")) {
            out.add("root=/dev/vda: the root disk named, as firectl's --root-drive implies");
        }
        out.add("Firecracker's own log goes to " + plan.hypervisorLog() + " (emptied first), never to the console");
        return out;
    }

    /** The config file's content, with Firecracker's field names and types. */
    static Map<String, Object> config(VmSpec spec, String cmdline, Path rootDisk, Path dir) {
        Extras x = spec.extras();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("kernel_image_path", spec.kernel().toAbsolutePath().toString());
        boot.put("boot_args", cmdline);
        if (spec.initrd() != null) {
            boot.put("initrd_path", spec.initrd().toAbsolutePath().toString());
        }
        root.put("boot-source", boot);
        List<Map<String, Object>> drives = new ArrayList<>();
        if (rootDisk != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("drive_id", "rootfs");
            d.put("path_on_host", rootDisk.toAbsolutePath().toString());
            d.put("is_root_device", true);
            d.put("is_read_only", false);
            drives.add(d);
        }
        if (x.scratch() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("drive_id", "scratch");
            d.put("path_on_host", dir.resolve(Scratch.FILE).toAbsolutePath().toString());
            d.put("is_root_device", false);
            d.put("is_read_only", false);
            d.put("cache_type", x.scratch().cache() == Scratch.Cache.NONE ? Scratch.Cache.WRITEBACK.firecracker
                    : x.scratch().cache().firecracker);
            d.put("io_engine", "Sync");
            drives.add(d);
        }
        root.put("drives", drives);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("vcpu_count", spec.cpus());
        machine.put("mem_size_mib", spec.memMiB());
        machine.put("smt", !x.disableSmt());
        if (x.cpuTemplate() != null) {
            machine.put("cpu_template", x.cpuTemplate());
        }
        root.put("machine-config", machine);
        if (x.tap() != null) {
            Map<String, Object> nic = new LinkedHashMap<>();
            nic.put("iface_id", "eth0");
            nic.put("host_dev_name", x.tap().name());
            if (x.tap().mac() != null) {
                nic.put("guest_mac", x.tap().mac());
            }
            root.put("network-interfaces", List.of(nic));
        }
        Map<String, Object> logger = new LinkedHashMap<>();
        logger.put("log_path", logPath(x, dir).toString());
        logger.put("level", x.logLevel() != null ? x.logLevel() : FirecrackerRules.FC_DEFAULT_LOG_LEVEL);
        logger.put("show_level", true);
        logger.put("show_log_origin", true);
        root.put("logger", logger);
        return root;
    }
}
