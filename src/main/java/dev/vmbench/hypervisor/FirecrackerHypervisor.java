package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Defaults follow firectl's, with two changes for the default guest: its initramfs loads modules, so
 * {@code nomodules} is left out, and the root disk is named ({@code root=/dev/vda rw}, as in the seed).
 * Firecracker has no disk overlay, so unless the VM is persistent it boots a private copy of the root disk.
 * It has no power-off either: a guest reboot ({@code reboot=k}) ends it.
 */
public final class FirecrackerHypervisor implements Hypervisor {

    /** firectl's default kernel options. */
    public static final String FIRECTL_KERNEL_OPTS = "console=ttyS0 noapic reboot=k panic=1 pci=off nomodules";
    public static final String DEFAULT_CMDLINE = "console=ttyS0 noapic reboot=k panic=1 pci=off root=/dev/vda rw";
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
        return new LaunchPlan(argv, Map.of(config, json), copy, cmdline, "sync; reboot -f",
                log == null ? List.of() : List.of(log));
    }

    /** Where Firecracker logs: the given file, else (when a level is given) a file in the VM's folder. */
    static Path logPath(Extras x, Path dir) {
        if (x.logFile() != null) {
            return x.logFile().toAbsolutePath();
        }
        return x.logLevel() != null ? dir.resolve("firecracker.log") : null;
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
        Path log = logPath(x, dir);
        if (log != null) {
            Map<String, Object> logger = new LinkedHashMap<>();
            logger.put("log_path", log.toString());
            logger.put("level", x.logLevel() != null ? x.logLevel() : "Info");
            logger.put("show_level", true);
            logger.put("show_log_origin", true);
            root.put("logger", logger);
        }
        return root;
    }
}
