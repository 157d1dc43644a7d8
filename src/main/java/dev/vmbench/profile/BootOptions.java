package dev.vmbench.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.vmbench.VmbenchException;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Extras;
import dev.vmbench.hypervisor.FirecrackerHypervisor;
import dev.vmbench.hypervisor.Hypervisor;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.MemSize;
import dev.vmbench.hypervisor.Tap;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;

/**
 * The options of {@code boot} as typed (null: not given), which a profile stores and a later boot
 * overrides. {@link #toSpec} fills what is still missing with vmbench's defaults and checks every value.
 */
public record BootOptions(String hypervisor, String kernel, String initrd, String rootfs, String mem, String cpus,
                          String append, String accel, String timeout, boolean persistent, String prompt,
                          boolean log, String qemuArgs, String firecrackerBinary, String cpuTemplate,
                          boolean disableSmt, String tapDevice, String logLevel, String firecrackerLog,
                          boolean apiSocket) {

    public static final String DEFAULT_HYPERVISOR = "qemu-microvm";
    public static final String DEFAULT_MEM = "1G";
    public static final String DEFAULT_CPUS = "2";
    public static final String DEFAULT_TIMEOUT = "120s";

    /** The keys a profile may hold, as the boot options are spelled (without "--"). */
    public static final List<String> KEYS = List.of("hypervisor", "kernel", "initrd", "rootfs", "mem", "cpus",
            "append", "accel", "timeout", "persistent", "prompt", "log", "qemu-arg", "firecracker-binary",
            "cpu-template", "disable-smt", "tap-device", "log-level", "firecracker-log", "api-socket");

    public static final BootOptions NONE = new BootOptions(null, null, null, null, null, null, null, null, null, false,
            null, false, null, null, null, false, null, null, null, false);

    /** These options where given, else {@code base}'s. */
    public BootOptions over(BootOptions base) {
        return new BootOptions(or(hypervisor, base.hypervisor), or(kernel, base.kernel), or(initrd, base.initrd),
                or(rootfs, base.rootfs), or(mem, base.mem), or(cpus, base.cpus), or(append, base.append),
                or(accel, base.accel), or(timeout, base.timeout), persistent || base.persistent,
                or(prompt, base.prompt), log || base.log, or(qemuArgs, base.qemuArgs),
                or(firecrackerBinary, base.firecrackerBinary), or(cpuTemplate, base.cpuTemplate),
                disableSmt || base.disableSmt, or(tapDevice, base.tapDevice), or(logLevel, base.logLevel),
                or(firecrackerLog, base.firecrackerLog), apiSocket || base.apiSocket);
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    /** The given options by key, for a profile file. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "hypervisor", hypervisor);
        put(m, "kernel", kernel);
        put(m, "initrd", initrd);
        put(m, "rootfs", rootfs);
        put(m, "mem", mem);
        put(m, "cpus", cpus);
        put(m, "append", append);
        put(m, "accel", accel);
        put(m, "timeout", timeout);
        put(m, "persistent", persistent ? "true" : null);
        put(m, "prompt", prompt);
        put(m, "log", log ? "true" : null);
        put(m, "qemu-arg", qemuArgs);
        put(m, "firecracker-binary", firecrackerBinary);
        put(m, "cpu-template", cpuTemplate);
        put(m, "disable-smt", disableSmt ? "true" : null);
        put(m, "tap-device", tapDevice);
        put(m, "log-level", logLevel);
        put(m, "firecracker-log", firecrackerLog);
        put(m, "api-socket", apiSocket ? "true" : null);
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /**
     * @param source named in errors (the profile file)
     */
    public static BootOptions fromMap(Map<String, String> m, String source) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new VmbenchException(source + ": unknown option '" + k + "': use " + String.join(", ", KEYS));
            }
        }
        Function<String, Boolean> flag = k -> {
            String v = m.get(k);
            if (v == null || v.equalsIgnoreCase("false")) {
                return false;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            throw new VmbenchException(source + ": option '" + k + "' is '" + v + "': use true or false");
        };
        return new BootOptions(m.get("hypervisor"), m.get("kernel"), m.get("initrd"), m.get("rootfs"), m.get("mem"),
                m.get("cpus"), m.get("append"), m.get("accel"), m.get("timeout"), flag.apply("persistent"),
                m.get("prompt"), flag.apply("log"), m.get("qemu-arg"), m.get("firecracker-binary"),
                m.get("cpu-template"), flag.apply("disable-smt"), m.get("tap-device"), m.get("log-level"),
                m.get("firecracker-log"), flag.apply("api-socket"));
    }

    public String hypervisorOrDefault() {
        return hypervisor != null ? hypervisor : DEFAULT_HYPERVISOR;
    }

    public String timeoutOrDefault() {
        return timeout != null ? timeout : DEFAULT_TIMEOUT;
    }

    /**
     * The VM these options describe. Files not given come from the default image: its vmlinux for a
     * hypervisor that boots ELF kernels (Firecracker), else its bzImage.
     *
     * @param logDir where Firecracker logs when a level is given without a file
     */
    public VmSpec toSpec(String name, Hypervisors hypervisors, ImageLayout image, Path logDir) {
        Hypervisor hv = hypervisors.get(hypervisorOrDefault());
        boolean elf = hv.kernelFormat() == Hypervisor.KernelFormat.ELF;
        long memMiB = MemSize.parseMiB(mem != null ? mem : DEFAULT_MEM);
        int vcpus;
        try {
            vcpus = Integer.parseInt((cpus != null ? cpus : DEFAULT_CPUS).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --cpus '" + cpus + "': give a whole number such as 2");
        }
        boolean firecracker = hv instanceof FirecrackerHypervisor;
        if (!firecracker && (cpuTemplate != null || disableSmt || logLevel != null || firecrackerLog != null
                || apiSocket || firecrackerBinary != null)) {
            throw new IllegalArgumentException("--cpu-template, --disable-smt, --log-level, --firecracker-log, "
                    + "--api-socket and --firecracker-binary are for --hypervisor firecracker");
        }
        if (firecracker && qemuArgs != null) {
            throw new IllegalArgumentException("--qemu-arg is for the QEMU hypervisors");
        }
        Path logFile = firecrackerLog != null ? Path.of(firecrackerLog).toAbsolutePath()
                : logLevel != null && name != null ? logDir.resolve(name + "-firecracker.log") : null;
        Extras extras = new Extras(firecrackerBinary == null ? null : Path.of(firecrackerBinary).toAbsolutePath(),
                tapDevice == null ? null : Tap.parse(tapDevice),
                firecracker ? FirecrackerHypervisor.cpuTemplate(cpuTemplate) : null, disableSmt,
                FirecrackerHypervisor.logLevel(logLevel), logFile, apiSocket);
        return new VmSpec(name, hv.name(), file(kernel, elf ? image.vmlinux() : image.bzImage(), "--kernel", image),
                file(initrd, image.initramfs(), "--initrd", image), file(rootfs, image.rootfs(), "--rootfs", image),
                memMiB, vcpus, append, Accel.parse(accel != null ? accel : "auto"), persistent, prompt,
                words(qemuArgs), extras);
    }

    /** The option's path; the default image's file when not given; null for 'none'. */
    private static Path file(String given, Path fallback, String option, ImageLayout image) {
        if (given == null) {
            if (!ImageBuilder.isComplete(image)) {
                throw new VmbenchException("no " + option + " given and the default image is not built: run "
                        + "'image build', or pass " + option);
            }
            return fallback;
        }
        if (given.equalsIgnoreCase("none") && !option.equals("--kernel")) {
            return null;
        }
        return Path.of(given).toAbsolutePath();
    }

    /** Splits a line into words as a POSIX shell would for simple quoting: '...', "..." and spaces. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in --qemu-arg '" + line + "'");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
