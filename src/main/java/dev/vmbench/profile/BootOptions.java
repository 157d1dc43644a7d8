package dev.vmbench.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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
import dev.vmbench.text.PosixLine;

/**
 * The options of {@code boot} as given ({@link BootOption}s, a value each; not given: absent), which a profile
 * stores and a later boot overrides. This is the one way from options to a {@link VmSpec}: {@code boot}, profiles,
 * {@code compare} and the benchmarks all go through {@link #toSpec}, which fills what is missing with vmbench's
 * defaults and checks every value by the same rules {@link #validate} applies when a profile is saved.
 */
public final class BootOptions {

    public static final String DEFAULT_HYPERVISOR = "qemu-microvm";
    public static final String DEFAULT_MEM = "1G";
    public static final String DEFAULT_CPUS = "2";
    public static final String DEFAULT_TIMEOUT = dev.vmbench.guest.Readiness.DEFAULT_TIMEOUT.toSeconds() + "s";
    public static final int MAX_CPUS = 255;

    /** The keys a profile may hold, as the boot options are spelled (without "--"). */
    public static final List<String> KEYS = BootOption.keys();

    public static final BootOptions NONE = new BootOptions(new EnumMap<>(BootOption.class));

    /** What a boot that gives nothing uses (the files come from the default image, see {@link #toSpec}). */
    private static final BootOptions DEFAULTS = NONE.with(BootOption.HYPERVISOR, DEFAULT_HYPERVISOR)
            .with(BootOption.MEM, DEFAULT_MEM).with(BootOption.CPUS, DEFAULT_CPUS).with(BootOption.ACCEL, "auto")
            .with(BootOption.TIMEOUT, DEFAULT_TIMEOUT);

    private final EnumMap<BootOption, String> given;

    private BootOptions(EnumMap<BootOption, String> given) {
        this.given = given;
    }

    /** These options with one more given (a flag as "true"); a null value, or a flag "false", removes it. */
    public BootOptions with(BootOption option, String value) {
        EnumMap<BootOption, String> m = new EnumMap<>(given);
        if (value == null || option.flag() && !value.equalsIgnoreCase("true")) {
            m.remove(option);
        } else {
            m.put(option, option.flag() ? "true" : value);
        }
        return new BootOptions(m);
    }

    public BootOptions with(BootOption option, boolean on) {
        return with(option, on ? "true" : null);
    }

    /** The value given, or null. */
    public String get(BootOption option) {
        return given.get(option);
    }

    /** Whether a flag was given. */
    public boolean is(BootOption option) {
        return given.containsKey(option);
    }

    public String hypervisor() {
        return get(BootOption.HYPERVISOR);
    }

    public String append() {
        return get(BootOption.APPEND);
    }

    public boolean log() {
        return is(BootOption.LOG);
    }

    /** These options where given, else {@code base}'s. */
    public BootOptions over(BootOptions base) {
        EnumMap<BootOption, String> m = new EnumMap<>(base.given);
        m.putAll(given);
        return new BootOptions(m);
    }

    /** The given options by key, for a profile file, in the table's order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        given.forEach((o, v) -> m.put(o.key(), v));
        return m;
    }

    /**
     * Options from a profile, by key; an unknown key or a flag that is not true or false is refused.
     *
     * @throws BadOptionException naming the key
     */
    public static BootOptions fromMap(Map<String, String> m) {
        BootOptions o = NONE;
        for (Map.Entry<String, String> e : m.entrySet()) {
            BootOption option = BootOption.byKey(e.getKey()).orElseThrow(() -> new BadOptionException(e.getKey(),
                    "unknown option '" + e.getKey() + "': use " + String.join(", ", KEYS)));
            String v = e.getValue();
            if (option.flag() && v != null && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new BadOptionException(e.getKey(), "'" + v + "' is not a yes-or-no value: use true or false");
            }
            o = o.with(option, v);
        }
        return o;
    }

    public String hypervisorOrDefault() {
        return Objects.requireNonNullElse(hypervisor(), DEFAULT_HYPERVISOR);
    }

    public String timeoutOrDefault() {
        return Objects.requireNonNullElse(get(BootOption.TIMEOUT), DEFAULT_TIMEOUT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootOptions b && b.given.equals(given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return toMap().toString();
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
        checkFile("kernel", onThisMachine(get(BootOption.KERNEL)), "a kernel image");
        checkFile("initrd", onThisMachine(get(BootOption.INITRD)), "an initramfs");
        checkFile("rootfs", onThisMachine(get(BootOption.ROOTFS)), "a root disk image");
        return checked;
    }

    /**
     * As {@link #validate}, except that the files are not looked at: for listing and showing profiles, which
     * must work while a profile's kernel is away.
     */
    public Checked checkValues(Hypervisors hypervisors) {
        Hypervisor hv = parse("hypervisor", hypervisorOrDefault(), hypervisors::get);
        Checked checked = new Checked(hv, parse("mem", get(BootOption.MEM), MemSize::parseMiB),
                parse("cpus", get(BootOption.CPUS), BootOptions::parseCpus), parse("accel", get(BootOption.ACCEL), Accel::parse),
                parse("timeout", get(BootOption.TIMEOUT), Units::parseDuration), parse("tap-device", get(BootOption.TAP_DEVICE), Tap::parse),
                parse("cpu-template", get(BootOption.CPU_TEMPLATE), FirecrackerHypervisor::cpuTemplate),
                parse("log-level", get(BootOption.LOG_LEVEL), FirecrackerHypervisor::logLevel),
                parse("qemu-arg", get(BootOption.QEMU_ARG), BootOptions::words));
        parse("prompt", get(BootOption.PROMPT), VmSpec::checkPrompt);
        scratch();
        checkFits(hv, hypervisors);
        return checked;
    }

    /** The scratch disk asked for, or null; a bad size or cache mode is the option's complaint. */
    private dev.vmbench.hypervisor.Scratch scratch() {
        try {
            return dev.vmbench.hypervisor.Scratch.parse(get(BootOption.SCRATCH_DISK), get(BootOption.SCRATCH_CACHE));
        } catch (IllegalArgumentException e) {
            throw new BadOptionException(get(BootOption.SCRATCH_DISK) == null ? "scratch-cache" : "scratch-disk",
                    e.getMessage());
        }
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

    /** An option only some hypervisors read is refused for the others (--cpu-template for QEMU, say). */
    private void checkFits(Hypervisor hv, Hypervisors all) {
        for (BootOption o : given.keySet()) {
            List<String> readers = all.all().stream().filter(h -> h.ownOptions().contains(o.key()))
                    .map(Hypervisor::name).toList();
            if (!readers.isEmpty() && !readers.contains(hv.name())) {
                String whose = readers.size() == 1 ? "--hypervisor " + readers.get(0) : "the "
                        + readers.get(0).replaceFirst("-.*", "").toUpperCase(java.util.Locale.ROOT) + " hypervisors ("
                        + String.join(", ", readers) + ")";
                throw new BadOptionException(o.key(), "--" + o.key() + " is for " + whose + " only, and the "
                        + "hypervisor here is " + hv.name() + ": " + (readers.size() == 1 ? "add --hypervisor "
                        + readers.get(0) + ", or " : "") + "leave --" + o.key() + " out");
            }
        }
    }

    /**
     * A file named {@code H:PATH} with {@code --host H} is already on that host: it is neither checked nor copied
     * here ({@link #remoteFile}). @return the value for the checks here, or null when it is such a file
     */
    private String onThisMachine(String given) {
        return remoteFile(given, get(BootOption.HOST)) != null ? null : given;
    }

    /** The path on {@code host} of a value {@code host:PATH}, or null when the value is not one. */
    public static String remoteFile(String given, String host) {
        if (given == null || host == null || host.isBlank() || !given.startsWith(host + ":/")) {
            return null;
        }
        return given.substring(host.length() + 1);
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
     * @param logDir where a hypervisor that keeps a log of its own logs when no file is given:
     *               {@code NAME-STAMP-firecracker.log}
     */
    public VmSpec toSpec(String name, Hypervisors hypervisors, ImageLayout image, Path logDir) {
        Checked c = over(DEFAULTS).validate(hypervisors);
        Hypervisor hv = c.hypervisor();
        boolean elf = hv.kernelFormat() == Hypervisor.KernelFormat.ELF;
        String fcLog = get(BootOption.FIRECRACKER_LOG);
        Path logFile = fcLog != null ? Path.of(fcLog).toAbsolutePath()
                : name != null && hv.writesOwnLog() ? logDir.resolve(name + "-"
                + dev.vmbench.config.VmbenchPaths.stamp(java.time.Instant.now()) + "-" + hv.name() + ".log") : null;
        String binary = get(BootOption.FIRECRACKER_BINARY);
        Extras extras = new Extras(binary == null ? null : Path.of(binary).toAbsolutePath(), c.tap(), c.cpuTemplate(),
                is(BootOption.DISABLE_SMT), c.logLevel(), logFile, is(BootOption.API_SOCKET), scratch());
        String append = append();
        if (is(BootOption.FIRECRACKER_BOOT_ARGS)) {
            append = (append != null ? append : hv.defaultCmdline()) + " " + FirecrackerHypervisor.BOOT_TIME_OPTIONS;
        }
        return new VmSpec(name, hv.name(), file(get(BootOption.KERNEL), elf ? image.vmlinux() : image.bzImage(),
                "--kernel", image), file(get(BootOption.INITRD), image.initramfs(), "--initrd", image),
                file(get(BootOption.ROOTFS), image.rootfs(), "--rootfs", image), c.memMiB(), c.cpus(), append,
                c.accel(), is(BootOption.PERSISTENT), get(BootOption.PROMPT), c.qemuArgs(), extras);
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
        if (given.matches("[^/:]+:/.*")) {
            return Path.of(given); // H:PATH, a file already on the host (see remoteFile): left as given
        }
        return Path.of(given).toAbsolutePath();
    }

    /** Splits --qemu-arg's value into words as a POSIX shell would. */
    static List<String> words(String line) {
        if (line == null) {
            return List.of();
        }
        PosixLine.Split split = PosixLine.split(line);
        if (!split.complete()) {
            throw new IllegalArgumentException("unbalanced quote in --qemu-arg '" + line + "': close each ' or \" "
                    + "you open");
        }
        return split.texts();
    }
}
