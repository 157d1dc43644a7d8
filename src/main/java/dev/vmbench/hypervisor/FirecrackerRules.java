package dev.vmbench.hypervisor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Firecracker refuses, and what it and firectl use by default, restated from their sources so vmbench can
 * say before a launch what would go wrong. Pure: no files, no processes, no system properties; callers pass the
 * text of {@code /proc/cpuinfo} and the value of {@code os.arch}.
 *
 * <p>Sources are Firecracker's repository (github.com/firecracker-microvm/firecracker) at {@code main} after
 * v1.16.1, checked against the tags named below, and firectl's {@code options.go} (github.com/firecracker-microvm/
 * firectl, main). Paths below are inside those repositories.
 */
public final class FirecrackerRules {

    private FirecrackerRules() {
    }

    // ------------------------------------------------------------------------------------------------ limits

    /**
     * Most vCPUs Firecracker runs: {@code MAX_SUPPORTED_VCPUS: u8 = 32} in
     * {@code src/vmm/src/vmm_config/machine_config.rs} (same value v1.8.0 to main); the check is
     * {@code vcpu_count == 0 || vcpu_count > MAX_SUPPORTED_VCPUS}, so 32 itself is allowed.
     */
    public static final int MAX_VCPUS = 32;

    /**
     * Longest API socket path in bytes: Linux's {@code sockaddr_un.sun_path} holds 108 bytes including the
     * terminating NUL, and Rust's {@code UnixListener::bind} (used by micro_http's {@code HttpServer::new}) refuses
     * a path of 108 bytes or more ("path must be shorter than SUN_LEN").
     */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    // ---------------------------------------------------------------------------------- Firecracker defaults

    /**
     * The guest command line Firecracker uses when {@code boot_args} is left out, v1.14.0 to main
     * ({@code DEFAULT_KERNEL_CMDLINE} in {@code src/vmm/src/vmm_config/boot_source.rs}). It has no serial console
     * ({@code 8250.nr_uarts=0}); without {@code --enable-pci} the builder adds {@code pci=off} to any command line
     * ({@code src/vmm/src/builder.rs}, since v1.13.0).
     */
    public static final String FC_DEFAULT_BOOT_ARGS =
            "reboot=k panic=1 nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux i8042.dumbkbd swiotlb=noforce";
    /** The same default in v1.8.0 to v1.11.x (same file): with {@code pci=off} and {@code i8042.nopnp}. */
    public static final String FC_DEFAULT_BOOT_ARGS_1_8 =
            "reboot=k panic=1 pci=off nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux i8042.nopnp i8042.dumbkbd";
    /** The same default in v1.12.x: {@code i8042.nopnp} dropped (it broke SendCtrlAltDel on ACPI guests). */
    public static final String FC_DEFAULT_BOOT_ARGS_1_12 =
            "reboot=k panic=1 pci=off nomodule 8250.nr_uarts=0 i8042.noaux i8042.nomux i8042.dumbkbd";
    /** {@code KERNEL_BOOT_ARGS} in {@code docs/getting-started.md} on main (aarch64 adds {@code keep_bootcon}). */
    public static final String GETTING_STARTED_BOOT_ARGS = "console=ttyS0 reboot=k panic=1";
    /** {@code KERNEL_BOOT_ARGS} in {@code docs/getting-started.md} at v1.8.0 and v1.12.0. */
    public static final String GETTING_STARTED_BOOT_ARGS_1_8 = "console=ttyS0 reboot=k panic=1 pci=off";
    /**
     * The boot arguments of Firecracker's test framework ({@code basic_config} in {@code tests/framework/microvm.py},
     * main), to which it adds {@code pci=off} unless the VM runs with PCI.
     */
    public static final String TEST_FRAMEWORK_BOOT_ARGS =
            "reboot=k panic=1 nomodule swiotlb=noforce console=ttyS0 cryptomgr.notests";
    /**
     * The boot-time test's arguments ({@code DEFAULT_BOOT_ARGS} in
     * {@code tests/integration_tests/performance/test_boottime.py}, main): serial console off, i8042 probing cut
     * short; the test appends {@code init=/usr/local/bin/init}, the wrapper that signals the boot timer.
     */
    public static final String BOOT_TIME_TEST_BOOT_ARGS = "reboot=k panic=1 nomodule 8250.nr_uarts=0"
            + " i8042.noaux i8042.nomux i8042.nopnp i8042.dumbkbd swiotlb=noforce cryptomgr.notests";
    /**
     * What vmbench should start from for a guest it talks to over the serial console: Firecracker's getting-started
     * line plus {@code pci=off} (needed before v1.13, harmless after). No {@code noapic}: see
     * {@link #cmdlineWarnings(String, FcVersion, Arch)}.
     */
    public static final String RECOMMENDED_BOOT_ARGS = "console=ttyS0 reboot=k panic=1 pci=off";

    /** {@code DEFAULT_MEM_SIZE_MIB} in {@code machine_config.rs}. */
    public static final int FC_DEFAULT_MEM_MIB = 128;
    /** {@code MachineConfig::default()}: one vCPU. */
    public static final int FC_DEFAULT_VCPUS = 1;
    /** {@code MachineConfig::default()} and {@code #[serde(default)]}: SMT off when {@code smt} is left out. */
    public static final boolean FC_DEFAULT_SMT = false;
    /**
     * {@code DEFAULT_LEVEL} in {@code src/vmm/src/logger/logging.rs} (Info since v1.5.0, Warn before); without a
     * logger section or {@code --log-path} the log goes to Firecracker's stdout, the same stream as the serial
     * console.
     */
    public static final String FC_DEFAULT_LOG_LEVEL = "Info";
    /** {@code DEFAULT_API_SOCK_PATH} in {@code src/firecracker/src/main.rs}. */
    public static final String FC_DEFAULT_API_SOCKET = "/run/firecracker.socket";

    // -------------------------------------------------------------------------------------- firectl defaults

    /** firectl's {@code --kernel-opts} default ({@code options.go}); note the leading {@code ro}. */
    public static final String FIRECTL_KERNEL_OPTS = "ro console=ttyS0 noapic reboot=k panic=1 pci=off nomodules";
    /** firectl's {@code --memory}/{@code -m} default, MiB. */
    public static final int FIRECTL_MEM_MIB = 512;
    /** firectl's {@code --ncpus}/{@code -c} default. */
    public static final int FIRECTL_VCPUS = 1;
    /** firectl's {@code --log-level} default. */
    public static final String FIRECTL_LOG_LEVEL = "Debug";
    /**
     * firectl's flag that turns SMT off ({@code --disable-smt}, short {@code -t}); firectl sends
     * {@code smt: !disable-smt}, so SMT is on unless it is given (the opposite of Firecracker's own default).
     */
    public static final String FIRECTL_DISABLE_SMT = "--disable-smt";
    /** Short form of {@link #FIRECTL_DISABLE_SMT}. */
    public static final String FIRECTL_DISABLE_SMT_SHORT = "-t";

    // -------------------------------------------------------------------------------------------- versions

    /** A Firecracker release, major and minor; {@code null} where one is taken means the newest (main). */
    public record FcVersion(int major, int minor) implements Comparable<FcVersion> {

        /** v1.8.0: ACPI tables for x86_64 guests (hardware-reduced), MPTable deprecated. */
        public static final FcVersion ACPI = new FcVersion(1, 8);
        /** v1.12.0: static CPU templates checked against exact CPU models (commit c835e07f1). */
        public static final FcVersion EXACT_TEMPLATE_MODELS = new FcVersion(1, 12);

        private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)");

        /** Reads "Firecracker v1.12.0", "1.7.0" or similar; empty when no version is there. */
        public static Optional<FcVersion> parse(String text) {
            Matcher m = VERSION.matcher(text == null ? "" : text);
            return m.find() ? Optional.of(new FcVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                    : Optional.empty();
        }

        public boolean atLeast(FcVersion other) {
            return compareTo(other) >= 0;
        }

        @Override
        public int compareTo(FcVersion o) {
            return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** Null (newest) or at least {@code bound}. */
    private static boolean atLeast(FcVersion v, FcVersion bound) {
        return v == null || v.atLeast(bound);
    }

    // -------------------------------------------------------------------------------------------- host CPU

    /** The host architectures that matter to Firecracker, which builds for x86_64 and aarch64 only. */
    public enum Arch {
        X86_64, AARCH64, OTHER;

        /** From {@code os.arch} ("amd64", "x86_64", "aarch64", "arm64" ...); null for unknown. */
        public static Arch fromOsArch(String osArch) {
            if (osArch == null || osArch.isBlank()) {
                return null;
            }
            return switch (osArch.trim().toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64", "x86-64" -> X86_64;
                case "aarch64", "arm64" -> AARCH64;
                default -> OTHER;
            };
        }
    }

    public static final String VENDOR_INTEL = "GenuineIntel";
    public static final String VENDOR_AMD = "AuthenticAMD";
    /** {@code CPU implementer} of ARM Ltd. designs in {@code /proc/cpuinfo}. */
    public static final int ARM_IMPLEMENTER = 0x41;
    /** Arm {@code CPU part} numbers of the Neoverse cores Firecracker's CI runs on (Linux's cputype.h). */
    private static final Map<Integer, String> ARM_PARTS = Map.of(0xd0c, "Neoverse N1", 0xd40, "Neoverse V1",
            0xd49, "Neoverse N2", 0xd4f, "Neoverse V2");

    /**
     * One host CPU as {@code /proc/cpuinfo} shows it (first processor). Unknown numbers are -1, unknown strings
     * null.
     *
     * @param arch        host architecture (from {@code os.arch}, else guessed from the cpuinfo fields)
     * @param vendorId    x86 {@code vendor_id} (GenuineIntel, AuthenticAMD, ...); for aarch64 a name derived from
     *                    the implementer ("ARM" for 0x41), or null
     * @param family      x86 {@code cpu family} as Linux prints it (base family, plus the extended family when the
     *                    base is 15: AMD Zen 3/4 are 25)
     * @param model       x86 {@code model} as Linux prints it (extended model times 16 plus base model)
     * @param stepping    x86 {@code stepping}
     * @param modelName   {@code model name}, or for aarch64 the core's name when the part number is known
     * @param implementer aarch64 {@code CPU implementer}
     * @param part        aarch64 {@code CPU part}
     */
    public record HostCpu(Arch arch, String vendorId, int family, int model, int stepping, String modelName,
                          int implementer, int part) {

        public static HostCpu x86(String vendorId, int family, int model, int stepping, String modelName) {
            return new HostCpu(Arch.X86_64, vendorId, family, model, stepping, modelName, -1, -1);
        }

        public static HostCpu aarch64(int implementer, int part) {
            return new HostCpu(Arch.AARCH64, implementer == ARM_IMPLEMENTER ? "ARM" : null, -1, -1, -1,
                    implementer == ARM_IMPLEMENTER ? ARM_PARTS.get(part) : null, implementer, part);
        }

        /**
         * Reads the first processor of {@code /proc/cpuinfo} text. {@code osArch} (the JVM's {@code os.arch}) names
         * the architecture; when null the fields decide (vendor_id: x86_64, CPU implementer: aarch64).
         */
        public static HostCpu parse(String cpuinfo, String osArch) {
            Map<String, String> f = firstProcessor(cpuinfo == null ? "" : cpuinfo);
            Arch arch = Arch.fromOsArch(osArch);
            if (arch == null) {
                arch = f.containsKey("vendor_id") ? Arch.X86_64
                        : f.containsKey("cpu implementer") ? Arch.AARCH64 : Arch.OTHER;
            }
            if (arch == Arch.AARCH64) {
                HostCpu arm = aarch64(number(f.get("cpu implementer")), number(f.get("cpu part")));
                String name = f.get("model name") != null ? f.get("model name") : arm.modelName();
                return new HostCpu(arm.arch(), arm.vendorId(), -1, -1, -1, name, arm.implementer(), arm.part());
            }
            return new HostCpu(arch, f.get("vendor_id"), number(f.get("cpu family")), number(f.get("model")),
                    number(f.get("stepping")), f.get("model name"), number(f.get("cpu implementer")),
                    number(f.get("cpu part")));
        }

        /** Keys lower-cased, values trimmed, up to the first blank line after a field. */
        private static Map<String, String> firstProcessor(String text) {
            Map<String, String> fields = new HashMap<>();
            for (String line : text.split("\\R")) {
                if (line.isBlank()) {
                    if (!fields.isEmpty()) {
                        break;
                    }
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                fields.putIfAbsent(key, line.substring(colon + 1).trim());
            }
            return fields;
        }

        /** Decimal or 0x-hex; -1 when missing or not a number. */
        private static int number(String s) {
            if (s == null || s.isEmpty()) {
                return -1;
            }
            try {
                return s.startsWith("0x") || s.startsWith("0X") ? Integer.parseInt(s.substring(2), 16)
                        : Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        public boolean isIntel() {
            return VENDOR_INTEL.equals(vendorId);
        }

        public boolean isAmd() {
            return VENDOR_AMD.equals(vendorId);
        }

        /** Whether family, model and stepping are all known (x86). */
        public boolean knowsModel() {
            return family >= 0 && model >= 0 && stepping >= 0;
        }

        /**
         * CPUID leaf 1 EAX (the processor signature) rebuilt from the numbers Linux prints, the form Firecracker
         * reads ({@code CpuModel::from(&eax)} in {@code src/vmm/src/arch/x86_64/cpu_model.rs}); -1 when unknown.
         * Linux adds the extended family only when the base family is 15, and the extended model only when the
         * base family is 6 or 15; this undoes that.
         */
        public int cpuidSignature() {
            if (!knowsModel() || family > 15 + 0xff || model > 0xff || stepping > 0xf) {
                return -1;
            }
            int baseFamily = Math.min(family, 15);
            int extFamily = family >= 15 ? family - 15 : 0;
            boolean extended = baseFamily == 6 || baseFamily == 15;
            if (!extended && model > 0xf) {
                return -1;
            }
            int extModel = extended ? model >> 4 : 0;
            int baseModel = model & 0xf;
            return extFamily << 20 | extModel << 16 | baseFamily << 8 | baseModel << 4 | stepping;
        }

        /** "AMD EPYC 7R13 Processor (AuthenticAMD family 25 model 1 stepping 1)", "Neoverse N1 (aarch64 ...)". */
        public String describe() {
            String name = modelName == null || modelName.isBlank() ? "" : modelName + " ";
            if (arch == Arch.AARCH64) {
                return name + String.format("(aarch64, CPU implementer 0x%x part 0x%x)", implementer, part);
            }
            return name + "(" + (vendorId == null ? "unknown vendor" : vendorId) + " family " + family + " model "
                    + model + " stepping " + stepping + ")";
        }
    }

    // -------------------------------------------------------------------------------------- CPU templates

    /**
     * One x86 CPU model a static template accepts, as Linux prints it. Firecracker compares the whole CPUID
     * signature, stepping included ({@code #[derive(PartialEq)] struct CpuModel} and
     * {@code get_supported_cpu_models().contains(&cpu_model)}), so only this exact stepping passes.
     */
    public record CpuModel(String name, String vendorId, int family, int model, int stepping) {

        /** {@code SKYLAKE_FMS}: extended model 5, family 6, model 5, stepping 4 (signature 0x50654). */
        public static final CpuModel SKYLAKE = new CpuModel("Skylake", VENDOR_INTEL, 6, 85, 4);
        /** {@code CASCADE_LAKE_FMS}: extended model 5, family 6, model 5, stepping 7 (signature 0x50657). */
        public static final CpuModel CASCADE_LAKE = new CpuModel("Cascade Lake", VENDOR_INTEL, 6, 85, 7);
        /** {@code ICE_LAKE_FMS}: extended model 6, family 6, model 0xa, stepping 6 (signature 0x606a6). */
        public static final CpuModel ICE_LAKE = new CpuModel("Ice Lake", VENDOR_INTEL, 6, 106, 6);
        /** {@code MILAN_FMS}: extended family 0xa, family 0xf, model 1, stepping 1 (signature 0xa00f11). */
        public static final CpuModel MILAN = new CpuModel("Milan", VENDOR_AMD, 25, 1, 1);

        public boolean matches(HostCpu cpu) {
            return vendorId.equals(cpu.vendorId()) && family == cpu.family() && model == cpu.model()
                    && stepping == cpu.stepping();
        }

        /** "6/85/4": family/model/stepping. */
        public String fms() {
            return family + "/" + model + "/" + stepping;
        }
    }

    /**
     * Firecracker's static CPU templates (deprecated since v1.5.0, still present on main): the x86_64 ones in
     * {@code src/vmm/src/cpu_config/x86_64/static_cpu_templates/mod.rs} ({@code get_supported_vendor},
     * {@code get_supported_cpu_models}), V1N1 in {@code src/vmm/src/cpu_config/aarch64/static_cpu_templates/}.
     * A name of the other architecture is not a variant there at all, so the config is refused when read.
     */
    public enum CpuTemplate {
        C3(Arch.X86_64, VENDOR_INTEL, CpuModel.SKYLAKE, CpuModel.CASCADE_LAKE, CpuModel.ICE_LAKE),
        T2(Arch.X86_64, VENDOR_INTEL, CpuModel.SKYLAKE, CpuModel.CASCADE_LAKE, CpuModel.ICE_LAKE),
        T2S(Arch.X86_64, VENDOR_INTEL, CpuModel.SKYLAKE, CpuModel.CASCADE_LAKE),
        T2CL(Arch.X86_64, VENDOR_INTEL, CpuModel.CASCADE_LAKE, CpuModel.ICE_LAKE),
        T2A(Arch.X86_64, VENDOR_AMD, CpuModel.MILAN),
        /** Neoverse V1 shown as Neoverse N1; Firecracker checks no host model for it. */
        V1N1(Arch.AARCH64, null);

        private final Arch arch;
        private final String vendorId;
        private final List<CpuModel> models;

        CpuTemplate(Arch arch, String vendorId, CpuModel... models) {
            this.arch = arch;
            this.vendorId = vendorId;
            this.models = List.of(models);
        }

        public Arch arch() {
            return arch;
        }

        /** The CPUID vendor the template needs (x86_64), null for V1N1. */
        public String vendorId() {
            return vendorId;
        }

        /** The exact models accepted from v1.12.0 on; empty for V1N1 (no check). */
        public List<CpuModel> models() {
            return models;
        }

        /**
         * By name as users type it, any case (Firecracker's JSON wants the upper-case name, which
         * {@link FirecrackerHypervisor#cpuTemplate(String)} produces); empty for null, "none" or an unknown name.
         */
        public static Optional<CpuTemplate> named(String name) {
            if (name == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** Which hosts it is for, in words, as Firecracker {@code v} checks it. */
        String target(FcVersion v) {
            if (this == V1N1) {
                return "ARM (aarch64) hosts, meant for Neoverse V1";
            }
            String vendor = VENDOR_AMD.equals(vendorId) ? "AMD" : "Intel";
            if (atLeast(v, FcVersion.EXACT_TEMPLATE_MODELS)) {
                return vendor + " " + joinOr(models.stream().map(CpuModel::name).toList())
                        + " (family/model/stepping " + joinOr(models.stream().map(CpuModel::fms).toList()) + ")";
            }
            if (this == T2CL) {
                return "Intel Cascade Lake or newer (CPUID signature at least 0x50657)";
            }
            return vendor + " CPUs";
        }
    }

    /** Before v1.12.0 T2CL needed {@code CpuModel >= (0, 5, 6, 5, 7)} ({@code is_at_least_cascade_lake}). */
    private static final int CASCADE_LAKE_SIGNATURE = 0x50657;

    /** Whether Firecracker (newest) accepts {@code t} on {@code cpu}. */
    public static boolean accepts(CpuTemplate t, HostCpu cpu) {
        return accepts(t, cpu, null);
    }

    /**
     * Whether Firecracker {@code v} (null: newest) accepts {@code t} on {@code cpu}. From v1.12.0 the host's
     * CPUID vendor must be the template's and its signature one of the template's models
     * ({@code src/vmm/src/cpu_config/x86_64/custom_cpu_template.rs}); v1.8.0 to v1.11.x checked only the vendor,
     * plus "Cascade Lake or later" for T2CL (releases before 1.8 are given the same rules, unchecked). V1N1 is
     * accepted on any aarch64 host.
     */
    public static boolean accepts(CpuTemplate t, HostCpu cpu, FcVersion v) {
        if (cpu == null || cpu.arch() != t.arch()) {
            return false;
        }
        if (t.arch() == Arch.AARCH64) {
            return true;
        }
        if (!t.vendorId().equals(cpu.vendorId())) {
            return false;
        }
        if (atLeast(v, FcVersion.EXACT_TEMPLATE_MODELS)) {
            return t.models().stream().anyMatch(m -> m.matches(cpu));
        }
        return t != CpuTemplate.T2CL || cpu.cpuidSignature() >= CASCADE_LAKE_SIGNATURE;
    }

    /** The static templates the newest Firecracker accepts on {@code cpu}, ordered C3, T2, T2S, T2CL, T2A, V1N1. */
    public static List<String> templatesFor(HostCpu cpu) {
        return templatesFor(cpu, null);
    }

    /** The static templates Firecracker {@code v} (null: newest) accepts on {@code cpu}. */
    public static List<String> templatesFor(HostCpu cpu, FcVersion v) {
        List<String> out = new ArrayList<>();
        for (CpuTemplate t : CpuTemplate.values()) {
            if (accepts(t, cpu, v)) {
                out.add(t.name());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- refusals

    /** {@link #problems(int, boolean, String, String, HostCpu, FcVersion)} for the newest Firecracker. */
    public static List<String> problems(int vcpus, boolean smt, String cpuTemplate, String apiSocketPath,
                                        HostCpu cpu) {
        return problems(vcpus, smt, cpuTemplate, apiSocketPath, cpu, null);
    }

    /**
     * Every refusal Firecracker {@code v} (null: newest) would make for these settings on this host, one line
     * each saying what is wrong and what to do; empty when it would start. Firecracker itself stops at the first.
     * The vCPU and SMT refusals come when the machine config is read; the host checks (template vendor and model,
     * x86 vendor) only when the VM is built, that is at InstanceStart, or at once with {@code --config-file}.
     *
     * @param vcpus         vCPU count
     * @param smt           whether SMT is asked for (vmbench: not --disable-smt)
     * @param cpuTemplate   static template as typed (any case), or null / "none"
     * @param apiSocketPath the {@code --api-sock} path as it will be passed, or null when there is no API socket
     * @param cpu           the host, or null to skip the host checks
     */
    public static List<String> problems(int vcpus, boolean smt, String cpuTemplate, String apiSocketPath,
                                        HostCpu cpu, FcVersion v) {
        List<String> out = new ArrayList<>();
        Arch arch = cpu == null ? null : cpu.arch();
        if (arch == Arch.OTHER) {
            out.add("Firecracker runs only on x86_64 and aarch64 hosts, and this host is neither: use QEMU here");
        }
        if (arch == Arch.X86_64 && cpu.vendorId() != null && !cpu.isIntel() && !cpu.isAmd()) {
            out.add("Firecracker boots guests only on Intel (" + VENDOR_INTEL + ") or AMD (" + VENDOR_AMD
                    + ") x86_64 hosts; this host reports " + cpu.vendorId() + ": use QEMU here");
        }
        // machine_config.rs MachineConfig::update: aarch64 SMT first, then the count, then odd-with-SMT.
        if (smt && arch == Arch.AARCH64) {
            out.add("SMT cannot be on for an aarch64 guest (Firecracker: \"Enabling simultaneous multithreading is"
                    + " not supported on aarch64\"): pass --disable-smt");
        }
        if (vcpus < 1) {
            out.add(vcpus + " vCPUs: Firecracker needs at least 1");
        } else if (vcpus > MAX_VCPUS) {
            out.add(vcpus + " vCPUs is more than the " + MAX_VCPUS + " Firecracker allows: give " + MAX_VCPUS
                    + " or fewer");
        }
        if (smt && arch != Arch.AARCH64 && vcpus > 1 && vcpus % 2 == 1) {
            out.add(vcpus + " vCPUs with SMT on: an odd vCPU count above 1 needs --disable-smt or an even count");
        }
        String t = cpuTemplate == null ? null : cpuTemplate.trim();
        if (t != null && !t.isEmpty() && !t.equalsIgnoreCase("none")) {
            templateProblem(t, cpu, v).ifPresent(out::add);
        }
        if (apiSocketPath != null) {
            int bytes = apiSocketPath.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0) {
                out.add("the API socket path is empty: give a file path");
            } else if (bytes > MAX_SOCKET_PATH_BYTES) {
                out.add("the API socket path is " + bytes + " bytes, more than the " + MAX_SOCKET_PATH_BYTES
                        + " a Unix socket path can hold: use a shorter state folder");
            }
        }
        return out;
    }

    private static Optional<String> templateProblem(String typed, HostCpu cpu, FcVersion v) {
        Optional<CpuTemplate> named = CpuTemplate.named(typed);
        if (named.isEmpty()) {
            return Optional.of("unknown CPU template '" + typed + "': Firecracker knows C3, T2, T2S, T2CL, T2A"
                    + " (x86_64) and V1N1 (aarch64), or none");
        }
        CpuTemplate t = named.get();
        if (cpu == null || cpu.arch() == Arch.OTHER) {
            return Optional.empty();
        }
        String use = suggestion(cpu, v);
        if (t.arch() != cpu.arch()) {
            return Optional.of(t == CpuTemplate.V1N1
                    ? "V1N1 is an ARM template; this host is x86_64: " + use
                    : "CPU template " + t + " is an x86_64 template; this host is aarch64: " + use);
        }
        if (accepts(t, cpu, v)) {
            return Optional.empty();
        }
        if (cpu.arch() == Arch.X86_64 && (cpu.vendorId() == null
                || (t.vendorId().equals(cpu.vendorId()) && !cpu.knowsModel()))) {
            return Optional.of("cannot tell this host's CPU model, and CPU template " + t + " is only for "
                    + t.target(v) + ": use none unless the host is one of those");
        }
        return Optional.of("CPU template " + t + " is for " + t.target(v) + "; this host is " + cpu.describe()
                + ": " + use);
    }

    /** "use none", "use none (or T2A on this host)". */
    private static String suggestion(HostCpu cpu, FcVersion v) {
        List<String> ok = templatesFor(cpu, v);
        return ok.isEmpty() ? "use none" : "use none (or " + joinOr(ok) + " on this host)";
    }

    private static String joinOr(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    // ---------------------------------------------------------------------------------------- command line

    /**
     * Guest command-line options that make a Firecracker guest misbehave without Firecracker refusing anything;
     * one line each. {@code v} null means the newest Firecracker.
     * <ul>
     *   <li>{@code noapic} from v1.8.0: Firecracker describes the machine with hardware-reduced ACPI
     *       ({@code FADT_F_HW_REDUCED_ACPI} in {@code src/vmm/src/acpi/mod.rs}; MADT with an IO-APIC and no
     *       PC-AT-compatible PIC flag), and an ACPI-enabled Linux guest then uses no legacy PIC, so with the
     *       IO-APIC switched off the serial port and virtio-mmio devices get no interrupts (issue #4816).
     *       Firecracker itself dropped {@code noapic} from its default in 0.7.0; firectl still has it.</li>
     *   <li>no {@code console=ttyS0}, or {@code 8250.nr_uarts=0}: nothing on the serial console vmbench reads.</li>
     *   <li>no {@code reboot=k} (x86_64): a guest reboot, or a panic with {@code panic=N}, does not end
     *       Firecracker ({@code FAQ.md}: the i8042 reset is what Firecracker turns into its exit).</li>
     * </ul>
     */
    public static List<String> cmdlineWarnings(String cmdline, FcVersion v, Arch arch) {
        List<String> tokens = Arrays.asList((cmdline == null ? "" : cmdline.trim()).split("\\s+"));
        List<String> out = new ArrayList<>();
        if (tokens.contains("noapic") && arch != Arch.AARCH64 && atLeast(v, FcVersion.ACPI)) {
            out.add("noapic: from Firecracker 1.8 an ACPI guest kernel has no legacy PIC, so without the IO-APIC"
                    + " the serial port and virtio devices get no interrupts: drop noapic");
        }
        if (tokens.stream().noneMatch(s -> s.equals("console=ttyS0") || s.startsWith("console=ttyS0,"))) {
            out.add("no console=ttyS0: the guest console will not be on the serial port: add console=ttyS0");
        }
        if (tokens.contains("8250.nr_uarts=0")) {
            out.add("8250.nr_uarts=0 turns the guest's serial port off: remove it");
        }
        if (arch != Arch.AARCH64 && !tokens.contains("reboot=k")) {
            out.add("no reboot=k: on x86_64 a guest reboot or panic will not end Firecracker: add reboot=k");
        }
        return out;
    }
}
