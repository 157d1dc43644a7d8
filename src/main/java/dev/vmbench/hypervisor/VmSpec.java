package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the user asked for: a VM described independently of how any hypervisor spells it.
 *
 * @param name       session name, unique in the registry
 * @param hypervisor hypervisor name, see {@link Hypervisors}
 * @param kernel     kernel image (bzImage for QEMU)
 * @param initrd     initramfs, or null for none
 * @param rootfs     root disk image, or null for none
 * @param memMiB     guest memory in MiB
 * @param cpus       vCPU count
 * @param append     kernel command line replacing the hypervisor's default, or null for the default
 * @param accel      requested accelerator (may be AUTO)
 * @param persistent write guest changes to the root disk (false: every VM sees a pristine disk)
 * @param prompt     regular expression that marks the guest shell prompt, or null for the default
 * @param extraArgs  arguments passed through to the hypervisor as they are (QEMU's --qemu-arg)
 * @param extras     options only some hypervisors read (tap, Firecracker's CPU template ...)
 */
public record VmSpec(String name, String hypervisor, Path kernel, Path initrd, Path rootfs, long memMiB, int cpus,
                     String append, Accel accel, boolean persistent, String prompt, List<String> extraArgs,
                     Extras extras) {

    public static final String DEFAULT_PROMPT = "[#$] ";

    public VmSpec {
        Objects.requireNonNull(hypervisor, "hypervisor");
        Objects.requireNonNull(accel, "accel");
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
        extras = extras == null ? Extras.NONE : extras;
        if (cpus < 1 || cpus > 255) {
            throw new IllegalArgumentException("bad vCPU count " + cpus + ": give between 1 and 255");
        }
    }

    /** Without hypervisor-specific extras. */
    public VmSpec(String name, String hypervisor, Path kernel, Path initrd, Path rootfs, long memMiB, int cpus,
                  String append, Accel accel, boolean persistent, String prompt, List<String> extraArgs) {
        this(name, hypervisor, kernel, initrd, rootfs, memMiB, cpus, append, accel, persistent, prompt, extraArgs,
                Extras.NONE);
    }

    /** The same VM booting from other copies of its files (a host's cache). */
    public VmSpec withExtras(Extras x) {
        return new VmSpec(name, hypervisor, kernel, initrd, rootfs, memMiB, cpus, append, accel, persistent, prompt,
                extraArgs, x);
    }

    public VmSpec withFiles(Path kernel, Path initrd, Path rootfs) {
        return new VmSpec(name, hypervisor, kernel, initrd, rootfs, memMiB, cpus, append, accel, persistent, prompt,
                extraArgs, extras);
    }

    /**
     * A prompt pattern must compile and must need at least one character: one that matches empty text ({@code .*},
     * {@code x?}) would match before the guest printed anything, and the readiness probe would be typed before any
     * shell runs.
     *
     * @return the pattern
     * @throws IllegalArgumentException saying what is wrong and what to give
     */
    public static String checkPrompt(String regex) {
        String hint = "give a pattern of the guest prompt itself, such as '[#$] '";
        java.util.regex.Pattern p;
        try {
            p = java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("bad --prompt pattern '" + regex + "': " + e.getDescription() + "; "
                    + hint);
        }
        if (p.matcher("").find()) {
            throw new IllegalArgumentException("--prompt '" + regex + "' matches empty text, so it would match before"
                    + " the guest printed anything: " + hint);
        }
        return regex;
    }

    public String promptRegex() {
        return prompt == null || prompt.isBlank() ? DEFAULT_PROMPT : prompt;
    }

    public VmSpec withName(String newName) {
        return new VmSpec(newName, hypervisor, kernel, initrd, rootfs, memMiB, cpus, append, accel, persistent, prompt,
                extraArgs, extras);
    }
}
