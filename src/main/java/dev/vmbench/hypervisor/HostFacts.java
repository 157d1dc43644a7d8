package dev.vmbench.hypervisor;

/**
 * What a hypervisor's checks need to know about the host, read by the caller (the hypervisor strategies do no
 * I/O).
 *
 * @param cpuinfo      the text of /proc/cpuinfo ("" when unknown)
 * @param osArch       the JVM's {@code os.arch}
 * @param versionLine  the hypervisor binary's {@code --version} line, or null when unknown
 * @param kernelConfig the text of the kernel's {@code config} when it sits beside the kernel (as {@code image
 *                     build} leaves it), or null
 */
public record HostFacts(String cpuinfo, String osArch, String versionLine, String kernelConfig) {

    public static final HostFacts UNKNOWN = new HostFacts("", System.getProperty("os.arch", ""), null, null);

    public HostFacts {
        cpuinfo = cpuinfo == null ? "" : cpuinfo;
        osArch = osArch == null ? "" : osArch;
    }
}
