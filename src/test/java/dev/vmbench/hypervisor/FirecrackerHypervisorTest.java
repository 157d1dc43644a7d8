package dev.vmbench.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The firectl options as Firecracker config, checked against Firecracker's published API definitions
 * (swagger: BootSource, Drive, MachineConfiguration, NetworkInterface, Logger; field names, required
 * fields and types restated below).
 */
class FirecrackerHypervisorTest {

    static final Path FC = Path.of("/opt/fc/firecracker");
    static final Path DIR = Path.of("/state/vms/fc1");

    /** field: type ("string", "integer", "boolean"); required fields marked with a leading '!'. */
    static final Map<String, Map<String, String>> SCHEMA = Map.of(
            "boot-source", Map.of("!kernel_image_path", "string", "boot_args", "string", "initrd_path", "string"),
            "drives", Map.of("!drive_id", "string", "!is_root_device", "boolean", "is_read_only", "boolean",
                    "path_on_host", "string", "partuuid", "string", "cache_type", "string", "io_engine", "string"),
            "machine-config", Map.of("!vcpu_count", "integer", "!mem_size_mib", "integer", "smt", "boolean",
                    "cpu_template", "string", "track_dirty_pages", "boolean"),
            "network-interfaces", Map.of("!iface_id", "string", "!host_dev_name", "string", "guest_mac", "string"),
            "logger", Map.of("log_path", "string", "level", "string", "show_level", "boolean",
                    "show_log_origin", "boolean", "module", "string"));
    static final Set<String> CPU_TEMPLATE_ENUM = Set.of("C3", "T2", "T2S", "T2CL", "T2A", "V1N1", "None");
    static final Set<String> LEVEL_ENUM = Set.of("Error", "Warning", "Info", "Debug", "Trace", "Off");

    static VmSpec spec(Extras x, boolean persistent, String append) {
        return new VmSpec("fc1", "firecracker", Path.of("/img/vmlinux"), Path.of("/img/initramfs.cpio"),
                Path.of("/img/rootfs.ext4"), 1024, 2, append, Accel.KVM, persistent, null, List.of(), x);
    }

    static LaunchPlan plan(VmSpec s) {
        return new FirecrackerHypervisor().plan(s, new LaunchContext(FC, Accel.KVM, null, DIR));
    }

    static JsonNode config(LaunchPlan p) throws Exception {
        return new ObjectMapper().readTree(p.files().get(DIR.resolve("firecracker.json")));
    }

    /** Every object matches the schema: known fields only, required ones present, right JSON types. */
    static void validate(JsonNode root) {
        Iterator<String> sections = root.fieldNames();
        while (sections.hasNext()) {
            String section = sections.next();
            assertThat(SCHEMA).as("top-level section %s", section).containsKey(section);
            JsonNode node = root.get(section);
            List<JsonNode> objects = node.isArray() ? toList(node) : List.of(node);
            for (JsonNode o : objects) {
                Map<String, String> fields = SCHEMA.get(section);
                fields.forEach((k, type) -> {
                    if (k.startsWith("!")) {
                        assertThat(o.has(k.substring(1))).as("%s.%s is required", section, k.substring(1)).isTrue();
                    }
                });
                o.fieldNames().forEachRemaining(f -> {
                    String type = fields.getOrDefault(f, fields.get("!" + f));
                    assertThat(type).as("%s.%s is a Firecracker field", section, f).isNotNull();
                    JsonNode v = o.get(f);
                    switch (type) {
                        case "string" -> assertThat(v.isTextual()).as("%s.%s is a string", section, f).isTrue();
                        case "integer" -> assertThat(v.isIntegralNumber()).as("%s.%s is an integer", section, f).isTrue();
                        case "boolean" -> assertThat(v.isBoolean()).as("%s.%s is a boolean", section, f).isTrue();
                        default -> throw new AssertionError(type);
                    }
                });
            }
        }
        JsonNode mc = root.get("machine-config");
        if (mc.has("cpu_template")) {
            assertThat(CPU_TEMPLATE_ENUM).contains(mc.get("cpu_template").asText());
        }
        if (root.has("logger")) {
            assertThat(LEVEL_ENUM).contains(root.get("logger").get("level").asText());
        }
    }

    static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> l = new java.util.ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    @Test
    void defaultsAreFirecrackersRecommendedOptionsOnAPrivateDiskCopyWithTheLogInAFile() throws Exception {
        LaunchPlan p = plan(spec(Extras.NONE, false, null));
        assertThat(p.argv()).containsExactly(FC.toString(), "--no-api", "--config-file", DIR.resolve("firecracker.json").toString());
        JsonNode c = config(p);
        validate(c);
        assertThat(c.get("boot-source").get("boot_args").asText())
                .isEqualTo("console=ttyS0 reboot=k panic=1 pci=off root=/dev/vda rw").doesNotContain("nomodules")
                .doesNotContain("noapic");
        assertThat(c.get("boot-source").get("kernel_image_path").asText()).isEqualTo("/img/vmlinux");
        assertThat(c.get("boot-source").get("initrd_path").asText()).isEqualTo("/img/initramfs.cpio");
        assertThat(c.get("drives").get(0).get("path_on_host").asText()).isEqualTo(DIR.resolve("rootfs.ext4").toString());
        assertThat(p.diskCopy()).isEqualTo(Map.entry(Path.of("/img/rootfs.ext4"), DIR.resolve("rootfs.ext4")));
        assertThat(c.get("machine-config").get("vcpu_count").asInt()).isEqualTo(2);
        assertThat(c.get("machine-config").get("mem_size_mib").asInt()).isEqualTo(1024);
        assertThat(c.get("machine-config").get("smt").asBoolean()).isTrue();
        // never on the console: Firecracker logs to its stdout, the guest's console, when the config has no logger
        assertThat(c.get("logger").get("log_path").asText()).isEqualTo(DIR.resolve("firecracker.log").toString());
        assertThat(c.get("logger").get("level").asText()).isEqualTo("Info");
        assertThat(p.emptied()).containsExactly(DIR.resolve("firecracker.log"));
        assertThat(p.hypervisorLog()).isEqualTo(DIR.resolve("firecracker.log"));
        assertThat(c.has("network-interfaces")).isFalse();
        assertThat(p.powerOff()).isEqualTo("sync; reboot -f");
        assertThat(FirecrackerHypervisor.FIRECTL_KERNEL_OPTS).startsWith("ro ").contains("nomodules");
    }

    @Test
    void everyFirectlOptionMapsToItsField() throws Exception {
        Extras x = new Extras(null, Tap.parse("tap0/2E:60:BF:C7:64:88"), FirecrackerHypervisor.cpuTemplate("t2"), true,
                FirecrackerHypervisor.logLevel("debug"), Path.of("/logs/fc.log"), false);
        LaunchPlan p = plan(spec(x, true, "console=ttyS0 noapic reboot=k panic=1 pci=off nomodules rw"));
        JsonNode c = config(p);
        validate(c);
        assertThat(c.get("machine-config").get("smt").asBoolean()).as("-t / --disable-smt").isFalse();
        assertThat(c.get("machine-config").get("cpu_template").asText()).isEqualTo("T2");
        JsonNode nic = c.get("network-interfaces").get(0);
        assertThat(nic.get("iface_id").asText()).isEqualTo("eth0");
        assertThat(nic.get("host_dev_name").asText()).isEqualTo("tap0");
        assertThat(nic.get("guest_mac").asText()).isEqualTo("2e:60:bf:c7:64:88");
        JsonNode logger = c.get("logger");
        assertThat(logger.get("log_path").asText()).isEqualTo("/logs/fc.log");
        assertThat(logger.get("level").asText()).isEqualTo("Debug");
        assertThat(p.emptied()).containsExactly(Path.of("/logs/fc.log"));
        assertThat(c.get("drives").get(0).get("path_on_host").asText()).as("persistent: the disk itself").isEqualTo("/img/rootfs.ext4");
        assertThat(p.diskCopy()).isNull();
        assertThat(c.get("boot-source").get("boot_args").asText()).isEqualTo("console=ttyS0 noapic reboot=k panic=1 pci=off nomodules rw");
    }

    @Test
    void levelWithoutFileLogsInTheVmsFolderAndApiSocketWhenAsked() throws Exception {
        Extras x = new Extras(null, Tap.parse("tap1"), null, false, "Info", null, true);
        LaunchPlan p = plan(spec(x, false, null));
        JsonNode c = config(p);
        validate(c);
        assertThat(c.get("logger").get("log_path").asText()).isEqualTo(DIR.resolve("firecracker.log").toString());
        assertThat(c.get("network-interfaces").get(0).has("guest_mac")).isFalse();
        assertThat(p.argv()).containsSequence("--api-sock", DIR.resolve("firecracker.sock").toString())
                .doesNotContain("--no-api");
    }

    @Test
    void badValuesAreRefusedWithTheChoices() {
        assertThatThrownBy(() -> FirecrackerHypervisor.cpuTemplate("T9")).hasMessageContaining("use T2, C3");
        assertThat(FirecrackerHypervisor.cpuTemplate("none")).isNull();
        assertThatThrownBy(() -> FirecrackerHypervisor.logLevel("loud")).hasMessageContaining("Error, Warning, Info");
        assertThatThrownBy(() -> Tap.parse("tap0/zz:60:bf:c7:64:88")).hasMessageContaining("bad MAC address");
        assertThatThrownBy(() -> Tap.parse("tap0/01:00:5e:00:00:01")).hasMessageContaining("multicast");
        assertThatThrownBy(() -> Tap.parse("a-name-far-too-long-for-linux")).hasMessageContaining("bad tap device name");
    }

    @Test
    void qemuGetsTheTapToo() {
        VmSpec s = new VmSpec("q", "qemu-microvm", Path.of("/k"), null, null, 512, 1, null, Accel.TCG, false, null,
                List.of(), new Extras(null, Tap.parse("tap0/2e:60:bf:c7:64:88"), null, false, null, null, false));
        LaunchPlan p = new QemuHypervisor(QemuHypervisor.Machine.MICROVM).plan(s,
                new LaunchContext(Path.of("/usr/bin/qemu-system-x86_64"), Accel.TCG, null, DIR));
        assertThat(p.argv()).containsSequence("-netdev", "tap,id=net0,ifname=tap0,script=no,downscript=no")
                .containsSequence("-device", "virtio-net-device,netdev=net0,mac=2e:60:bf:c7:64:88");
    }

    @Test
    void theSeedProfileKeepsTheSeedsOptionsButNoapic() {
        String append = dev.vmbench.profile.Profiles.BUILT_IN.get("seed-firecracker").append();
        assertThat(append).doesNotContain("noapic").doesNotContain("nomodules")
                .contains("console=ttyS0").contains("reboot=k").contains("panic=1").contains("pci=off").contains("rw");
        LaunchPlan p = plan(spec(Extras.NONE, false, null));
        assertThat(new FirecrackerHypervisor().seedDifferences(spec(Extras.NONE, false, null), p))
                .anyMatch(d -> d.startsWith("no noapic: from Firecracker 1.8"))
                .anyMatch(d -> d.startsWith("no nomodules"));
    }

    static final String SKYLAKE = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
            + "model name\t: Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz\nstepping\t: 4\n";
    static final String SAPPHIRE_RAPIDS = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
            + "model name\t: Intel(R) Xeon(R) Platinum 8488C\nstepping\t: 8\n";
    static final String EPYC = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
            + "model name\t: AMD EPYC 9R14 96-Core Processor\nstepping\t: 1\n";
    static final String ARM = "processor\t: 0\nBogoMIPS\t: 243.75\nCPU implementer\t: 0x41\nCPU architecture: 8\n"
            + "CPU variant\t: 0x1\nCPU part\t: 0xd40\nCPU revision\t: 1\n";

    static List<String> problems(Extras x, int cpus, String cpuinfo, String arch) {
        VmSpec s = new VmSpec("fc1", "firecracker", Path.of("/img/vmlinux"), null, Path.of("/img/rootfs.ext4"), 1024,
                cpus, null, dev.vmbench.hypervisor.Accel.KVM, false, null, List.of(), x);
        FirecrackerHypervisor fc = new FirecrackerHypervisor();
        return fc.hostProblems(s, fc.plan(s, new LaunchContext(FC, dev.vmbench.hypervisor.Accel.KVM, null, DIR)),
                new HostFacts(cpuinfo, arch, "Firecracker v1.16.1", null));
    }

    static Extras template(String t, boolean disableSmt) {
        return new Extras(null, null, t, disableSmt, null, null, false);
    }

    @Test
    void everyRefusalFirecrackerWouldMakeIsMadeFirstOnEachKindOfHost() {
        assertThat(problems(template("T2", false), 2, SKYLAKE, "amd64")).isEmpty();
        assertThat(problems(template("T2", false), 2, SAPPHIRE_RAPIDS, "amd64")).singleElement().asString()
                .contains("T2").contains("Skylake, Cascade Lake or Ice Lake");
        assertThat(problems(template("C3", false), 2, EPYC, "amd64")).singleElement().asString().contains("Intel");
        assertThat(problems(template("V1N1", false), 2, SKYLAKE, "amd64")).singleElement().asString()
                .containsIgnoringCase("ARM");
        assertThat(problems(template(null, false), 3, SKYLAKE, "amd64")).singleElement().asString()
                .contains("--disable-smt").contains("even");
        assertThat(problems(template(null, true), 3, SKYLAKE, "amd64")).isEmpty();
        assertThat(problems(template(null, true), 33, EPYC, "amd64")).singleElement().asString().contains("32");
        assertThat(problems(template(null, false), 2, ARM, "aarch64")).singleElement().asString()
                .contains("--disable-smt");
        Extras api = new Extras(null, null, null, false, null, null, true);
        VmSpec s = new VmSpec("x".repeat(20), "firecracker", Path.of("/img/vmlinux"), null, null, 1024, 2, null,
                dev.vmbench.hypervisor.Accel.KVM, false, null, List.of(), api);
        FirecrackerHypervisor fc = new FirecrackerHypervisor();
        Path deep = Path.of("/" + "very-long-folder-name/".repeat(5));
        LaunchPlan p = fc.plan(s, new LaunchContext(FC, dev.vmbench.hypervisor.Accel.KVM, null, deep));
        assertThat(fc.hostProblems(s, p, new HostFacts(SKYLAKE, "amd64", null, null))).singleElement().asString()
                .contains("107");
    }

    @Test
    void noapicAndAMissingConsoleAreWarnedOf() {
        VmSpec s = new VmSpec("fc1", "firecracker", Path.of("/img/vmlinux"), null, null, 1024, 2,
                "console=ttyS0 noapic reboot=k panic=1", dev.vmbench.hypervisor.Accel.KVM, false, null, List.of(),
                Extras.NONE);
        FirecrackerHypervisor fc = new FirecrackerHypervisor();
        LaunchPlan p = fc.plan(s, new LaunchContext(FC, dev.vmbench.hypervisor.Accel.KVM, null, DIR));
        assertThat(fc.warnings(s, p, new HostFacts(SKYLAKE, "amd64", "Firecracker v1.10.0", null)))
                .anyMatch(w -> w.startsWith("noapic: from Firecracker 1.8"));
    }

    @Test
    void releasesBefore18NameTheirDevicesOnTheCommandLineOnly() {
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v1.7.0")).contains(true);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v0.25.2")).contains(true);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v1.8.0")).contains(false);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v1.10.1")).contains(false);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v2.0.0")).contains(false);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("no version here")).isEmpty();
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly(null)).isEmpty();
    }

    @Test
    void aScratchDiskIsASecondDriveInTheVmsFolderWithItsCacheType() throws Exception {
        LaunchPlan p = plan(spec(Extras.NONE.withScratch(new Scratch(1024, Scratch.Cache.UNSAFE)), false, null));
        JsonNode root = config(p);
        validate(root);
        JsonNode scratch = root.get("drives").get(1);
        assertThat(scratch.get("drive_id").asText()).isEqualTo("scratch");
        assertThat(scratch.get("is_root_device").asBoolean()).isFalse();
        assertThat(scratch.get("path_on_host").asText()).isEqualTo(DIR.resolve("scratch.img").toString());
        assertThat(scratch.get("cache_type").asText()).isEqualTo("Unsafe");
        assertThat(scratch.get("io_engine").asText()).isEqualTo("Sync");
        assertThat(p.sparse()).containsEntry(DIR.resolve("scratch.img"), 1024L * 1024 * 1024);
        // Firecracker opens drives without O_DIRECT: "none" is refused before it starts
        VmSpec direct = spec(Extras.NONE.withScratch(new Scratch(64, Scratch.Cache.NONE)), false, null);
        assertThat(new FirecrackerHypervisor().hostProblems(direct, plan(direct), new HostFacts("", "amd64",
                "Firecracker v1.10.1", null))).anyMatch(x -> x.contains("--scratch-cache none is QEMU's only"));
    }
}
