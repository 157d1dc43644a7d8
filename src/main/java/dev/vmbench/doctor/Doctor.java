package dev.vmbench.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.Host;
import dev.vmbench.host.KvmCheck;
import dev.vmbench.hypervisor.Hypervisor;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.ImageManifest;
import dev.vmbench.session.Preflight;

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
    private final Hypervisors hypervisors;
    private final Preflight preflight;

    public Doctor(Host host, ImageLayout image, Hypervisors hypervisors, Preflight preflight) {
        this.host = host;
        this.image = image;
        this.hypervisors = hypervisors;
        this.preflight = preflight;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        KvmCheck kvm = host.kvm();
        checks.add(hypervisorProgram(hypervisors.get("qemu-microvm"), Status.FAIL, kvm));
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
        Hypervisor firecracker = hypervisors.get("firecracker");
        checks.add(hypervisorProgram(firecracker, Status.WARN, kvm));
        checks.add(cpuTemplates(binary(firecracker).flatMap(p -> host.versionLine(p, "--version")).orElse(null)));
        return checks;
    }

    private Optional<Path> binary(Hypervisor hv) {
        try {
            return Optional.of(preflight.binary(hv, null));
        } catch (VmbenchException e) {
            return Optional.empty();
        }
    }

    /**
     * A hypervisor's program: found where a boot would look, its version, what the hypervisor says of that
     * version, and whether it can run here (one that needs KVM cannot without it).
     */
    private Check hypervisorProgram(Hypervisor hv, Status missing, KvmCheck kvm) {
        String name = hv.defaultBinary();
        String noKvm = hv.runsWithoutKvm() || kvm.usable() ? "" : "; it could not run here anyway: KVM is not usable";
        Path p;
        try {
            p = preflight.binary(hv, null);
        } catch (VmbenchException e) {
            String need = missing == Status.FAIL ? "" : " (only needed for " + hv.name() + " guests)";
            return new Check(name, missing, "not found" + need + noKvm, e.getMessage().substring(
                    e.getMessage().lastIndexOf(": ") + 2));
        }
        String version = host.versionLine(p, "--version").orElse("(version unknown)");
        Optional<String> advice = hv.versionAdvice(version);
        if (advice.isPresent()) {
            String a = advice.get();
            int fix = a.lastIndexOf(": ");
            return new Check(name, Status.WARN, version + " at " + p + ": " + a.substring(0, fix) + noKvm,
                    a.substring(fix + 2));
        }
        return new Check(name, noKvm.isEmpty() ? Status.OK : Status.WARN, version + " at " + p + noKvm,
                noKvm.isEmpty() ? null : "run " + hv.name() + " guests on a host with hardware virtualisation");
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
