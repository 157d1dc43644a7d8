package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.host.LocalHost;

/** Named profiles and Firecracker's options, through {@code java -jar vmbench.jar} as a user types them. */
class ProfileIT {

    @TempDir
    Path config;

    java.util.Map<String, String> env() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("VMBENCH_FIRECRACKER", null);
        return env;
    }

    Cli.Result vmbench(String... args) throws Exception {
        return Cli.run(env(), args);
    }


    @Test
    void saveListShowBootWithOverridesAndRemove() throws Exception {
        TestImage.get();
        Cli.Result saved = vmbench("profile", "save", "--name", "pc", "--hypervisor", "qemu-q35", "--mem", "768M",
                "--qemu-arg", "-device virtio-rng-pci");
        assertThat(saved.code()).as(saved.out()).isZero();
        Path file = config.resolve("vmbench/profiles.yaml");
        assertThat(Files.readString(file)).contains("  pc:\n    hypervisor: qemu-q35\n    mem: 768M\n");

        Cli.Result list = vmbench("profile", "list");
        assertThat(list.out()).containsPattern("seed-qemu\\s+built in").containsPattern("seed-firecracker\\s+built in")
                .containsPattern("pc\\s+saved\\s+--hypervisor qemu-q35 --mem 768M");
        assertThat(vmbench("profile", "show", "pc").out()).contains("hypervisor: qemu-q35");

        Cli.Result boot = vmbench("boot", "--profile", "pc", "--cpus", "1", "--dry-run");
        assertThat(boot.code()).as(boot.out()).isZero();
        assertThat(boot.out()).contains("-M q35").contains("-smp 1 -m 768M").endsWith("-device virtio-rng-pci\n");

        assertThat(vmbench("profile", "rm", "pc").code()).isZero();
        Cli.Result gone = vmbench("boot", "--profile", "pc", "--dry-run");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.out().strip()).isEqualTo("Error: no profile named 'pc': 'profile list' shows them");
    }

    @Test
    void aHandEditedFileIsReadAndItsMistakesNamed() throws Exception {
        TestImage.get();
        Path file = config.resolve("vmbench/profiles.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "profiles:\n  # mine\n  small:\n    mem: 256M\n    cpus: 1\n");
        assertThat(vmbench("boot", "--profile", "small", "--dry-run").out()).contains("-smp 1 -m 256M");
        // The whole file is checked when it is read, as a config file is: a typo is named with its place.
        Files.writeString(file, "profiles:\n  small:\n    mem: 256M\n  typo:\n    hypervisr: qemu-q35\n");
        Cli.Result typo = vmbench("boot", "--profile", "typo", "--dry-run");
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.out().strip()).startsWith("Error: " + file + ":5: profile 'typo': unknown option 'hypervisr'");
        Cli.Result builtIn = vmbench("profile", "rm", "seed-qemu");
        assertThat(builtIn.out().strip()).isEqualTo("Error: seed-qemu is built in and cannot be removed");
    }

    @Test
    void theSeedProfilesReproduceTheSeedLaunchLines() throws Exception {
        TestImage.get();
        Cli.Result q = vmbench("boot", "--profile", "seed-qemu", "--dry-run");
        assertThat(q.out()).contains("-M microvm,rtc=off").contains("-smp 2 -m 1024M")
                .contains("-append 'earlyprintk=ttyS0 console=ttyS0 root=/dev/vda");
        Cli.Result f = vmbench("boot", "--profile", "seed-firecracker", "--dry-run");
        assertThat(f.code()).as(f.out()).isZero();
        assertThat(f.out()).containsPattern("firecracker --no-api --config-file \\S+/firecracker.json")
                .contains("\"kernel_image_path\" : \"" + TestImage.get().vmlinux() + "\"")
                .contains("\"boot_args\" : \"console=ttyS0 reboot=k panic=1 pci=off rw root=/dev/vda\"")
                .contains("# differs from the seed's line: no noapic")
                .contains("\"cpu_template\" : \"T2\"").contains("\"smt\" : false").contains("\"level\" : \"Debug\"")
                .contains("\"mem_size_mib\" : 1024");
        if (!TestImage.host().kvm().usable()) {
            assertThat(f.out()).contains("# would not boot here: firecracker needs KVM, and KVM is not usable here");
        }
    }

    @Test
    void firecrackerIsRefusedBeforeAnythingBootsWhereItCannotRun() throws Exception {
        LocalHost host = TestImage.host();
        org.junit.jupiter.api.Assumptions.assumeTrue(host.findProgram("firecracker").isEmpty() || !host.kvm().usable(),
                "firecracker can run here");
        TestImage.get();
        Cli.Result boot = vmbench("boot", "--hypervisor", "firecracker");
        assertThat(boot.code()).isEqualTo(1);
        assertThat(boot.out().strip()).matches("Error: firecracker (not found; looked in .*|needs KVM, .*)")
                .doesNotContain("\n");
        Cli.Result compare = vmbench("compare", "--hypervisors", "qemu-microvm,firecracker", "--runs", "1");
        assertThat(compare.code()).isEqualTo(1);
        assertThat(compare.out()).doesNotContain("booting").contains("Error: firecracker");
        Cli.Result tap = vmbench("boot", "--tap-device", "vmb-notap0/AA:FC:00:00:00:01");
        assertThat(tap.out().strip()).isEqualTo("Error: tap device vmb-notap0 does not exist: create it (as root)"
                + " with 'ip tuntap add dev vmb-notap0 mode tap user " + System.getProperty("user.name")
                + " && ip link set vmb-notap0 up'");
        Cli.Result mac = vmbench("boot", "--tap-device", "tap0/not-a-mac", "--dry-run");
        assertThat(mac.code()).isEqualTo(2); // a usage error
        assertThat(mac.out()).startsWith("Error: ").contains("not-a-mac");
    }
}
