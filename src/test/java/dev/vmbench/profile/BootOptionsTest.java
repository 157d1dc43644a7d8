package dev.vmbench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageLayout;

class BootOptionsTest {

    static BootOptions of(Map<String, String> m) {
        return BootOptions.fromMap(m);
    }

    @Test
    void givenOptionsOverrideTheProfile() {
        BootOptions profile = of(Map.of("hypervisor", "qemu-q35", "mem", "512M", "cpus", "1", "persistent", "true"));
        BootOptions merged = of(Map.of("mem", "2G")).over(profile);
        assertThat(merged.toMap()).containsEntry("hypervisor", "qemu-q35").containsEntry("mem", "2G")
                .containsEntry("cpus", "1").containsEntry("persistent", "true");
    }

    @Test
    void mapRoundTripAndUnknownKeys() {
        Map<String, String> m = Map.of("hypervisor", "firecracker", "cpu-template", "T2", "disable-smt", "true",
                "tap-device", "tap0/2e:60:bf:c7:64:88", "log-level", "Debug");
        assertThat(of(m).toMap()).isEqualTo(m);
        assertThatThrownBy(() -> of(Map.of("memory", "1G"))).hasMessageContaining("unknown option 'memory'")
                .isInstanceOfSatisfying(BadOptionException.class, e -> assertThat(e.key()).isEqualTo("memory"));
        assertThatThrownBy(() -> of(Map.of("persistent", "yes"))).hasMessageContaining("use true or false")
                .isInstanceOfSatisfying(BadOptionException.class, e -> assertThat(e.key()).isEqualTo("persistent"));
    }

    @Test
    void firecrackerGetsTheVmlinuxAndItsOwnOptionsOnly(@TempDir Path dir) throws Exception {
        ImageLayout image = fakeImage(dir);
        VmSpec fc = of(Map.of("hypervisor", "firecracker", "log-level", "debug")).toSpec("fc1", Hypervisors.builtIn(),
                image, dir.resolve("logs"));
        assertThat(fc.kernel()).isEqualTo(image.vmlinux());
        assertThat(fc.extras().logLevel()).isEqualTo("Debug");
        assertThat(fc.extras().logFile().getParent()).isEqualTo(dir.resolve("logs"));
        assertThat(fc.extras().logFile().getFileName().toString()).matches("fc1-\\d{8}-\\d{6}-firecracker\\.log");
        VmSpec q = of(Map.of("qemu-arg", "-s -device 'virtio-rng-device,id=r'")).toSpec("q", Hypervisors.builtIn(),
                image, dir);
        assertThat(q.kernel()).isEqualTo(image.bzImage());
        assertThat(q.extraArgs()).containsExactly("-s", "-device", "virtio-rng-device,id=r");
        assertThat(q.memMiB()).isEqualTo(1024);
        assertThat(q.cpus()).isEqualTo(2);
        assertThatThrownBy(() -> of(Map.of("cpu-template", "T2")).toSpec("q", Hypervisors.builtIn(), image, dir))
                .hasMessageContaining("--cpu-template is for --hypervisor firecracker only");
        assertThatThrownBy(() -> of(Map.of("hypervisor", "firecracker", "qemu-arg", "-s")).toSpec("f",
                Hypervisors.builtIn(), image, dir)).hasMessageContaining("--qemu-arg is for the QEMU");
        assertThatThrownBy(() -> of(Map.of("cpus", "two")).toSpec("q", Hypervisors.builtIn(), image, dir))
                .hasMessageContaining("bad --cpus 'two'");
    }

    @Test
    void wordsSplitLikeAShell() {
        assertThat(BootOptions.words("a 'b c' \"d e\"  f")).containsExactly("a", "b c", "d e", "f");
        assertThat(BootOptions.words("")).isEmpty();
        assertThatThrownBy(() -> BootOptions.words("'open")).hasMessageContaining("unbalanced quote");
    }

    @Test
    void profilesFileIsHumanEditableYaml(@TempDir Path dir) throws Exception {
        Profiles p = new Profiles(dir.resolve("vmbench/profiles.yaml"));
        p.save("small", of(Map.of("hypervisor", "qemu-q35", "mem", "256M")));
        String yaml = Files.readString(p.file());
        assertThat(yaml).contains("profiles:").contains("small:").contains("hypervisor: qemu-q35").contains("mem: 256M");
        Files.writeString(p.file(), yaml + "  edited:\n    cpus: 4\n    persistent: true\n");
        assertThat(p.saved().keySet()).containsExactly("edited", "small");
        assertThat(p.get("edited").toMap()).containsEntry("cpus", "4").containsEntry("persistent", "true");
        p.remove("small");
        assertThat(p.saved().keySet()).containsExactly("edited");
        assertThatThrownBy(() -> p.save("seed-qemu", BootOptions.NONE)).hasMessageContaining("built-in");
        assertThatThrownBy(() -> p.remove("seed-firecracker")).hasMessageContaining("built in");
        assertThatThrownBy(() -> p.get("nope")).hasMessageContaining("no profile named 'nope'");
        Files.writeString(p.file(), "profiles: [unclosed\n");
        assertThatThrownBy(p::saved).hasMessageStartingWith(p.file() + ":1:").hasMessageContaining("not valid YAML");
    }

    @Test
    void builtInsReproduceTheSeedLines() {
        Map<String, String> q = Profiles.BUILT_IN.get("seed-qemu").toMap();
        assertThat(q).containsEntry("hypervisor", "qemu-microvm").containsEntry("mem", "1G").containsEntry("cpus", "2");
        Map<String, String> f = Profiles.BUILT_IN.get("seed-firecracker").toMap();
        assertThat(f).containsEntry("hypervisor", "firecracker").containsEntry("cpu-template", "T2")
                .containsEntry("disable-smt", "true").containsEntry("log-level", "Debug")
                .containsEntry("firecracker-log", "firecracker-vmm.log").containsEntry("mem", "1024");
        assertThat(f.get("append")).contains("reboot=k panic=1 pci=off").doesNotContain("nomodules");
    }

    static ImageLayout fakeImage(Path dir) throws Exception {
        ImageLayout l = new ImageLayout(dir.resolve("img"));
        Files.createDirectories(l.dir());
        for (Path p : List.of(l.bzImage(), l.vmlinux(), l.initramfs(), l.rootfs(), l.manifest())) {
            Files.writeString(p, "x");
        }
        return l;
    }
}
