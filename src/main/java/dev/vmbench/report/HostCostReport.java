package dev.vmbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.measure.Stats;
import dev.vmbench.overhead.HostCost;
import dev.vmbench.results.BootSeries;
import dev.vmbench.results.Series;
import dev.vmbench.vmm.HostFigures;
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
                : MeminfoReport.sized(c.memory().guestRam().rss(), unit) + " of " + MeminfoReport.sized(c.memory().guestRam().size(), unit)));
        rows.add(row("VMM overhead RSS", costs, c -> MeminfoReport.sized(c.memory().overhead().rss(), unit)));
        rows.add(row("VMM overhead PSS", costs, c -> MeminfoReport.sized(c.memory().overhead().pss(), unit)));
        rows.add(row("VMM overhead USS", costs, c -> MeminfoReport.sized(c.memory().overhead().uss(), unit)));
        if (costs.stream().anyMatch(c -> c.memory().translationCache().isPresent())) {
            rows.add(row("  of which TCG code cache", costs, c -> c.memory().translationCache()
                    .map(t -> MeminfoReport.sized(t.rss(), unit) + " RSS").orElse("none")));
        }
        rows.add(row("process RSS (VmRSS)", costs, c -> c.vmRss().isPresent() ? MeminfoReport.sized(c.vmRss().getAsLong(), unit) : "-"));
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

    /** The figures as JSON: one object per VM. */
    public static String json(List<HostCost> costs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HostCost c : costs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vm", c.vm());
            m.put("hypervisor", c.hypervisor());
            m.put("accel", c.accel());
            m.put("pid", c.pid());
            m.put("uptime_s", round(c.uptimeSeconds()));
            m.putAll(hostObject(c));
            m.put("guest_ram_mapped_kib", c.memory().guestRam().size());
            m.put("guest_ram_found", c.memory().guestRamFound());
            m.put("tcg_code_cache_kib", c.memory().translationCache().map(HostCostReport::parts).orElse(null));
            m.put("vmm_rss_kib", c.vmRss().isPresent() ? c.vmRss().getAsLong() : null);
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("user", round(c.cpuUser()));
            cpu.put("system", round(c.cpuSystem()));
            m.put("vmm_cpu_since_start_s", cpu);
            m.put("vmm_cpu_recent_s", c.recentCpu().map(u -> (Object) round(u.cpuSeconds())).orElse(null));
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

    /** Seconds to the millisecond (CPU times come in 10 ms ticks; more digits would be noise). */
    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    static Map<String, Object> parts(VmmMemory.Part p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rss", p.rss());
        m.put("pss", p.pss());
        m.put("uss", p.uss());
        return m;
    }

    /**
     * compare's host side: per hypervisor, the time to the prompt over its boots, what its process cost beside the
     * guest's RAM when the runs ended, the guest RAM resident, and its CPU per run.
     */
    public static String hostSide(List<Series> series, List<BootSeries> boots) {
        // one row per VM (its process's figures are the VM's, whatever ran in it); named by its hypervisor, or by
        // the VM when a hypervisor has several (a scan over configurations)
        Map<String, List<Series>> byVm = new java.util.LinkedHashMap<>();
        series.forEach(s -> byVm.computeIfAbsent(s.vm() + "@" + s.hostName(), k -> new ArrayList<>()).add(s));
        boolean named = byVm.values().stream().map(v -> v.get(0).hypervisor()).distinct().count() < byVm.size();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {named ? "VM (hypervisor)" : "hypervisor", "to prompt [s]", "VMM RSS", "VMM PSS",
                "VMM USS", "guest RAM resident", "VMM CPU/run [s]", "VMM/guest CPU"});
        for (List<Series> ofVm : byVm.values()) {
            Series s = ofVm.get(ofVm.size() - 1); // the figures read last
            Optional<HostFigures> h = s.hostFigures();
            Optional<Stats> prompt = boots.stream().filter(b -> b.hypervisor().equals(s.hypervisor())).findFirst()
                    .flatMap(b -> b.phase("prompt"));
            rows.add(new String[] {named ? s.vm() + " (" + s.hypervisor() + ")" : s.hypervisor(),
                    prompt.map(BootReport::meanSd).orElse(h.map(x -> x.bootPhases().get("prompt"))
                            .map(x -> String.format(Locale.ROOT, "%.2f", x)).orElse("-")),
                    h.map(x -> MeminfoReport.human(x.overheadRss())).orElse("-"),
                    h.map(x -> MeminfoReport.human(x.overheadPss())).orElse("-"),
                    h.map(x -> MeminfoReport.human(x.overheadUss())).orElse("-"),
                    h.map(x -> MeminfoReport.human(x.guestRam())).orElse("-"),
                    span(ofVm, x -> x.vmmCpu().map(Stats::mean), "%.3f"),
                    span(ofVm, Series::vmmCpuRatio, "%.2f×")});
        }
        return "the host side: what each hypervisor process cost (VMM = everything but the guest's RAM, at the end of"
                + " the runs" + (byVm.size() < series.size() ? "; CPU per run as min … max over each VM's series" : "")
                + ")\n" + SeriesReport.columns(rows).stripTrailing();
    }

    /** A figure of one series, or its min … max over several (a VM that ran a scan). */
    private static String span(List<Series> series, java.util.function.Function<Series, Optional<Double>> figure,
                               String format) {
        List<Double> v = series.stream().map(figure).flatMap(Optional::stream).toList();
        if (v.isEmpty()) {
            return "-";
        }
        double lo = java.util.Collections.min(v);
        double hi = java.util.Collections.max(v);
        String a = String.format(Locale.ROOT, format, lo);
        String b = String.format(Locale.ROOT, format, hi);
        return v.size() == 1 || a.equals(b) ? a : a + " … " + b;
    }

    /**
     * The seed's question, "which uses less memory?", answered on the host side in one line: each hypervisor
     * process's resident memory (its own plus the guest RAM it holds), with the caveats. Empty without figures.
     */
    public static Optional<String> lessMemory(List<Series> series) {
        List<Series> known = series.stream().filter(s -> s.hostFigures().isPresent()).toList();
        if (known.size() < 2 || known.size() != series.size()) {
            return Optional.empty();
        }
        Series least = known.stream().min(java.util.Comparator.comparingLong(HostCostReport::total)).orElseThrow();
        StringBuilder sb = new StringBuilder("Which uses less memory, on the host: ").append(least.hypervisor())
                .append(", whose process held ").append(MeminfoReport.human(total(least))).append(" (")
                .append(MeminfoReport.human(least.hostFigures().get().overheadRss())).append(" of it its own, ")
                .append(MeminfoReport.human(least.hostFigures().get().guestRam())).append(" guest RAM)");
        for (Series s : known) {
            if (s != least) {
                sb.append(", against ").append(s.hypervisor()).append("'s ").append(MeminfoReport.human(total(s)))
                        .append(" (").append(MeminfoReport.human(s.hostFigures().get().overheadRss())).append(" + ")
                        .append(MeminfoReport.human(s.hostFigures().get().guestRam())).append(')');
            }
        }
        sb.append(". ");
        if (known.stream().anyMatch(s -> "tcg".equalsIgnoreCase(s.conditions().accel()))) {
            sb.append("Under TCG the VMM's share includes QEMU's translated-code cache, which KVM does not have, so"
                    + " these figures do not carry over to KVM. ");
        }
        sb.append("The serial console was on, and the guests ran the same command, so their RAM resident compares;"
                + " the guests' own /proc/meminfo barely differs.");
        return Optional.of(sb.toString());
    }

    private static long total(Series s) {
        HostFigures h = s.hostFigures().orElseThrow();
        return h.overheadRss() + h.guestRam();
    }
}
