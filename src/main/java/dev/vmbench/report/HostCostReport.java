package dev.vmbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.overhead.HostCost;
import dev.vmbench.vmm.VmmMemory;

/** {@code overhead}'s table (one column per VM) and its JSON, in the field names the exports' {@code host} object uses. */
public final class HostCostReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HostCostReport() {
    }

    /** Rows of figures, a column per VM, then how the guest RAM was found for each. */
    public static String table(List<HostCost> costs, MeminfoReport.Unit unit) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("", costs, c -> c.vm()));
        rows.add(row("hypervisor", costs, c -> c.hypervisor() + " (" + c.accel() + ")"));
        rows.add(row("pid, up", costs, c -> c.pid() + ", " + Units.uptime(java.time.Duration.ofMillis(
                (long) (c.uptimeSeconds() * 1000)))));
        rows.add(row("guest RAM resident", costs, c -> c.memory().guestRam().mappings() == 0 ? "not found"
                : kib(c.memory().guestRam().rss(), unit) + " of " + kib(c.memory().guestRam().size(), unit)));
        rows.add(row("VMM overhead RSS", costs, c -> kib(c.memory().overhead().rss(), unit)));
        rows.add(row("VMM overhead PSS", costs, c -> kib(c.memory().overhead().pss(), unit)));
        rows.add(row("VMM overhead USS", costs, c -> kib(c.memory().overhead().uss(), unit)));
        if (costs.stream().anyMatch(c -> c.memory().translationCache().isPresent())) {
            rows.add(row("  of which TCG code cache", costs, c -> c.memory().translationCache()
                    .map(t -> kib(t.rss(), unit) + " RSS").orElse("none")));
        }
        rows.add(row("process RSS (VmRSS)", costs, c -> c.vmRss().isPresent() ? kib(c.vmRss().getAsLong(), unit) : "-"));
        rows.add(row("VMM CPU user/system", costs, c -> String.format(Locale.ROOT, "%.2f s / %.2f s", c.cpuUser(),
                c.cpuSystem())));
        rows.add(row(String.format(Locale.ROOT, "VMM CPU last %.0f s", costs.get(0).recentWindow()), costs,
                c -> c.recentCpu().map(u -> String.format(Locale.ROOT, "%.2f s (%.1f%% of a CPU)", u.cpuSeconds(),
                        100 * u.share())).orElse("not yet")));
        rows.add(row("threads, open files", costs, c -> c.threads() + ", " + (c.openFiles() < 0 ? "?" : c.openFiles())));
        if (costs.stream().anyMatch(c -> !c.children().isEmpty())) {
            rows.add(row("child processes", costs, c -> c.children().isEmpty() ? "none" : c.children().toString()));
        }
        StringBuilder sb = new StringBuilder(SeriesReport.columns(rows));
        for (HostCost c : costs) {
            sb.append(c.vm()).append(" guest RAM: ").append(c.memory().guestRamFound()).append('\n');
        }
        for (HostCost c : costs) {
            c.phases().ifPresent(p -> sb.append(c.vm()).append(" boot: ").append(p.line()).append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    private interface Cell {
        String of(HostCost c);
    }

    private static String[] row(String name, List<HostCost> costs, Cell cell) {
        String[] r = new String[costs.size() + 1];
        r[0] = name;
        for (int i = 0; i < costs.size(); i++) {
            r[i + 1] = cell.of(costs.get(i));
        }
        return r;
    }

    static String kib(long kib, MeminfoReport.Unit unit) {
        return MeminfoReport.sized(kib, unit);
    }

    /** The figures as JSON: one object per VM. */
    public static String json(List<HostCost> costs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HostCost c : costs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vm", c.vm());
            m.put("hypervisor", c.hypervisor());
            m.put("accel", c.accel());
            m.put("pid", c.pid());
            m.put("uptime_s", c.uptimeSeconds());
            m.putAll(hostObject(c));
            m.put("guest_ram_mapped_kib", c.memory().guestRam().size());
            m.put("guest_ram_found", c.memory().guestRamFound());
            m.put("tcg_code_cache_kib", c.memory().translationCache().map(HostCostReport::parts).orElse(null));
            m.put("vmm_rss_kib", c.vmRss().isPresent() ? c.vmRss().getAsLong() : null);
            m.put("vmm_cpu_since_start_s", Map.of("user", c.cpuUser(), "system", c.cpuSystem()));
            m.put("vmm_cpu_recent_s", c.recentCpu().map(u -> (Object) u.cpuSeconds()).orElse(null));
            m.put("vmm_cpu_recent_window_s", c.recentWindow());
            m.put("threads", c.threads());
            m.put("open_files", c.openFiles());
            m.put("children", c.children());
            out.add(m);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields an export's {@code host} object shares: overhead, guest RAM resident, boot phases. */
    public static Map<String, Object> hostObject(HostCost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vmm_overhead_kib", parts(c.memory().overhead()));
        m.put("guest_ram_kib", c.memory().guestRam().rss());
        m.put("boot_phases_s", c.phases().map(p -> (Object) p.asMap()).orElse(null));
        return m;
    }

    static Map<String, Object> parts(VmmMemory.Part p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rss", p.rss());
        m.put("pss", p.pss());
        m.put("uss", p.uss());
        return m;
    }
}
