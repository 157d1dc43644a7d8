package dev.vmbench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.vmbench.UsageException;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.image.ImageLayout;

/** The rules a profile's values are checked by when saved, which are boot's. */
class BootOptionsValidationTest {

    static final Hypervisors HV = Hypervisors.builtIn();

    @TempDir
    static Path shared;

    static BootOptions of(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return BootOptions.fromMap(m);
    }

    /** Options, the key blamed, and what the message must say. */
    static Stream<Arguments> badValues() {
        String folder = shared.toString();
        String missing = shared.resolve("no-such-bzImage").toString();
        return Stream.of(
                Arguments.of(of("mem", "banana"), "mem", "bad memory size 'banana': use a number of MiB or a size "
                        + "such as 512M or 1G"),
                Arguments.of(of("mem", "1M"), "mem", "memory size '1M' is out of range"),
                Arguments.of(of("cpus", "two"), "cpus", "bad --cpus 'two': give a whole number from 1 to 255"),
                Arguments.of(of("cpus", "0"), "cpus", "--cpus 0 is out of range"),
                Arguments.of(of("cpus", "256"), "cpus", "--cpus 256 is out of range"),
                Arguments.of(of("accel", "warp"), "accel", "unknown accelerator 'warp': use auto, kvm or tcg"),
                Arguments.of(of("timeout", "soon"), "timeout", "bad duration 'soon'"),
                Arguments.of(of("timeout", "0s"), "timeout", "it must be more than zero"),
                Arguments.of(of("hypervisor", "bochs"), "hypervisor", "unknown hypervisor 'bochs'"),
                Arguments.of(of("hypervisor", "firecracker", "cpu-template", "T9"), "cpu-template",
                        "unknown --cpu-template 'T9'"),
                Arguments.of(of("hypervisor", "firecracker", "log-level", "chatty"), "log-level",
                        "unknown --log-level 'chatty'"),
                Arguments.of(of("cpu-template", "T2"), "cpu-template", "--cpu-template is for --hypervisor "
                        + "firecracker only, and the hypervisor here is qemu-microvm"),
                Arguments.of(of("hypervisor", "qemu-q35", "log-level", "Debug"), "log-level",
                        "--log-level is for --hypervisor firecracker only, and the hypervisor here is qemu-q35"),
                Arguments.of(of("hypervisor", "qemu-q35", "disable-smt", "true"), "disable-smt",
                        "--disable-smt is for --hypervisor firecracker only"),
                Arguments.of(of("hypervisor", "firecracker", "qemu-arg", "-s"), "qemu-arg",
                        "--qemu-arg is for the QEMU hypervisors"),
                Arguments.of(of("tap-device", "tap0/zz"), "tap-device", "bad MAC address 'zz'"),
                Arguments.of(of("tap-device", "a-tap-name-far-too-long"), "tap-device", "bad tap device name"),
                Arguments.of(of("qemu-arg", "-device 'virtio-rng"), "qemu-arg", "unbalanced quote in --qemu-arg"),
                Arguments.of(of("prompt", "(#"), "prompt", "bad --prompt pattern '(#': Unclosed group"),
                Arguments.of(of("prompt", ".*"), "prompt", "--prompt '.*' matches empty text"),
                Arguments.of(of("prompt", ""), "prompt", "matches empty text"),
                Arguments.of(of("kernel", missing), "kernel", "no file " + missing + ": give a kernel image"),
                Arguments.of(of("kernel", "none"), "kernel", "--kernel cannot be 'none'"),
                Arguments.of(of("initrd", folder), "initrd", folder + " is a folder, not an initramfs"),
                Arguments.of(of("rootfs", "relative-missing.img"), "rootfs",
                        "no file " + Path.of("relative-missing.img").toAbsolutePath()));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void eachBadValueIsOneLineNamingItsKey(BootOptions options, String key, String message) {
        BadOptionException e = catchThrowableOfType(BadOptionException.class, () -> options.validate(HV));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).contains(message).doesNotContain("\n").doesNotContain("java.")
                .doesNotContain("Exception");
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void saveRefusesEachBadValueAndWritesNothing(BootOptions options, String key, String message,
                                                 @TempDir Path dir) {
        Profiles profiles = new Profiles(dir.resolve("config/vmbench/profiles.yaml"));
        assertThatThrownBy(() -> profiles.save("p", options)).isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void goodValuesAreParsedAndNormalized(@TempDir Path dir) throws Exception {
        Path kernel = Files.writeString(dir.resolve("vmlinux"), "x");
        BootOptions.Checked c = of("hypervisor", "firecracker", "kernel", kernel.toString(), "initrd", "none",
                "rootfs", "NONE", "mem", "512M", "cpus", " 4 ", "accel", "KVM", "timeout", "90s",
                "tap-device", "tap0/2E:60:BF:C7:64:88", "cpu-template", "t2", "log-level", "debug",
                "prompt", "[#$] ").validate(HV);
        assertThat(c.hypervisor().name()).isEqualTo("firecracker");
        assertThat(c.memMiB()).isEqualTo(512);
        assertThat(c.cpus()).isEqualTo(4);
        assertThat(c.accel()).isEqualTo(Accel.KVM);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.tap().mac()).isEqualTo("2e:60:bf:c7:64:88");
        assertThat(c.cpuTemplate()).isEqualTo("T2");
        assertThat(c.logLevel()).isEqualTo("Debug");
        assertThat(c.qemuArgs()).isNull();
    }

    @Test
    void optionsNotGivenAreNotCheckedSoNoImageIsNeeded(@TempDir Path dir) {
        BootOptions.Checked c = of("mem", "2G").validate(HV);
        assertThat(c.memMiB()).isEqualTo(2048);
        assertThat(c.cpus()).isNull();
        assertThat(c.hypervisor().name()).isEqualTo(BootOptions.DEFAULT_HYPERVISOR);
        Profiles profiles = new Profiles(dir.resolve("vmbench/profiles.yaml"));
        assertThat(profiles.save("no-image", of("mem", "2G"))).isTrue();
        assertThat(profiles.get("no-image").get(BootOption.MEM)).isEqualTo("2G");
    }

    @Test
    void checkValuesLeavesTheFilesAlone() {
        BootOptions o = of("kernel", "/gone/bzImage", "mem", "1G");
        assertThat(o.checkValues(HV).memMiB()).isEqualTo(1024);
        assertThatThrownBy(() -> o.validate(HV)).hasMessageContaining("no file /gone/bzImage");
    }

    @Test
    void bootAppliesTheSameRules(@TempDir Path dir) throws Exception {
        ImageLayout image = BootOptionsTest.fakeImage(dir);
        for (BootOptions bad : new BootOptions[] {of("mem", "banana"), of("prompt", ".*"), of("timeout", "soon"),
                of("kernel", "none"), of("tap-device", "tap0/zz")}) {
            String rule = catchThrowableOfType(BadOptionException.class, () -> bad.validate(HV)).getMessage();
            assertThatThrownBy(() -> bad.toSpec("vm", HV, image, dir)).isInstanceOf(BadOptionException.class)
                    .hasMessage(rule);
        }
    }

    @Test
    void saveRefusesBadNamesBuiltInsAndEmptyProfiles(@TempDir Path dir) {
        Profiles profiles = new Profiles(dir.resolve("vmbench/profiles.yaml"));
        assertThatThrownBy(() -> profiles.save("has space", of("mem", "1G"))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("bad profile name 'has space': use letters, digits");
        assertThatThrownBy(() -> profiles.save("seed-qemu", of("mem", "1G"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("built-in");
        assertThatThrownBy(() -> profiles.save("empty", BootOptions.NONE)).isInstanceOf(UsageException.class)
                .hasMessageContaining("needs at least one boot option");
        assertThat(dir.resolve("vmbench")).doesNotExist();
    }

    @Test
    void theBuiltInsPassTheirOwnRules() {
        Profiles.BUILT_IN.forEach((name, o) -> assertThat(o.checkValues(HV)).as(name).isNotNull());
    }
}
