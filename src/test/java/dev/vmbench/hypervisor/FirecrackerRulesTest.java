package dev.vmbench.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.vmbench.hypervisor.FirecrackerRules.Arch;
import dev.vmbench.hypervisor.FirecrackerRules.CpuTemplate;
import dev.vmbench.hypervisor.FirecrackerRules.FcVersion;
import dev.vmbench.hypervisor.FirecrackerRules.HostCpu;

/**
 * Firecracker's refusals as restated in {@link FirecrackerRules}. The expected template sets below are written
 * out independently of the class, from Firecracker's {@code static_cpu_templates/mod.rs} and {@code cpu_model.rs}
 * (main and v1.12.0: exact CPUID signatures) and {@code custom_cpu_template.rs} at v1.8.0 to v1.11.0 (vendor only,
 * T2CL at least Cascade Lake).
 */
class FirecrackerRulesTest {

    // /proc/cpuinfo excerpts in the layout Linux prints, for the EC2 hosts Firecracker's CI uses. Family, model
    // and stepping agree with the leaf-1 EAX in Firecracker's tests/data/cpu_template_helper fingerprints
    // (Cascade Lake 0x50657, Ice Lake 0x606a6, Sapphire Rapids 0x806f8, Milan 0xa00f11, Genoa 0xa10f11) and,
    // for Skylake, with SKYLAKE_FMS (0x50654). Only the last fixture, this machine's, is read live.

    static final String SKYLAKE = """
            processor	: 0
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 85
            model name	: Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz
            stepping	: 4
            microcode	: 0x2007006
            cpu MHz		: 2500.000
            cache size	: 33792 KB
            physical id	: 0
            siblings	: 2
            flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid hypervisor avx512f avx512dq avx512cd avx512bw avx512vl

            processor	: 1
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 85
            model name	: Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz
            stepping	: 4
            """;

    static final String CASCADE_LAKE = """
            processor	: 0
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 85
            model name	: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz
            stepping	: 7
            microcode	: 0x5003901
            cpu MHz		: 2499.998
            flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr ht syscall nx lm avx512f avx512_vnni
            """;

    static final String ICE_LAKE = """
            processor	: 0
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 106
            model name	: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
            stepping	: 6
            microcode	: 0xd000421
            cpu MHz		: 2900.000
            """;

    static final String SAPPHIRE_RAPIDS = """
            processor	: 0
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 143
            model name	: Intel(R) Xeon(R) Platinum 8488C
            stepping	: 8
            microcode	: 0x2b000661
            """;

    static final String MILAN = """
            processor	: 0
            vendor_id	: AuthenticAMD
            cpu family	: 25
            model		: 1
            model name	: AMD EPYC 7R13 Processor
            stepping	: 1
            microcode	: 0xa0011de
            cpu MHz		: 2649.998
            """;

    static final String GENOA = """
            processor	: 0
            vendor_id	: AuthenticAMD
            cpu family	: 25
            model		: 17
            model name	: AMD EPYC 9R14 96-Core Processor
            stepping	: 1
            microcode	: 0xa101158
            """;

    static final String NEOVERSE_N1 = """
            processor	: 0
            BogoMIPS	: 243.75
            Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
            CPU implementer	: 0x41
            CPU architecture: 8
            CPU variant	: 0x3
            CPU part	: 0xd0c
            CPU revision	: 1

            processor	: 1
            BogoMIPS	: 243.75
            CPU implementer	: 0x41
            CPU part	: 0xd0c
            """;

    static final String NEOVERSE_V1 = """
            processor	: 0
            BogoMIPS	: 2100.00
            Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng
            CPU implementer	: 0x41
            CPU architecture: 8
            CPU variant	: 0x1
            CPU part	: 0xd40
            CPU revision	: 1
            """;

    static HostCpu x86(String cpuinfo) {
        return HostCpu.parse(cpuinfo, "amd64");
    }

    /** The oracle: vendor/family/model/stepping to the templates Firecracker main accepts; anything else: none. */
    static final Map<String, Set<String>> ACCEPTED = Map.of(
            "GenuineIntel/6/85/4", Set.of("C3", "T2", "T2S"),
            "GenuineIntel/6/85/7", Set.of("C3", "T2", "T2S", "T2CL"),
            "GenuineIntel/6/106/6", Set.of("C3", "T2", "T2CL"),
            "AuthenticAMD/25/1/1", Set.of("T2A"));

    static Set<String> expected(HostCpu c) {
        if (c.arch() == Arch.AARCH64) {
            return Set.of("V1N1");
        }
        if (c.arch() != Arch.X86_64) {
            return Set.of();
        }
        return ACCEPTED.getOrDefault(c.vendorId() + "/" + c.family() + "/" + c.model() + "/" + c.stepping(),
                Set.of());
    }

    // ------------------------------------------------------------------------------------------ the parser

    @Test
    void parsesX86Fields() {
        HostCpu c = x86(CASCADE_LAKE);
        assertThat(c).isEqualTo(new HostCpu(Arch.X86_64, "GenuineIntel", 6, 85, 7,
                "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz", -1, -1));
        assertThat(x86(GENOA).describe()).isEqualTo(
                "AMD EPYC 9R14 96-Core Processor (AuthenticAMD family 25 model 17 stepping 1)");
    }

    @Test
    void readsOnlyTheFirstProcessor() {
        String mixed = SKYLAKE.replaceFirst("(?s)(processor\\t: 1.*?stepping\\t: )4", "$17");
        assertThat(mixed).contains("stepping\t: 7");
        assertThat(x86(mixed).stepping()).isEqualTo(4);
    }

    @Test
    void parsesArmFieldsAndNamesTheCore() {
        HostCpu n1 = HostCpu.parse(NEOVERSE_N1, "aarch64");
        assertThat(n1.arch()).isEqualTo(Arch.AARCH64);
        assertThat(n1.implementer()).isEqualTo(0x41);
        assertThat(n1.part()).isEqualTo(0xd0c);
        assertThat(n1.vendorId()).isEqualTo("ARM");
        assertThat(n1.modelName()).isEqualTo("Neoverse N1");
        assertThat(HostCpu.parse(NEOVERSE_V1, "arm64").modelName()).isEqualTo("Neoverse V1");
        assertThat(n1.describe()).isEqualTo("Neoverse N1 (aarch64, CPU implementer 0x41 part 0xd0c)");
    }

    @Test
    void architectureFromOsArchElseFromTheFields() {
        assertThat(Arch.fromOsArch("amd64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.fromOsArch("x86_64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.fromOsArch("aarch64")).isEqualTo(Arch.AARCH64);
        assertThat(Arch.fromOsArch("riscv64")).isEqualTo(Arch.OTHER);
        assertThat(Arch.fromOsArch(null)).isNull();
        assertThat(HostCpu.parse(MILAN, null).arch()).isEqualTo(Arch.X86_64);
        assertThat(HostCpu.parse(NEOVERSE_V1, null).arch()).isEqualTo(Arch.AARCH64);
        assertThat(HostCpu.parse("processor : 0\nhart : 1\nisa : rv64imafdc\n", null).arch()).isEqualTo(Arch.OTHER);
    }

    @Test
    void missingFieldsAreUnknownNotZero() {
        HostCpu c = HostCpu.parse("processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Some CPU\n", "amd64");
        assertThat(c.family()).isEqualTo(-1);
        assertThat(c.knowsModel()).isFalse();
        assertThat(c.cpuidSignature()).isEqualTo(-1);
        assertThat(FirecrackerRules.templatesFor(c)).isEmpty();
        assertThat(FirecrackerRules.problems(1, false, "T2", null, c)).singleElement().asString()
                .startsWith("cannot tell this host's CPU model");
    }

    // ------------------------------------------------------------------------------------ CPUID signatures

    @Test
    void theModelConstantsAreFirecrackersSignatures() {
        // cpu_model.rs tests: skylake_eax 0x00050654, cascade_lake_eax 0x00050657, ice_lake_eax 0x000606a6,
        // milan_eax 0x00a00f11
        assertThat(x86(SKYLAKE).cpuidSignature()).isEqualTo(0x00050654);
        assertThat(x86(CASCADE_LAKE).cpuidSignature()).isEqualTo(0x00050657);
        assertThat(x86(ICE_LAKE).cpuidSignature()).isEqualTo(0x000606a6);
        assertThat(x86(MILAN).cpuidSignature()).isEqualTo(0x00a00f11);
        assertThat(x86(GENOA).cpuidSignature()).isEqualTo(0x00a10f11);
        assertThat(x86(SAPPHIRE_RAPIDS).cpuidSignature()).isEqualTo(0x000806f8);
    }

    /** Any signature Linux can print back (family 6 or 15 base, or no extended fields) is rebuilt exactly. */
    @Property
    void signatureRoundTrip(@ForAll @IntRange(min = 1, max = 15) int baseFamily,
                            @ForAll @IntRange(min = 0, max = 0xff) int extFamily,
                            @ForAll @IntRange(min = 0, max = 15) int extModel,
                            @ForAll @IntRange(min = 0, max = 15) int baseModel,
                            @ForAll @IntRange(min = 0, max = 15) int stepping) {
        int ef = baseFamily == 15 ? extFamily : 0;
        int em = baseFamily == 6 || baseFamily == 15 ? extModel : 0;
        int eax = ef << 20 | em << 16 | baseFamily << 8 | baseModel << 4 | stepping;
        // what Linux prints (arch/x86/lib/cpu.c x86_family / x86_model)
        int family = baseFamily == 15 ? baseFamily + ef : baseFamily;
        int model = family >= 6 ? baseModel + (em << 4) : baseModel;
        assertThat(HostCpu.x86("GenuineIntel", family, model, stepping, null).cpuidSignature()).isEqualTo(eax);
    }

    // -------------------------------------------------------------------------------------- CPU templates

    @Test
    void templatesOnEachHost() {
        assertThat(FirecrackerRules.templatesFor(x86(SKYLAKE))).containsExactly("C3", "T2", "T2S");
        assertThat(FirecrackerRules.templatesFor(x86(CASCADE_LAKE))).containsExactly("C3", "T2", "T2S", "T2CL");
        assertThat(FirecrackerRules.templatesFor(x86(ICE_LAKE))).containsExactly("C3", "T2", "T2CL");
        assertThat(FirecrackerRules.templatesFor(x86(SAPPHIRE_RAPIDS))).isEmpty();
        assertThat(FirecrackerRules.templatesFor(x86(MILAN))).containsExactly("T2A");
        assertThat(FirecrackerRules.templatesFor(x86(GENOA))).isEmpty();
        assertThat(FirecrackerRules.templatesFor(HostCpu.parse(NEOVERSE_N1, "aarch64"))).containsExactly("V1N1");
        assertThat(FirecrackerRules.templatesFor(HostCpu.parse(NEOVERSE_V1, "aarch64"))).containsExactly("V1N1");
    }

    @Test
    void theSteppingMustMatchExactly() {
        // Cascade Lake stepping 6, Skylake stepping 3, Ice Lake-D (model 108), Milan-X (stepping 2), Granite Rapids
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("GenuineIntel", 6, 85, 6, null))).isEmpty();
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("GenuineIntel", 6, 85, 3, null))).isEmpty();
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("GenuineIntel", 6, 108, 1, null))).isEmpty();
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("AuthenticAMD", 25, 1, 2, null))).isEmpty();
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("GenuineIntel", 6, 173, 1, null))).isEmpty();
        // the vendor is part of it: an AMD part with Intel's numbers gets nothing Intel
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("AuthenticAMD", 6, 85, 4, null))).isEmpty();
    }

    @Test
    void beforeOneTwelveOnlyTheVendorAndCascadeLakeForT2cl() {
        FcVersion v111 = new FcVersion(1, 11);
        assertThat(FirecrackerRules.templatesFor(x86(SAPPHIRE_RAPIDS), v111))
                .containsExactly("C3", "T2", "T2S", "T2CL");
        assertThat(FirecrackerRules.templatesFor(x86(SKYLAKE), v111)).containsExactly("C3", "T2", "T2S");
        assertThat(FirecrackerRules.templatesFor(HostCpu.x86("GenuineIntel", 6, 85, 6, null), v111))
                .containsExactly("C3", "T2", "T2S");
        assertThat(FirecrackerRules.templatesFor(x86(GENOA), v111)).containsExactly("T2A");
        assertThat(FirecrackerRules.templatesFor(x86(SAPPHIRE_RAPIDS), new FcVersion(1, 12))).isEmpty();
        assertThat(FirecrackerRules.problems(1, false, "T2CL", null, x86(SKYLAKE), v111)).singleElement()
                .asString().contains("Intel Cascade Lake or newer");
    }

    @Test
    void theEnumIsWhatTheHypervisorAccepts() {
        assertThat(Arrays.stream(CpuTemplate.values()).map(Enum::name).collect(Collectors.toSet()))
                .isEqualTo(FirecrackerHypervisor.CPU_TEMPLATES);
    }

    static final List<HostCpu> NOTABLE = List.of(HostCpu.x86("GenuineIntel", 6, 85, 4, null),
            HostCpu.x86("GenuineIntel", 6, 85, 7, null), HostCpu.x86("GenuineIntel", 6, 106, 6, null),
            HostCpu.x86("AuthenticAMD", 25, 1, 1, null), HostCpu.x86("GenuineIntel", 6, 85, 5, null),
            HostCpu.x86("AuthenticAMD", 25, 17, 1, null), HostCpu.x86("HygonGenuine", 24, 1, 1, null));

    @Provide
    Arbitrary<HostCpu> hosts() {
        Arbitrary<HostCpu> random = Combinators.combine(
                Arbitraries.of("GenuineIntel", "AuthenticAMD", "HygonGenuine", "CentaurHauls"),
                Arbitraries.integers().between(3, 30), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 15)).as((v, f, m, s) -> HostCpu.x86(v, f, m, s, null));
        Arbitrary<HostCpu> arm = Arbitraries.of(0xd0c, 0xd40, 0xd4f, 0xd08).map(p -> HostCpu.aarch64(0x41, p));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(2, Arbitraries.of(NOTABLE)), Tuple.of(1, arm));
    }

    /** On any host, exactly the oracle's templates are accepted, and every other one is refused in one line. */
    @Property
    void templatesMatchTheOracle(@ForAll("hosts") HostCpu cpu) {
        assertThat(Set.copyOf(FirecrackerRules.templatesFor(cpu))).isEqualTo(expected(cpu));
        boolean badVendor = cpu.arch() == Arch.X86_64 && !cpu.isIntel() && !cpu.isAmd();
        for (CpuTemplate t : CpuTemplate.values()) {
            List<String> p = FirecrackerRules.problems(1, false, t.name().toLowerCase(), null, cpu);
            List<String> aboutTemplate = p.stream().filter(s -> s.contains(t.name())).toList();
            if (expected(cpu).contains(t.name())) {
                assertThat(p).isEmpty();
            } else {
                assertThat(aboutTemplate).as("%s on %s: %s", t, cpu.describe(), p).hasSize(1);
                assertThat(p).hasSize(badVendor ? 2 : 1);
            }
        }
    }

    @Test
    void templateMessagesSayWhatItIsForAndWhatToUse() {
        assertThat(FirecrackerRules.problems(1, false, "T2", null, x86(GENOA))).containsExactly(
                "CPU template T2 is for Intel Skylake, Cascade Lake or Ice Lake (family/model/stepping 6/85/4,"
                        + " 6/85/7 or 6/106/6); this host is AMD EPYC 9R14 96-Core Processor (AuthenticAMD family 25"
                        + " model 17 stepping 1): use none");
        assertThat(FirecrackerRules.problems(1, false, "C3", null, x86(MILAN))).singleElement().asString()
                .endsWith(": use none (or T2A on this host)");
        assertThat(FirecrackerRules.problems(1, false, "T2S", null, x86(ICE_LAKE))).singleElement().asString()
                .endsWith(": use none (or C3, T2 or T2CL on this host)");
        assertThat(FirecrackerRules.problems(1, false, "V1N1", null, x86(ICE_LAKE))).singleElement().asString()
                .startsWith("V1N1 is an ARM template; this host is x86_64");
        assertThat(FirecrackerRules.problems(1, false, "T2A", null, HostCpu.parse(NEOVERSE_V1, "aarch64")))
                .containsExactly("CPU template T2A is an x86_64 template; this host is aarch64: use none (or V1N1"
                        + " on this host)");
        assertThat(FirecrackerRules.problems(1, false, "T3", null, x86(ICE_LAKE))).singleElement().asString()
                .startsWith("unknown CPU template 'T3'");
        assertThat(FirecrackerRules.problems(1, false, "none", null, x86(GENOA))).isEmpty();
        assertThat(FirecrackerRules.problems(1, false, null, null, x86(GENOA))).isEmpty();
        assertThat(FirecrackerRules.problems(1, false, "t2cl", null, x86(CASCADE_LAKE))).isEmpty();
    }

    @Test
    void otherX86VendorsAndArchitecturesAreRefused() {
        assertThat(FirecrackerRules.problems(2, true, null, null,
                HostCpu.x86("HygonGenuine", 24, 1, 1, "Hygon C86 7185"))).singleElement().asString()
                .contains("reports HygonGenuine");
        HostCpu riscv = HostCpu.parse("processor : 0\nisa : rv64\n", "riscv64");
        assertThat(FirecrackerRules.problems(1, false, "T2", null, riscv)).singleElement().asString()
                .startsWith("Firecracker runs only on x86_64 and aarch64 hosts");
    }

    // ------------------------------------------------------------------------------------------ vCPUs, SMT

    @Property
    void vcpuCountAndSmtOnX86(@ForAll @IntRange(min = -2, max = 70) int vcpus, @ForAll boolean smt) {
        List<String> p = FirecrackerRules.problems(vcpus, smt, null, null, x86(ICE_LAKE));
        boolean refused = vcpus < 1 || vcpus > 32 || (smt && vcpus > 1 && vcpus % 2 == 1);
        assertThat(p.isEmpty()).as("%d vCPUs, smt %s: %s", vcpus, smt, p).isEqualTo(!refused);
    }

    @Test
    void vcpuMessages() {
        assertThat(FirecrackerRules.problems(3, true, null, null, x86(MILAN))).containsExactly(
                "3 vCPUs with SMT on: an odd vCPU count above 1 needs --disable-smt or an even count");
        assertThat(FirecrackerRules.problems(32, true, null, null, x86(MILAN))).isEmpty();
        assertThat(FirecrackerRules.problems(33, false, null, null, x86(MILAN))).containsExactly(
                "33 vCPUs is more than the 32 Firecracker allows: give 32 or fewer");
        assertThat(FirecrackerRules.problems(0, false, null, null, null)).containsExactly(
                "0 vCPUs: Firecracker needs at least 1");
        assertThat(FirecrackerRules.problems(33, true, null, null, null)).hasSize(2);
    }

    @Test
    void smtIsRefusedOnArmAndTheOddCountIsNotRepeated() {
        HostCpu n1 = HostCpu.parse(NEOVERSE_N1, "aarch64");
        assertThat(FirecrackerRules.problems(1, true, null, null, n1)).singleElement().asString()
                .startsWith("SMT cannot be on for an aarch64 guest").endsWith("pass --disable-smt");
        assertThat(FirecrackerRules.problems(3, true, null, null, n1)).hasSize(1);
        assertThat(FirecrackerRules.problems(3, false, "V1N1", null, n1)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ API socket

    @Property
    void socketPathLimit(@ForAll @IntRange(min = 1, max = 200) int length) {
        String path = "/" + "s".repeat(length - 1);
        List<String> p = FirecrackerRules.problems(1, false, null, path, null);
        assertThat(p.isEmpty()).isEqualTo(length <= 107);
        if (length > 107) {
            assertThat(p).containsExactly("the API socket path is " + length
                    + " bytes, more than the 107 a Unix socket path can hold: use a shorter state folder");
        }
    }

    @Test
    void socketPathCountsUtf8Bytes() {
        String path = "/tmp/" + "é".repeat(51); // 5 + 102 bytes: fits; one more character does not
        assertThat(path.length()).isEqualTo(56);
        assertThat(FirecrackerRules.problems(1, false, null, path, null)).isEmpty();
        assertThat(FirecrackerRules.problems(1, false, null, path + "é", null)).singleElement().asString()
                .contains("109 bytes");
        assertThat(FirecrackerRules.problems(1, false, null, "", null)).singleElement().asString()
                .contains("empty");
    }

    // ------------------------------------------------------------------------------ command line, versions

    @Test
    void noapicIsFlaggedFromOneEightOnX86() {
        String noapic = "noapic: from Firecracker 1.8";
        // vmbench's default has no noapic any more; firectl's still has
        assertThat(FirecrackerRules.cmdlineWarnings(FirecrackerHypervisor.DEFAULT_CMDLINE, null, Arch.X86_64))
                .isEmpty();
        assertThat(FirecrackerRules.cmdlineWarnings(FirecrackerRules.FIRECTL_KERNEL_OPTS, new FcVersion(1, 8),
                Arch.X86_64)).anyMatch(s -> s.startsWith(noapic));
        assertThat(FirecrackerRules.cmdlineWarnings(FirecrackerRules.FIRECTL_KERNEL_OPTS, new FcVersion(1, 7),
                Arch.X86_64)).isEmpty();
        assertThat(FirecrackerRules.cmdlineWarnings(FirecrackerRules.RECOMMENDED_BOOT_ARGS, null, Arch.X86_64))
                .isEmpty();
        assertThat(FirecrackerRules.cmdlineWarnings(FirecrackerRules.FC_DEFAULT_BOOT_ARGS, null, Arch.X86_64))
                .hasSize(2).anyMatch(s -> s.startsWith("no console=ttyS0"))
                .anyMatch(s -> s.startsWith("8250.nr_uarts=0"));
        assertThat(FirecrackerRules.cmdlineWarnings("console=ttyS0 panic=1", null, Arch.X86_64)).singleElement()
                .asString().startsWith("no reboot=k");
        assertThat(FirecrackerRules.cmdlineWarnings("console=ttyS0 panic=1", null, Arch.AARCH64)).isEmpty();
    }

    @Test
    void versions() {
        assertThat(FcVersion.parse("Firecracker v1.12.0")).contains(new FcVersion(1, 12));
        assertThat(FcVersion.parse("1.7.1")).contains(new FcVersion(1, 7));
        assertThat(FcVersion.parse("Firecracker")).isEmpty();
        assertThat(FcVersion.parse(null)).isEmpty();
        assertThat(new FcVersion(1, 16).atLeast(FcVersion.EXACT_TEMPLATE_MODELS)).isTrue();
        assertThat(new FcVersion(1, 9).atLeast(FcVersion.EXACT_TEMPLATE_MODELS)).isFalse();
        assertThat(new FcVersion(2, 0).atLeast(new FcVersion(1, 16))).isTrue();
    }

    @Test
    void defaultsAsTheSourcesHaveThem() {
        assertThat(FirecrackerRules.FIRECTL_KERNEL_OPTS.split(" ")).containsExactly("ro", "console=ttyS0", "noapic",
                "reboot=k", "panic=1", "pci=off", "nomodules");
        assertThat(FirecrackerRules.FC_DEFAULT_BOOT_ARGS).doesNotContain("console=").contains("8250.nr_uarts=0");
        assertThat(FirecrackerRules.FC_DEFAULT_BOOT_ARGS_1_8).contains("i8042.nopnp").contains("pci=off");
        assertThat(FirecrackerRules.FC_DEFAULT_BOOT_ARGS_1_12).doesNotContain("i8042.nopnp").contains("pci=off");
        assertThat(FirecrackerRules.RECOMMENDED_BOOT_ARGS).doesNotContain("noapic");
        assertThat(FirecrackerRules.FC_DEFAULT_SMT).isFalse();
        assertThat(FirecrackerRules.MAX_VCPUS).isEqualTo(32);
        assertThat(FirecrackerRules.MAX_SOCKET_PATH_BYTES).isEqualTo(108 - 1);
    }

    // ---------------------------------------------------------------------------------------- this machine

    @Test
    void thisMachine() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        Assumptions.assumeTrue(Files.isReadable(cpuinfo), "no /proc/cpuinfo here");
        String text = Files.readString(cpuinfo);
        String osArch = System.getProperty("os.arch");
        HostCpu cpu = HostCpu.parse(text, osArch);
        List<String> templates = FirecrackerRules.templatesFor(cpu);
        System.out.println("this machine: " + cpu.describe() + " (os.arch " + osArch + ")");
        System.out.println("  Firecracker (main) CPU templates here: " + (templates.isEmpty() ? "none" : templates));
        System.out.println("  Firecracker 1.11 CPU templates here: "
                + FirecrackerRules.templatesFor(cpu, new FcVersion(1, 11)));
        System.out.println("  2 vCPUs, SMT on, T2, default socket: "
                + FirecrackerRules.problems(2, true, "T2", "/run/firecracker.socket", cpu));

        assertThat(cpu.arch()).isEqualTo(Arch.fromOsArch(osArch));
        if (cpu.arch() == Arch.X86_64) {
            String vendor = text.lines().filter(l -> l.startsWith("vendor_id")).findFirst().orElseThrow()
                    .replaceFirst("^vendor_id\\s*:\\s*", "");
            assertThat(cpu.vendorId()).isEqualTo(vendor);
            assertThat(cpu.family()).isPositive();
            assertThat(cpu.model()).isNotNegative();
        }
        assertThat(Set.copyOf(templates)).isEqualTo(expected(cpu));
    }
}
