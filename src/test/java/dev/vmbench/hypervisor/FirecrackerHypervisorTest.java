package dev.vmbench.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    void defaultsAreFirectlsWithoutNomodulesOnAPrivateDiskCopy() throws Exception {
        LaunchPlan p = plan(spec(Extras.NONE, false, null));
        assertThat(p.argv()).containsExactly(FC.toString(), "--no-api", "--config-file", DIR.resolve("firecracker.json").toString());
        JsonNode c = config(p);
        validate(c);
        assertThat(c.get("boot-source").get("boot_args").asText())
                .isEqualTo("console=ttyS0 noapic reboot=k panic=1 pci=off root=/dev/vda rw").doesNotContain("nomodules");
        assertThat(c.get("boot-source").get("kernel_image_path").asText()).isEqualTo("/img/vmlinux");
        assertThat(c.get("boot-source").get("initrd_path").asText()).isEqualTo("/img/initramfs.cpio");
        assertThat(c.get("drives").get(0).get("path_on_host").asText()).isEqualTo(DIR.resolve("rootfs.ext4").toString());
        assertThat(p.diskCopy()).isEqualTo(Map.entry(Path.of("/img/rootfs.ext4"), DIR.resolve("rootfs.ext4")));
        assertThat(c.get("machine-config").get("vcpu_count").asInt()).isEqualTo(2);
        assertThat(c.get("machine-config").get("mem_size_mib").asInt()).isEqualTo(1024);
        assertThat(c.get("machine-config").get("smt").asBoolean()).isTrue();
        assertThat(c.has("logger")).isFalse();
        assertThat(c.has("network-interfaces")).isFalse();
        assertThat(p.powerOff()).isEqualTo("sync; reboot -f");
        assertThat(FirecrackerHypervisor.FIRECTL_KERNEL_OPTS).contains("nomodules");
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
        assertThat(p.touch()).containsExactly(Path.of("/logs/fc.log"));
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
    void releasesBefore18NameTheirDevicesOnTheCommandLineOnly() {
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v1.7.0")).contains(true);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v0.25.2")).contains(true);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v1.8.0")).contains(false);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v1.10.1")).contains(false);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("Firecracker v2.0.0")).contains(false);
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly("no version here")).isEmpty();
        assertThat(FirecrackerHypervisor.devicesOnCmdlineOnly(null)).isEmpty();
    }
}
