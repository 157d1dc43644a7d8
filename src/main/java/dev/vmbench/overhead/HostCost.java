package dev.vmbench.overhead;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.CpuWindow;
import dev.vmbench.vmm.VmmMemory;

/**
 * What one VM's hypervisor process costs its host at one moment, as its host's /proc gives it.
 *
 * @param vmRss       VmRSS from /proc/PID/status (the kernel's own total, to check the parts against)
 * @param cpuUser     user CPU seconds of the hypervisor (all its threads, and its live children) since it started
 * @param cpuSystem   system CPU seconds, likewise
 * @param recentCpu   CPU over the last {@code recentWindow} seconds, once it has run that long
 * @param children    its child processes' pids (counted in the figures)
 */
public record HostCost(String vm, String hypervisor, String accel, long pid, double uptimeSeconds, VmmMemory memory,
                       OptionalLong vmRss, double cpuUser, double cpuSystem, Optional<CpuWindow.Usage> recentCpu,
                       double recentWindow, int threads, int openFiles, List<Long> children,
                       Optional<BootPhases> phases) {

    public HostCost {
        children = List.copyOf(children);
    }
}
