package dev.vmbench.vmm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host-side figures kept with a series of runs: what the hypervisor process cost beside the guest's RAM
 * when the runs ended, how much guest RAM was resident, and the VM's boot phases. Sizes in KiB.
 */
public record HostFigures(long overheadRss, long overheadPss, long overheadUss, long guestRam,
                          Map<String, Double> bootPhases) {

    public HostFigures {
        bootPhases = bootPhases == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bootPhases));
    }

    public static HostFigures of(VmmMemory m, Map<String, Double> bootPhases) {
        return new HostFigures(m.overhead().rss(), m.overhead().pss(), m.overhead().uss(), m.guestRam().rss(),
                bootPhases);
    }

    /** The export's {@code vmm_overhead_kib} object. */
    public Map<String, Long> overheadKib() {
        Map<String, Long> o = new LinkedHashMap<>();
        o.put("rss", overheadRss);
        o.put("pss", overheadPss);
        o.put("uss", overheadUss);
        return o;
    }
}
