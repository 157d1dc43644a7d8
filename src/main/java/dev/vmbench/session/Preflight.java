package dev.vmbench.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.host.Host;
import dev.vmbench.host.KvmCheck;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.HostFacts;
import dev.vmbench.hypervisor.Hypervisor;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.LaunchContext;
import dev.vmbench.hypervisor.LaunchPlan;
import dev.vmbench.hypervisor.VmSpec;

/**
 * Everything checked before a VM starts, apart from starting it: the spec's own mistakes (files, prompt, kernel
 * format) are refused at once; what this host lacks for it (the binary, KVM, a tap device, a refusal of the
 * hypervisor's own) goes through one collector, which refuses it for a boot and lists it for {@code --dry-run}.
 * Then the hypervisor plans the launch. Nothing is written and nothing started.
 */
public final class Preflight {

    private final Hypervisors hypervisors;
    private final Host host;
    private final VmbenchPaths paths;

    public Preflight(Hypervisors hypervisors, Host host, VmbenchPaths paths) {
        this.hypervisors = hypervisors;
        this.host = host;
        this.paths = paths;
    }

    private Hypervisor hypervisor(String name) {
        try {
            return hypervisors.get(name);
        } catch (IllegalArgumentException e) {
            throw new dev.vmbench.UsageException(e.getMessage());
        }
    }

    /** What would stop a real boot: refused at once for a boot, listed for a dry run. */
    static final class Problems {
        private final boolean dryRun;
        private final List<String> found = new ArrayList<>();

        Problems(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void add(String why) {
            if (!dryRun) {
                throw new VmbenchException(why);
            }
            found.add(why);
        }

        /** The value a check gives, or, when it refuses, the fallback (the refusal added). */
        <T> T orElse(Supplier<T> check, T fallback) {
            try {
                return check.get();
            } catch (VmbenchException e) {
                add(e.getMessage());
                return fallback;
            }
        }

        List<String> list() {
            return List.copyOf(found);
        }
    }

    /**
     * @param dryRun when true, what would stop a real boot on this host (no binary, no KVM, a refusal of the
     *               hypervisor's) is listed in {@link PreparedVm#problems()} instead of refused, so the plan can
     *               still be printed; a mistake in the spec itself is refused either way
     */
    public PreparedVm prepare(VmSpec spec, boolean dryRun) {
        return prepare(spec, dryRun, Map.of());
    }

    /**
     * ... where {@code pending} names the files a dry run did not copy to the host yet (its path there -> the
     * file here): those are checked here, where they are.
     */
    public PreparedVm prepare(VmSpec spec, boolean dryRun, Map<Path, Path> pending) {
        Problems problems = new Problems(dryRun);
        Hypervisor hv = hypervisor(spec.hypervisor());
        requireFile("kernel", spec.kernel(), "--kernel", pending);
        if (spec.initrd() != null) {
            requireFile("initrd", spec.initrd(), "--initrd", pending);
        }
        if (spec.rootfs() != null) {
            requireFile("root disk", spec.rootfs(), "--rootfs", pending);
        }
        try {
            VmSpec.checkPrompt(spec.promptRegex());
        } catch (IllegalArgumentException e) {
            throw new dev.vmbench.UsageException(e.getMessage());
        }
        if (hv.kernelFormat() == Hypervisor.KernelFormat.ELF && !startsWithElf(spec.kernel(), pending)) {
            throw new VmbenchException("kernel " + spec.kernel() + " is not an uncompressed ELF vmlinux, which "
                    + hv.name() + " needs: leave out --kernel to use the default image's vmlinux, or give a vmlinux");
        }
        Path binary = problems.orElse(() -> binary(hv, spec.extras().binary()), Path.of(hv.defaultBinary()));
        KvmCheck kvm = host.kvm();
        if (!hv.runsWithoutKvm()) {
            if (spec.accel() == Accel.TCG) {
                throw new VmbenchException(hv.name() + " runs only with KVM: leave out --accel tcg");
            }
            if (!kvm.usable()) {
                String why = hv.name() + " needs KVM, and KVM is not usable " + host.where() + ": " + kvm.reason();
                problems.add(why);
            }
        }
        if (spec.extras().tap() != null && !host.networkDeviceExists(spec.extras().tap().name())) {
            String tap = spec.extras().tap().name();
            String why = "tap device " + tap + " does not exist: create it (as root) with 'ip tuntap add dev "
                    + tap + " mode tap user " + System.getProperty("user.name") + " && ip link set " + tap + " up'";
            problems.add(why);
        }
        Accel accel;
        String reason = null;
        switch (spec.accel()) {
            case KVM -> {
                if (!kvm.usable() && hv.runsWithoutKvm()) {
                    String why = "KVM is not usable " + host.where() + ": " + kvm.reason() + "; use --accel tcg";
                    problems.add(why);
                }
                accel = Accel.KVM;
            }
            case TCG -> accel = Accel.TCG;
            default -> {
                accel = kvm.usable() || !hv.runsWithoutKvm() ? Accel.KVM : Accel.TCG;
                reason = kvm.usable() ? "KVM: " + kvm.reason() : "TCG (software emulation): " + kvm.reason();
            }
        }
        LaunchContext ctx = new LaunchContext(binary, accel, host.tscKhz(),
                paths.vmState(spec.name() == null ? "dry-run" : spec.name()));
        LaunchPlan plan = hv.plan(spec, ctx);
        HostFacts facts = facts(binary, spec.kernel(), pending);
        hv.hostProblems(spec, plan, facts).forEach(problems::add);
        return new PreparedVm(spec, hv, ctx, plan, hv.runsWithoutKvm() ? reason : null, problems.list(),
                hv.warnings(spec, plan, facts));
    }

    /** What the hypervisor's checks need to know of this host: CPU, its binary's version, the kernel's config. */
    private HostFacts facts(Path binary, Path kernel, Map<Path, Path> pending) {
        String version = host.findProgram(binary.toString()).flatMap(b -> host.versionLine(b, "--version")).orElse(null);
        Map.Entry<Host, Path> k = where(kernel.toAbsolutePath(), pending);
        String config = k.getKey().readText(k.getValue().resolveSibling("config"), 4L * 1024 * 1024).orElse(null);
        return new HostFacts(host.cpuinfo(), host.osArch(), version, config);
    }

    /**
     * Where a hypervisor's program is on this host: the one given (--firecracker-binary), else the hypervisor's
     * environment variable, else PATH.
     *
     * @param given the program the user named, or null
     * @throws VmbenchException where it was looked for, and how to install it
     */
    public Path binary(Hypervisor hv, Path given) {
        List<String> looked = new java.util.ArrayList<>();
        if (given != null) {
            if (host.findProgram(given.toString()).isPresent()) {
                return given.toAbsolutePath();
            }
            throw new VmbenchException(given + " is not an executable file: check the path given for the "
                    + hv.name() + " binary");
        }
        java.util.Optional<Path> configured = host.configuredProgram(hv.defaultBinary());
        if (configured.isPresent()) {
            if (host.findProgram(configured.get().toString()).isPresent()) {
                return configured.get();
            }
            throw new VmbenchException(configured.get() + " (hosts.yaml's " + hv.defaultBinary() + " for " + host.name()
                    + ") is not an executable file there: check the path");
        }
        String var = host.ownEnvironment() ? hv.binaryEnvironmentVariable() : null; // names a program here only
        if (var != null) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                if (host.findProgram(v).isPresent()) {
                    return Path.of(v).toAbsolutePath();
                }
                looked.add(var + "=" + v + " (not executable)");
            } else {
                looked.add(var + " (not set)");
            }
        }
        java.util.Optional<Path> onPath = host.findProgram(hv.defaultBinary());
        if (onPath.isPresent()) {
            return onPath.get();
        }
        looked.add("PATH (" + String.join(":", host.pathDirs()) + ")" + (host.ownEnvironment() ? "" : " " + host.where()));
        String fix = hv.name().startsWith("qemu") ? "install it" + (host.ownEnvironment() ? "" : " there")
                + ", e.g. apt-get install qemu-system-x86"
                : host.ownEnvironment() ? "install a " + hv.defaultBinary() + " release binary on PATH, set " + var
                + ", or pass --" + hv.defaultBinary() + "-binary"
                : "install a " + hv.defaultBinary() + " release binary on PATH there, name it in hosts.yaml ("
                + "binaries: " + hv.defaultBinary() + ": PATH), or pass --" + hv.defaultBinary() + "-binary";
        throw new VmbenchException(hv.defaultBinary() + " not found; looked in " + String.join(", ", looked) + ": " + fix);
    }

    /** Refuses when the spec's hypervisor program is not on this host (see {@link #binary}). */
    public void requireProgram(VmSpec spec) {
        binary(hypervisor(spec.hypervisor()), spec.extras().binary());
    }

    /** The machine and path to check a file at: here for a file a dry run did not copy, else its host. */
    private Map.Entry<Host, Path> where(Path file, Map<Path, Path> pending) {
        Path here = pending.get(file);
        return here != null ? Map.entry(host.here(), here) : Map.entry(host, file);
    }

    /** Whether the file starts as an ELF binary does (an uncompressed vmlinux; a bzImage does not). */
    private boolean startsWithElf(Path file, Map<Path, Path> pending) {
        try {
            Map.Entry<Host, Path> w = where(file, pending);
            byte[] head = w.getKey().head(w.getValue(), 4);
            return head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** A file a VM boots from must be a readable, non-empty regular file on the host that runs it. */
    private void requireFile(String what, Path file, String option, Map<Path, Path> pending) {
        if (file == null) {
            throw new VmbenchException("no " + what + " given: build the default image with 'image build' or pass "
                    + option);
        }
        Map.Entry<Host, Path> w = where(file, pending);
        Host host = w.getKey();
        file = w.getValue();
        switch (host.fileKind(file)) {
            case DIRECTORY -> throw new dev.vmbench.UsageException(what + " " + file + " is a folder, not a file: give"
                    + " the " + what + " file itself to " + option);
            case OTHER -> throw new dev.vmbench.UsageException(what + " " + file + " is not a regular file (a device,"
                    + " FIFO or socket): give a " + what + " image file to " + option);
            case MISSING -> throw new VmbenchException(what + " file " + file + " does not exist: check the path given"
                    + " to " + option + ", or build the default image with 'image build'");
            case REGULAR -> { }
        }
        if (!host.readable(file)) {
            throw new VmbenchException(what + " file " + file + " is not readable by this user: fix its permissions");
        }
        try {
            if (host.size(file) == 0) {
                throw new dev.vmbench.UsageException(what + " file " + file + " is empty: give a " + what
                        + " image to " + option);
            }
        } catch (IOException e) {
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("cannot read", file, e), e);
        }
    }
}
