package dev.vmbench.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.TextFiles;
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
import dev.vmbench.report.Units;

/**
 * The options of {@code boot} as typed (null: not given), which a profile stores and a later boot
 * overrides. {@link #validate} checks the given values by boot's rules (a profile is checked so when saved);
 * {@link #toSpec} fills what is still missing with vmbench's defaults and checks every value the same way.
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
    public static final int MAX_CPUS = 255;

    /** The options only Firecracker reads, as a profile spells them. */
    static final List<String> FIRECRACKER_ONLY = List.of("cpu-template", "disable-smt", "log-level",
            "firecracker-log", "api-socket", "firecracker-binary");

    /** The keys a profile may hold, as the boot options are spelled (without "--"). */
    public static final List<String> KEYS = List.of("hypervisor", "kernel", "initrd", "rootfs", "mem", "cpus",
            "append", "accel", "timeout", "persistent", "prompt", "log", "qemu-arg", "firecracker-binary",
            "cpu-template", "disable-smt", "tap-device", "log-level", "firecracker-log", "api-socket");

    public static final BootOptions NONE = new BootOptions(null, null, null, null, null, null, null, null, null, false,
            null, false, null, null, null, false, null, null, null, false);

    /** What a boot that gives nothing uses (the files come from the default image, see {@link #toSpec}). */
    private static final BootOptions DEFAULTS = new BootOptions(DEFAULT_HYPERVISOR, null, null, null, DEFAULT_MEM,
            DEFAULT_CPUS, null, "auto", DEFAULT_TIMEOUT, false, null, false, null, null, null, false, null, null, null,
            false);

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
     * Options from a profile, by key; an unknown key or a flag that is not true or false is refused.
     *
     * @throws BadOptionException naming the key
     */
    public static BootOptions fromMap(Map<String, String> m) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new BadOptionException(k, "unknown option '" + k + "': use " + String.join(", ", KEYS));
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
            throw new BadOptionException(k, "'" + v + "' is not a yes-or-no value: use true or false");
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
     * The given values, parsed; null where an option was not given (the hypervisor is never null: not given,
     * it is the default one, whose rules the other options must fit).
     */
    public record Checked(Hypervisor hypervisor, Long memMiB, Integer cpus, Accel accel, Duration timeout, Tap tap,
                          String cpuTemplate, String logLevel, List<String> qemuArgs) {
    }

    /**
     * Checks every given value by the rules {@code boot} applies, and that the given kernel, initrd and root
     * disk are readable files. Options not given are not checked: the default image need not be built.
     *
     * @throws BadOptionException the first bad value, naming its key
     */
    public Checked validate(Hypervisors hypervisors) {
        Checked checked = checkValues(hypervisors);
        checkFile("kernel", kernel, "a kernel image");
        checkFile("initrd", initrd, "an initramfs");
        checkFile("rootfs", rootfs, "a root disk image");
        return checked;
    }

    /**
     * As {@link #validate}, except that the files are not looked at: for listing and showing profiles, which
     * must work while a profile's kernel is away.
     */
    public Checked checkValues(Hypervisors hypervisors) {
        Hypervisor hv = parse("hypervisor", hypervisorOrDefault(), hypervisors::get);
        Checked checked = new Checked(hv, parse("mem", mem, MemSize::parseMiB),
                parse("cpus", cpus, BootOptions::parseCpus), parse("accel", accel, Accel::parse),
                parse("timeout", timeout, Units::parseDuration), parse("tap-device", tapDevice, Tap::parse),
                parse("cpu-template", cpuTemplate, FirecrackerHypervisor::cpuTemplate),
                parse("log-level", logLevel, FirecrackerHypervisor::logLevel),
                parse("qemu-arg", qemuArgs, BootOptions::words));
        parse("prompt", prompt, BootOptions::checkPrompt);
        checkFits(hv);
        return checked;
    }

    /** The value parsed, or null when not given; a parser's complaint becomes the option's. */
    private static <T> T parse(String key, String value, Function<String, T> parser) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | VmbenchException e) {
            throw new BadOptionException(key, e.getMessage());
        }
    }

    private static Integer parseCpus(String text) {
        String hint = "give a whole number from 1 to " + MAX_CPUS + ", such as 2";
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --cpus '" + text + "': " + hint);
        }
        if (n < 1 || n > MAX_CPUS) {
            throw new IllegalArgumentException("--cpus " + n + " is out of range: " + hint);
        }
        return n;
    }

    private static String checkPrompt(String regex) {
        String hint = "give a pattern of the guest prompt itself, such as '[#$] '";
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad --prompt pattern '" + regex + "': " + e.getDescription() + "; "
                    + hint);
        }
        if (p.matcher("").find()) {
            throw new IllegalArgumentException("--prompt '" + regex + "' matches empty text, so every wait for the "
                    + "prompt would end at once: " + hint);
        }
        return regex;
    }

    /** Firecracker's options with Firecracker only, QEMU's with QEMU only. */
    private void checkFits(Hypervisor hv) {
        Map<String, String> given = toMap();
        if (!(hv instanceof FirecrackerHypervisor)) {
            for (String k : FIRECRACKER_ONLY) {
                if (given.containsKey(k)) {
                    throw new BadOptionException(k, "--" + k + " is for --hypervisor firecracker only, and the "
                            + "hypervisor here is " + hv.name() + ": add --hypervisor firecracker, or leave --" + k
                            + " out");
                }
            }
        } else if (qemuArgs != null) {
            throw new BadOptionException("qemu-arg", "--qemu-arg is for the QEMU hypervisors, not firecracker: "
                    + "leave it out");
        }
    }

    /** A given kernel, initrd or root disk must be a readable file; initrd and root disk may be 'none'. */
    private static void checkFile(String key, String given, String what) {
        if (given == null || given.equalsIgnoreCase("none") && !key.equals("kernel")) {
            return;
        }
        if (given.equalsIgnoreCase("none")) {
            throw new BadOptionException(key, "a VM needs a kernel, so --kernel cannot be 'none': give a kernel "
                    + "file, or leave --kernel out for the default image's");
        }
        parse(key, given, g -> {
            TextFiles.check(Path.of(g).toAbsolutePath(), what);
            return g;
        });
    }

    /**
     * The VM these options describe, every value checked ({@link #validate}). Options not given take
     * vmbench's defaults; files not given come from the default image: its vmlinux for a hypervisor that
     * boots ELF kernels (Firecracker), else its bzImage.
     *
     * @param logDir where Firecracker logs when no --firecracker-log is given: {@code NAME-STAMP-firecracker.log}
     */
    public VmSpec toSpec(String name, Hypervisors hypervisors, ImageLayout image, Path logDir) {
        Checked c = over(DEFAULTS).validate(hypervisors);
        Hypervisor hv = c.hypervisor();
        boolean elf = hv.kernelFormat() == Hypervisor.KernelFormat.ELF;
        Path logFile = firecrackerLog != null ? Path.of(firecrackerLog).toAbsolutePath()
                : name != null && hv.writesOwnLog() ? logDir.resolve(name + "-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now()) + "-firecracker.log") : null;
        Extras extras = new Extras(firecrackerBinary == null ? null : Path.of(firecrackerBinary).toAbsolutePath(),
                c.tap(), c.cpuTemplate(), disableSmt, c.logLevel(), logFile, apiSocket);
        return new VmSpec(name, hv.name(), file(kernel, elf ? image.vmlinux() : image.bzImage(), "--kernel", image),
                file(initrd, image.initramfs(), "--initrd", image), file(rootfs, image.rootfs(), "--rootfs", image),
                c.memMiB(), c.cpus(), append, c.accel(), persistent, prompt, c.qemuArgs(), extras);
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
            throw new IllegalArgumentException("unbalanced quote in --qemu-arg '" + line + "': close each ' or \" "
                    + "you open");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
