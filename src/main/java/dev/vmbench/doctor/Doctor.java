package dev.vmbench.doctor;

import dev.vmbench.host.Host;
import dev.vmbench.host.KvmCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.ImageManifest;

/** Checks what vmbench needs on this host, each with the fix. */
public class Doctor {

    public enum Status {
        OK, WARN, FAIL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line of the report. */
    public record Check(String name, Status status, String detail, String fix) {
    }

    private final Host host;
    private final ImageLayout image;

    public Doctor(Host host, ImageLayout image) {
        this.host = host;
        this.image = image;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        Optional<Path> qemu = host.findProgram("qemu-system-x86_64");
        checks.add(qemu.map(p -> new Check("qemu-system-x86_64", Status.OK,
                        host.versionLine(p).orElse("(version unknown)") + " at " + p, null))
                .orElseGet(() -> new Check("qemu-system-x86_64", Status.FAIL, "not found on PATH",
                        "apt-get install qemu-system-x86")));
        KvmCheck kvm = host.kvm();
        checks.add(new Check("kvm", kvm.usable() ? Status.OK : Status.WARN,
                kvm.usable() ? "usable: " + kvm.reason() : "not usable: " + kvm.reason()
                        + "; guests run under TCG (software emulation, several times slower)",
                null));
        if (ImageBuilder.isComplete(image)) {
            ImageManifest m = ImageBuilder.readManifest(image).orElseThrow();
            checks.add(new Check("default image", Status.OK, "kernel " + m.kernelVersion() + ", /random.txt "
                    + m.randomMiB() + " MiB, in " + image.dir(), null));
        } else {
            checks.add(new Check("default image", Status.WARN, "not built (" + image.dir() + ")",
                    "run 'image build'"));
        }
        checks.add(program("apt-get", "apt-get", "apt (needed by 'image build' to download packages)",
                Status.FAIL, "--version"));
        checks.add(program("dpkg-deb", "dpkg-deb", "dpkg", Status.FAIL, "--version"));
        checks.add(program("mke2fs", "mke2fs", "apt-get install e2fsprogs", Status.FAIL, "-V"));
        String fcEnv = System.getenv("VMBENCH_FIRECRACKER");
        Optional<Path> fc = fcEnv != null && !fcEnv.isBlank()
                ? Optional.of(Path.of(fcEnv)).filter(Files::isExecutable) : host.findProgram("firecracker");
        String noKvm = kvm.usable() ? "" : "; it could not run here anyway: KVM is not usable";
        checks.add(fc.map(p -> {
            String version = host.versionLine(p, "--version").orElse("(version unknown)");
            if (dev.vmbench.hypervisor.FirecrackerHypervisor.devicesOnCmdlineOnly(version).orElse(false)) {
                return new Check("firecracker", Status.WARN, version + " at " + p + ": older than 1.8, it names its"
                        + " devices on the kernel command line only, which the default image's kernel ignores" + noKvm,
                        "install Firecracker 1.8 or newer (devices in ACPI)");
            }
            return new Check("firecracker", kvm.usable() ? Status.OK : Status.WARN, version + " at " + p + noKvm,
                    kvm.usable() ? null : "run Firecracker guests on a host with hardware virtualisation");
        })
                .orElseGet(() -> new Check("firecracker", Status.WARN,
                        "not found on PATH nor in VMBENCH_FIRECRACKER (only needed for Firecracker guests)" + noKvm,
                        "install a firecracker release binary and put it on PATH, or set VMBENCH_FIRECRACKER")));
        checks.add(cpuTemplates(fc.flatMap(p -> host.versionLine(p, "--version")).orElse(null)));
        return checks;
    }

    /**
     * Which of Firecracker's static CPU templates this host's CPU takes (each is for one vendor and exact CPU
     * models); the seed used T2.
     */
    Check cpuTemplates(String firecrackerVersion) {
        dev.vmbench.hypervisor.FirecrackerRules.HostCpu cpu = dev.vmbench.hypervisor.FirecrackerRules.HostCpu.parse(
                host.cpuinfo(), host.osArch());
        java.util.List<String> usable = dev.vmbench.hypervisor.FirecrackerRules.templatesFor(cpu,
                dev.vmbench.hypervisor.FirecrackerRules.FcVersion.parse(firecrackerVersion).orElse(null));
        String host = cpu.describe();
        if (usable.isEmpty()) {
            return new Check("firecracker cpu-template", Status.OK, "none of Firecracker's CPU templates fits this host ("
                    + host + "): boot Firecracker guests with --cpu-template none (the default)", null);
        }
        return new Check("firecracker cpu-template", Status.OK, "this host (" + host + ") takes "
                + String.join(", ", usable), null);
    }

    private Check program(String name, String program, String fix, Status missing, String versionArg) {
        Optional<Path> p = host.findProgram(program);
        if (p.isEmpty()) {
            return new Check(name, missing, "not found on PATH", fix.startsWith("apt-get") ? fix : "install " + fix);
        }
        return new Check(name, Status.OK, host.versionLine(p.get(), versionArg).orElse("(version unknown)")
                + " at " + p.get(), null);
    }
}
