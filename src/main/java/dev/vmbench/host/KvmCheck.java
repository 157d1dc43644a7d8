package dev.vmbench.host;

/**
 * Whether KVM can run a stock guest here, and why (not).
 *
 * <p>The rule (see the field notes): {@code /dev/kvm} opens read-write AND the CPU flags show
 * {@code vmx} or {@code svm}. A paravirtual nested KVM answers ioctls but cannot run a stock kernel;
 * its CPUs show neither flag.
 */
public record KvmCheck(boolean usable, String reason) {

    public static KvmCheck decide(boolean devKvmExists, boolean devKvmReadWrite, String cpuinfo) {
        if (!devKvmExists) {
            return new KvmCheck(false, "/dev/kvm does not exist (no KVM module loaded, or not passed into this container)");
        }
        if (!devKvmReadWrite) {
            return new KvmCheck(false, "/dev/kvm is not readable and writable by this user (add the user to group kvm)");
        }
        boolean vmx = hasFlag(cpuinfo, "vmx");
        boolean svm = hasFlag(cpuinfo, "svm");
        if (!vmx && !svm) {
            return new KvmCheck(false, "/dev/kvm opens, but the CPU flags show neither vmx nor svm: this is a "
                    + "paravirtual nested KVM that cannot run a stock guest kernel");
        }
        return new KvmCheck(true, "/dev/kvm opens read-write and the CPU has " + (vmx ? "vmx" : "svm"));
    }

    static boolean hasFlag(String cpuinfo, String flag) {
        if (cpuinfo == null) {
            return false;
        }
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                for (String f : line.substring(colon + 1).trim().split("\\s+")) {
                    if (f.equals(flag)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
