package dev.vmbench.hypervisor;

/**
 * Turns a {@link VmSpec} into a {@link LaunchPlan}. Implementations do no I/O: everything they need
 * from the host arrives in the {@link LaunchContext}.
 */
public interface Hypervisor {

    /** The name users type, e.g. {@code qemu-microvm}. */
    String name();

    /** One line for listings. */
    String description();

    /** The program looked up on PATH when the user names none. */
    String defaultBinary();

    /** The kernel command line used when the spec gives none. */
    String defaultCmdline();

    LaunchPlan plan(VmSpec spec, LaunchContext context);

    /** The kernel format it boots. */
    enum KernelFormat {
        /** a bzImage (QEMU's -kernel takes this) */
        BZIMAGE,
        /** an uncompressed ELF vmlinux (Firecracker needs this) */
        ELF
    }

    default KernelFormat kernelFormat() {
        return KernelFormat.BZIMAGE;
    }

    /** Whether it runs without KVM (QEMU's TCG); Firecracker does not. */
    default boolean runsWithoutKvm() {
        return true;
    }

    /** Environment variable that may name its binary, or null. */
    default String binaryEnvironmentVariable() {
        return null;
    }

    /** The boot options only this hypervisor reads, as a profile spells them ({@code qemu-arg}, {@code cpu-template}). */
    default java.util.Set<String> ownOptions() {
        return java.util.Set.of();
    }

    /** Whether it keeps a log of its own (Firecracker), which vmbench points at a file of the VM's. */
    default boolean writesOwnLog() {
        return false;
    }

    /**
     * The sizes (KiB) of the mappings that back the guest's RAM in the hypervisor process, as its sources
     * allocate them; several alternatives where its versions differ. QEMU: one anonymous block of --mem.
     */
    default java.util.List<java.util.List<Long>> guestRamLayouts(VmSpec spec) {
        return java.util.List.of(java.util.List.of(spec.memMiB() * 1024L));
    }

    /**
     * What the installed binary's {@code --version} line says against using it (too old for the default image,
     * say), with what to do; empty when nothing.
     */
    default java.util.Optional<String> versionAdvice(String versionLine) {
        return java.util.Optional.empty();
    }

    /**
     * What this hypervisor would refuse on this host, one line each with what to do, before anything starts;
     * {@code boot} refuses them and {@code --dry-run} lists them as "would not boot here".
     */
    default java.util.List<String> hostProblems(VmSpec spec, LaunchPlan plan, HostFacts host) {
        return java.util.List.of();
    }

    /** What will likely go wrong although the hypervisor will start (a command line without console=). */
    default java.util.List<String> warnings(VmSpec spec, LaunchPlan plan, HostFacts host) {
        if (spec.append() != null && !plan.cmdline().contains("console=")) {
            return java.util.List.of("--append replaces the default kernel command line ('" + defaultCmdline()
                    + "'), and yours has no console=: the guest will print nothing on the serial console and the"
                    + " boot will time out; add console=ttyS0");
        }
        return java.util.List.of();
    }

    /**
     * How this plan differs from the seed write-up's launch line for this hypervisor, and why (one line each;
     * empty when the seed had no such line). {@code --dry-run} prints them.
     */
    default java.util.List<String> seedDifferences(VmSpec spec, LaunchPlan plan) {
        return java.util.List.of();
    }
}
