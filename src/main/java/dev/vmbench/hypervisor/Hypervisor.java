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
}
