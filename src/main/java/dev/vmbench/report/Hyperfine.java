package dev.vmbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.measure.Metric;
import dev.vmbench.measure.Stats;
import dev.vmbench.results.Series;

/**
 * Exports in hyperfine's own formats (JSON, Markdown, CSV), so tools written for hyperfine read vmbench's
 * results unchanged. Times are host-side wall times in seconds; {@code user}/{@code system} are the guest's
 * own means when every run was timed with {@code time}, otherwise null (never invented).
 */
public final class Hyperfine {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Hyperfine() {
    }

    /** hyperfine's "command" field: the VM and the command. */
    public static String label(Series s) {
        return s.vm() + ": " + s.what();
    }

    /** Relative speed against the fastest mean: value and its error (hyperfine's propagation). */
    public record Relative(double value, double error, boolean fastest) {
    }

    /**
     * Each mean over the best one, the best chosen by the metric's direction (the lowest time, the highest IOPS):
     * hyperfine's column for time (1.00 and "2.31 ± 0.05" times as slow), the same ratio of means otherwise
     * (0.85: 85% of the best's IOPS).
     */
    public static List<Relative> relative(List<Series> series) {
        List<Stats> stats = series.stream().map(s -> s.stats().orElse(null)).toList();
        Metric m = series.isEmpty() ? Metric.TIME : series.get(0).metric();
        int fastest = m.best(stats.stream().map(st -> st == null ? null : st.mean()).toList());
        List<Relative> out = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            Stats st = stats.get(i);
            if (st == null || fastest < 0) {
                out.add(new Relative(Double.NaN, Double.NaN, false));
                continue;
            }
            Stats best = stats.get(fastest);
            // a best mean of 0 (a command below the console's timing resolution) is no base for a ratio
            double ratio = best.mean() > 0 ? st.mean() / best.mean() : Double.NaN;
            double e = i == fastest ? 0 : ratio * Math.sqrt(sq(rel(st)) + sq(rel(best)));
            out.add(new Relative(ratio, e, i == fastest));
        }
        return out;
    }

    private static double rel(Stats s) {
        return Double.isNaN(s.stddev()) ? 0 : s.stddev() / s.mean();
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * The dimensions (vm, hypervisor, host) whose values differ between the series of one export, in that order:
     * what hyperfine's {@code parameters} carry. A single VM's series has none; what does not vary is in each
     * result's environment instead.
     */
    public static List<String> varying(List<Series> series) {
        List<String> out = new ArrayList<>();
        if (series.isEmpty()) {
            return out;
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        series.forEach(s -> keys.addAll(s.dimensions().keySet()));
        for (String k : keys) {
            if (series.stream().map(s -> s.dimensions().get(k)).distinct().count() > 1) {
                out.add(k);
            }
        }
        // the VM says nothing more when the rest of what varies already tells the series apart (one VM per
        // hypervisor, per host, per scanned value): hyperfine's scripts want exactly what was varied
        List<String> rest = out.stream().filter(k -> !k.equals("vm")).toList();
        if (out.contains("vm") && !rest.isEmpty() && series.stream()
                .map(s -> rest.stream().map(k -> String.valueOf(s.dimensions().get(k))).toList()).distinct().count()
                == series.size()) {
            out.remove("vm");
        }
        return out;
    }

    public static String json(List<Series> series) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> varying = varying(series);
        for (Series s : series) {
            Map<String, Object> r = new LinkedHashMap<>();
            Stats w = s.wall().orElse(null);
            r.put("command", label(s));
            r.put("mean", w == null ? null : w.mean());
            r.put("stddev", w == null || Double.isNaN(w.stddev()) ? null : w.stddev());
            r.put("median", w == null ? null : w.median());
            r.put("user", s.guestUser().map(Stats::mean).orElse(null));
            r.put("system", s.guestSys().map(Stats::mean).orElse(null));
            r.put("min", w == null ? null : w.min());
            r.put("max", w == null ? null : w.max());
            r.put("times", s.runs().stream().map(ExecResult::wallSeconds).toList());
            r.put("exit_codes", s.runs().stream().map(ExecResult::exitCode).toList());
            Map<String, String> params = new LinkedHashMap<>();
            varying.forEach(k -> params.put(k, s.dimensions().get(k)));
            if (!params.isEmpty()) {
                r.put("parameters", params); // as hyperfine: left out when nothing varies
            }
            Map<String, Object> env = new LinkedHashMap<>(s.dimensions());
            env.putAll(s.conditions().environment());
            r.put("environment", env);
            r.put("warnings", s.warnings().stream().map(x -> x.message() + " " + x.remedy()).toList());
            r.put("host", host(s));
            if (s.workload() != null) {
                r.put("workload", s.workload());
                r.put("guest_command", s.command());
            }
            if (!s.metric().isTime()) {
                r.put("metrics", Map.of(key(s.metric()), metric(s)));
            }
            results.add(r);
        }
        try {
            return JSON.writeValueAsString(Map.of("results", results)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A metric's key in the {@code metrics} object: its name in snake case ("read_iops"). */
    static String key(Metric m) {
        return m.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** A figure other than time, as hyperfine would give time: unit, direction, statistics and every value. */
    static Map<String, Object> metric(Series s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Stats st = s.stats().orElse(null);
        m.put("name", s.metric().name());
        m.put("unit", s.metric().unit());
        m.put("better", s.metric().better().word());
        m.put("mean", st == null ? null : st.mean());
        m.put("stddev", st == null || Double.isNaN(st.stddev()) ? null : st.stddev());
        m.put("median", st == null ? null : st.median());
        m.put("min", st == null ? null : st.min());
        m.put("max", st == null ? null : st.max());
        m.put("values", s.runs().stream().map(r -> r.figure().isPresent() ? (Object) r.figure().getAsDouble() : null)
                .toList());
        return m;
    }

    /**
     * A result's {@code host} object (vmbench's own, beside hyperfine's fields): the hypervisor's overhead
     * beside the guest's RAM and the guest RAM resident when the runs ended (KiB), its CPU seconds per run, the
     * VM's boot phases (seconds from the process's start).
     */
    static Map<String, Object> host(Series s) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("vmm_overhead_kib", s.hostFigures().map(x -> (Object) x.overheadKib()).orElse(null));
        h.put("guest_ram_kib", s.hostFigures().map(x -> (Object) x.guestRam()).orElse(null));
        h.put("vmm_cpu_s", s.runs().stream().map(r -> r.vmmCpuSeconds().isPresent()
                ? (Object) r.vmmCpuSeconds().getAsDouble() : null).toList());
        h.put("console_bytes", s.runs().stream().map(ExecResult::consoleBytes).toList());
        h.put("boot_phases_s", s.hostFigures().map(x -> (Object) x.bootPhases()).orElse(null));
        return h;
    }

    /** The Markdown table's dimension columns: those that vary, but the VM (the Command column names it). */
    private static List<String> markdownColumns(List<Series> series) {
        return varying(series).stream().filter(k -> !k.equals("vm")).toList();
    }

    public static String markdown(List<Series> series) {
        Map<String, List<Series>> byMetric = new LinkedHashMap<>();
        series.forEach(x -> byMetric.computeIfAbsent(x.workload() + "\0" + x.metric(), k -> new ArrayList<>()).add(x));
        if (byMetric.size() > 1) {
            StringBuilder all = new StringBuilder();
            for (List<Series> part : byMetric.values()) {
                Series first = part.get(0);
                all.append(all.length() == 0 ? "" : "\n").append("### ")
                        .append(first.workload() != null ? first.workload() : first.command()).append(" (")
                        .append(first.metric().caption()).append(")\n\n").append(markdown(part));
            }
            return all.toString();
        }
        List<String> dims = markdownColumns(series);
        Metric m = series.isEmpty() ? Metric.TIME : series.get(0).metric();
        String u = " [" + m.unit() + "]";
        StringBuilder sb = new StringBuilder("| Command | ");
        dims.forEach(k -> sb.append(k).append(" | "));
        sb.append("Mean").append(u).append(" | Min").append(u).append(" | Max").append(u).append(" | Relative |\n|:---|");
        dims.forEach(k -> sb.append(":---|"));
        sb.append("---:|---:|---:|---:|\n");
        List<Relative> rel = relative(series);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Stats w = s.stats().orElse(null);
            Relative r = rel.get(i);
            sb.append("| `").append(label(s)).append("` | ");
            dims.forEach(k -> sb.append(s.dimensions().get(k)).append(" | "));
            if (w == null) {
                sb.append("failed | | | |\n");
                continue;
            }
            sb.append(m.isTime() ? f(w.mean()) : m.format(w.mean()));
            if (!Double.isNaN(w.stddev())) {
                sb.append(" ± ").append(m.isTime() ? f(w.stddev()) : m.format(w.stddev()));
            }
            sb.append(" | ").append(m.isTime() ? f(w.min()) : m.format(w.min())).append(" | ")
                    .append(m.isTime() ? f(w.max()) : m.format(w.max())).append(" | ");
            sb.append(SeriesReport.relative(r));
            sb.append(" |\n");
        }
        if (!m.isTime()) {
            sb.append("\n").append(m.name()).append(": ").append(m.better().phrase())
                    .append("; Relative is each mean over the best one's (1.00).\n");
        }
        sb.append(SeriesReport.significance(series).stream().map(l -> "\n" + l + "\n").reduce("", String::concat));
        for (Series s : series) {
            List<String> w = s.warnings().stream().map(x -> "- " + x.message() + " " + x.remedy()).toList();
            if (!w.isEmpty()) {
                sb.append("\nWarnings for `").append(label(s)).append("`:\n\n").append(String.join("\n", w)).append('\n');
            }
        }
        if (series.stream().anyMatch(s -> s.vmmCpu().isPresent() || s.hostFigures().isPresent())) {
            sb.append("\nHost side (what each hypervisor process cost; KiB):\n\n")
                    .append("| Command | VMM CPU per run [s] | VMM CPU / guest CPU | VMM overhead RSS | PSS | USS"
                            + " | guest RAM resident | boot to prompt [s] |\n")
                    .append("|:---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Series s : series) {
                var h = s.hostFigures();
                sb.append("| `").append(label(s)).append("` | ")
                        .append(s.vmmCpu().map(st -> f(st.mean())).orElse("-")).append(" | ")
                        .append(s.vmmCpuRatio().map(x -> String.format(Locale.ROOT, "%.2f", x)).orElse("-")).append(" | ")
                        .append(h.map(x -> Long.toString(x.overheadRss())).orElse("-")).append(" | ")
                        .append(h.map(x -> Long.toString(x.overheadPss())).orElse("-")).append(" | ")
                        .append(h.map(x -> Long.toString(x.overheadUss())).orElse("-")).append(" | ")
                        .append(h.map(x -> Long.toString(x.guestRam())).orElse("-")).append(" | ")
                        .append(h.map(x -> x.bootPhases().get("prompt")).map(Hyperfine::f).orElse("-")).append(" |\n");
            }
        }
        for (Series s : series) {
            sb.append(environmentLine("`" + label(s) + "`", s.conditions().environment()));
        }
        return sb.toString();
    }

    /** The results table's cells: header, then a row per series (command, varying dimensions, mean, min, max, relative). */
    private static List<List<String>> cells(List<Series> series, java.util.function.UnaryOperator<String> command) {
        List<String> dims = markdownColumns(series);
        Metric m = series.isEmpty() ? Metric.TIME : series.get(0).metric();
        String u = " [" + m.unit() + "]";
        List<List<String>> out = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("Command"));
        head.addAll(dims);
        head.addAll(List.of("Mean" + u, "Min" + u, "Max" + u, "Relative"));
        out.add(head);
        List<Relative> rel = relative(series);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Stats w = s.stats().orElse(null);
            List<String> row = new ArrayList<>(List.of(command.apply(label(s))));
            dims.forEach(k -> row.add(s.dimensions().get(k)));
            if (w == null) {
                row.addAll(List.of("failed", "", "", ""));
            } else {
                java.util.function.DoubleFunction<String> fmt = v -> m.isTime() ? f(v) : m.format(v);
                row.add(fmt.apply(w.mean()) + (Double.isNaN(w.stddev()) ? "" : " ± " + fmt.apply(w.stddev())));
                row.add(fmt.apply(w.min()));
                row.add(fmt.apply(w.max()));
                Relative r = rel.get(i);
                row.add(SeriesReport.relative(r));
            }
            out.add(row);
        }
        return out;
    }

    /** The series grouped by what they measure (a workload, in its metric), in order: one table each. */
    private static List<List<Series>> byMetric(List<Series> series) {
        Map<String, List<Series>> groups = new LinkedHashMap<>();
        series.forEach(x -> groups.computeIfAbsent(x.workload() + "\0" + x.metric(), k -> new ArrayList<>()).add(x));
        return List.copyOf(groups.values());
    }

    /** hyperfine's {@code --export-asciidoc}: the results table, the unit in its header (a table per workload). */
    public static String asciidoc(List<Series> series) {
        List<List<Series>> groups = byMetric(series);
        if (groups.size() > 1) {
            StringBuilder all = new StringBuilder();
            groups.forEach(g -> all.append(all.length() == 0 ? "" : "\n").append('.').append(g.get(0).what())
                    .append(" (").append(g.get(0).metric().caption()).append(")\n").append(asciidoc(g)));
            return all.toString();
        }
        List<List<String>> t = cells(series, c -> "`" + c + "`");
        int dims = t.get(0).size() - 5;
        StringBuilder sb = new StringBuilder("[cols=\"<");
        sb.append(",<".repeat(dims)).append(",>,>,>,>\"]\n|===");
        for (List<String> row : t) {
            sb.append("\n| ").append(String.join(" \n| ", row)).append(" \n");
        }
        return sb.append("|===\n").toString();
    }

    /** hyperfine's {@code --export-orgmode}: the results table as an Org table (a table per workload). */
    public static String orgmode(List<Series> series) {
        List<List<Series>> groups = byMetric(series);
        if (groups.size() > 1) {
            StringBuilder all = new StringBuilder();
            groups.forEach(g -> all.append(all.length() == 0 ? "" : "\n").append("* ").append(g.get(0).what())
                    .append(" (").append(g.get(0).metric().caption()).append(")\n").append(orgmode(g)));
            return all.toString();
        }
        List<List<String>> t = cells(series, c -> "=" + c + "=");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            List<String> row = t.get(i);
            sb.append("| ").append(row.get(0)).append("  |  ").append(String.join(" |  ", row.subList(1, row.size())))
                    .append(" |\n");
            if (i == 0) {
                sb.append("|").append("--+".repeat(row.size() - 1)).append("--|\n");
            }
        }
        return sb.toString();
    }

    /** "\nEnvironment of LABEL: key value; key value\n" for Markdown exports; empty for no environment. */
    public static String environmentLine(String label, Map<String, Object> env) {
        if (env.isEmpty()) {
            return "";
        }
        return "\nEnvironment of " + label + ": " + String.join("; ", env.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()) + "\n";
    }

    /** The environment fields the CSV export carries, in its column order. */
    public static final List<String> CSV_ENVIRONMENT = List.of("host_cpu", "host_cpus", "host_kernel",
            "hypervisor_version", "accel", "guest_kernel", "mem_mib", "cpus", "cmdline", "image_random_sha256",
            "vmbench_version");

    /** vmbench's host-side columns, after hyperfine's and the environment's. */
    public static final List<String> CSV_HOST = List.of("vmm_cpu_mean", "vmm_overhead_rss_kib", "vmm_overhead_pss_kib",
            "vmm_overhead_uss_kib", "guest_ram_kib", "boot_prompt_s");

    public static String csv(List<Series> series) {
        List<String> varying = varying(series);
        StringBuilder sb = new StringBuilder("command,mean,stddev,median,user,system,min,max,");
        varying.forEach(k -> sb.append("parameter_").append(k).append(','));
        sb.append("vm,hypervisor,host,").append(String.join(",", CSV_ENVIRONMENT)).append(',')
                .append(String.join(",", CSV_HOST));
        List<String> units = series.stream().filter(x -> !x.metric().isTime()).map(x -> x.metric().unit()).distinct()
                .toList();
        boolean figures = !units.isEmpty();
        if (figures) {
            // hyperfine's columns stay the wall time in seconds; the figure's own follow, its unit in their names
            // when the export has one, else in a column of its own
            for (String c : List.of("mean", "stddev", "median", "min", "max")) {
                sb.append(',').append(csvField(units.size() == 1 ? c + " [" + units.get(0) + "]" : "figure_" + c));
            }
            sb.append(",metric,unit,better,workload");
        }
        sb.append('\n');
        for (Series s : series) {
            Stats w = s.wall().orElse(null);
            sb.append(csvField(label(s))).append(',')
                    .append(w == null ? "" : w.mean()).append(',')
                    .append(w == null || Double.isNaN(w.stddev()) ? "" : w.stddev()).append(',')
                    .append(w == null ? "" : w.median()).append(',')
                    .append(s.guestUser().map(st -> Double.toString(st.mean())).orElse("")).append(',')
                    .append(s.guestSys().map(st -> Double.toString(st.mean())).orElse("")).append(',')
                    .append(w == null ? "" : w.min()).append(',')
                    .append(w == null ? "" : w.max());
            varying.forEach(k -> sb.append(',').append(csvField(s.dimensions().get(k))));
            for (String k : List.of("vm", "hypervisor", "host")) {
                sb.append(',').append(csvField(s.dimensions().get(k)));
            }
            for (String k : CSV_ENVIRONMENT) {
                Object v = s.conditions().environment().get(k);
                sb.append(',').append(v == null ? "" : csvField(String.valueOf(v)));
            }
            var h = s.hostFigures();
            sb.append(',').append(s.vmmCpu().map(st -> Double.toString(st.mean())).orElse(""))
                    .append(',').append(h.map(x -> Long.toString(x.overheadRss())).orElse(""))
                    .append(',').append(h.map(x -> Long.toString(x.overheadPss())).orElse(""))
                    .append(',').append(h.map(x -> Long.toString(x.overheadUss())).orElse(""))
                    .append(',').append(h.map(x -> Long.toString(x.guestRam())).orElse(""))
                    .append(',').append(h.map(x -> x.bootPhases().get("prompt")).map(String::valueOf).orElse(""));
            if (figures) {
                Stats st = s.metric().isTime() ? null : s.stats().orElse(null);
                sb.append(',').append(st == null ? "" : st.mean()).append(',')
                        .append(st == null || Double.isNaN(st.stddev()) ? "" : st.stddev()).append(',')
                        .append(st == null ? "" : st.median()).append(',').append(st == null ? "" : st.min())
                        .append(',').append(st == null ? "" : st.max()).append(',').append(csvField(s.metric().name()))
                        .append(',').append(csvField(s.metric().unit()))
                        .append(',').append(s.metric().better().word()).append(',')
                        .append(s.workload() == null ? "" : csvField(s.workload()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String csvField(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
