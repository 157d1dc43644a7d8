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
}
