package dev.vmbench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestTime;
import dev.vmbench.measure.Stats;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.results.Series;

/** Text for people: per-run tables, hyperfine-style summaries, side-by-side comparisons. */
public final class SeriesReport {

    private SeriesReport() {
    }

    /** One line per run: index, status, host wall time and the guest's own figures. */
    public static String runs(Series s) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "status", "wall [s]", "real [s]", "user [s]", "sys [s]", "VMM CPU [s]",
                "console [B]"});
        int i = 1;
        for (ExecResult r : s.runs()) {
            Optional<GuestTime> g = r.guestTime();
            rows.add(new String[] {Integer.toString(i++), status(r), num(r.wallSeconds()),
                    g.map(t -> num(t.real())).orElse("-"), g.map(t -> opt(t.user())).orElse("-"),
                    g.map(t -> opt(t.sys())).orElse("-"),
                    r.vmmCpuSeconds().isPresent() ? num(r.vmmCpuSeconds().getAsDouble()) : "-",
                    Long.toString(r.consoleBytes())});
        }
        return columns(rows);
    }

    public static String status(ExecResult r) {
        return r.timedOut() ? "timeout" : r.exitCode() == 0 ? "ok" : "exit " + r.exitCode();
    }

    /** hyperfine's summary: mean ± σ, median, range; host wall and, when present, the guest's time. */
    public static String summary(Series s) {
        return summary(s, true);
    }

    /** hyperfine's summary of one series; its warnings too, unless they are said for several series at once. */
    public static String summary(Series s, boolean withWarnings) {
        StringBuilder sb = new StringBuilder();
        sb.append(who(s)).append(": ").append(s.command()).append('\n');
        Optional<Stats> wall = s.wall();
        if (wall.isEmpty()) {
            sb.append("  every run failed\n");
        } else {
            Stats w = wall.get();
            sb.append(String.format(Locale.ROOT, "  Wall (mean ± σ):    %s ± %s   median %s   (host side)%n",
                    sec(w.mean()), sd(w.stddev()), sec(w.median())));
            s.guestReal().ifPresent(r -> sb.append(String.format(Locale.ROOT,
                    "  Real (mean ± σ):    %s ± %s   [User: %s, System: %s]   (the guest's time)%n",
                    sec(r.mean()), sd(r.stddev()), s.guestUser().map(u -> sec(u.mean())).orElse("-"),
                    s.guestSys().map(u -> sec(u.mean())).orElse("-"))));
            s.stats().filter(x -> !s.metric().isTime()).ifPresent(x -> sb.append(String.format(Locale.ROOT,
                    "  %s (mean ± σ): %s ± %s %s   median %s   min … max %s … %s   (%s)%n", s.metric().name(),
                    s.metric().format(x.mean()), Double.isNaN(x.stddev()) ? "-" : s.metric().format(x.stddev()),
                    s.metric().unit(), s.metric().format(x.median()), s.metric().format(x.min()),
                    s.metric().format(x.max()), s.metric().better().phrase())));
            sb.append(String.format(Locale.ROOT, "  Range (min … max):  %s … %s   %d runs%s%n", sec(w.min()),
                    sec(w.max()), w.n(), s.warmups().isEmpty() ? "" : " (+" + s.warmups().size() + " warm-up)"));
        }
        List<ExecResult> failed = s.failed();
        if (!failed.isEmpty()) {
            sb.append("  ").append(failed.size()).append(" run(s) failed and are not averaged in: ")
                    .append(String.join(", ", failed.stream().map(SeriesReport::status).toList())).append('\n');
        }
        if (withWarnings) {
            sb.append(warnings(s));
        }
        return sb.toString();
    }

    /** hyperfine-style warnings, each with its remedy, one paragraph each; empty when there are none. */
    public static String warnings(Series s) {
        StringBuilder sb = new StringBuilder();
        for (dev.vmbench.measure.Warnings.Warning w : s.warnings()) {
            sb.append("  ").append(w).append('\n'); // Warning.toString: "Warning: MESSAGE REMEDY"
        }
        return sb.toString();
    }

    /**
     * For each VM after the fastest: is its difference from the fastest more than noise? (Welch's t-test on
     * the host wall times.)
     */
    public static List<String> significance(List<Series> series) {
        List<Hyperfine.Relative> rel = Hyperfine.relative(series);
        int fastest = -1;
        for (int i = 0; i < rel.size(); i++) {
            if (rel.get(i).fastest()) {
                fastest = i;
            }
        }
        List<String> out = new ArrayList<>();
        if (fastest < 0) {
            return out;
        }
        Series f = series.get(fastest);
        List<String> names = names(series);
        for (int i = 0; i < series.size(); i++) {
            if (i == fastest) {
                continue;
            }
            Series s = series.get(i);
            dev.vmbench.measure.Significance sig = dev.vmbench.measure.Significance.welch(names.get(fastest), f.values(),
                    names.get(i), s.values());
            out.add(sig == null ? names.get(i) + " against " + names.get(fastest) + ": too few runs (2 or more each) to "
                    + "tell a difference from noise" : sig.describe(s.metric()));
        }
        return out;
    }

    /**
     * What the lines under a table call each series: its VM's name, with the parameters it ran with when a VM has
     * several series in the table (a scan): "g (n=2)".
     */
    public static List<String> names(List<Series> series) {
        Map<String, Long> perVm = series.stream().collect(java.util.stream.Collectors.groupingBy(Series::vm,
                java.util.stream.Collectors.counting()));
        return series.stream().map(s -> perVm.get(s.vm()) > 1 && !s.parameters().isEmpty() ? s.vm() + " ("
                + String.join(", ", s.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList()) + ")" : s.vm()).toList();
    }

    /**
     * The warnings of several series, each warning once: under the names of the series it concerns, "both" or
     * "all N series" when every one has it (a TCG warning on each of a scan's series is said once); empty when
     * there are none.
     */
    public static String warnings(List<Series> series) {
        return grouped(names(series), series.stream().map(Series::warnings).toList(), "series");
    }

    /**
     * Warnings of several things, each said once: a paragraph per set of things a warning concerns, headed by
     * their names ("both", "all 4 series" when it is every one of them).
     *
     * @param names    the things' names
     * @param warnings each thing's warnings, in the order of {@code names}
     * @param things   what they are, for "all N ..."
     */
    public static String grouped(List<String> names, List<List<dev.vmbench.measure.Warnings.Warning>> warnings,
                                 String things) {
        Map<String, List<String>> who = new java.util.LinkedHashMap<>(); // a warning's line -> whom it concerns
        for (int i = 0; i < names.size(); i++) {
            for (dev.vmbench.measure.Warnings.Warning w : warnings.get(i)) {
                who.computeIfAbsent("  " + w, k -> new ArrayList<>())
                        .add(names.get(i));
            }
        }
        Map<List<String>, List<String>> byWho = new java.util.LinkedHashMap<>(); // whom -> their warnings
        who.forEach((line, them) -> byWho.computeIfAbsent(them, k -> new ArrayList<>()).add(line));
        StringBuilder sb = new StringBuilder();
        int n = names.size();
        byWho.forEach((them, lines) -> sb.append('\n').append(them.size() == 2 && n == 2 ? "both " + things
                : them.size() == n && n > 2 ? "all " + n + " " + things : String.join(", ", them)).append(":\n")
                .append(String.join("\n", lines)));
        return sb.toString();
    }

    /** The VMs side by side with hyperfine's Relative column (fastest mean 1.00). */
    public static String sideBySide(List<Series> series) {
        List<Hyperfine.Relative> rel = Hyperfine.relative(series);
        List<String[]> rows = new ArrayList<>();
        boolean hosts = remote(series);
        dev.vmbench.measure.Metric m = series.isEmpty() ? dev.vmbench.measure.Metric.TIME : series.get(0).metric();
        String head = m.isTime() ? "wall mean ± σ [s]" : m.name() + " mean ± σ [" + m.unit() + "]";
        // a scan: a column per scanned parameter, and the relative column within each hypervisor too
        List<String> params = new ArrayList<>();
        series.forEach(x -> x.parameters().keySet().stream().filter(k -> !params.contains(k)).forEach(params::add));
        boolean perHypervisor = !params.isEmpty() && series.stream().map(Series::hypervisor).distinct().count() > 1;
        Map<Series, Hyperfine.Relative> within = new java.util.HashMap<>();
        if (perHypervisor) {
            Map<String, List<Series>> byHv = new java.util.LinkedHashMap<>();
            series.forEach(x -> byHv.computeIfAbsent(x.hypervisor() + "@" + x.hostName(), k -> new ArrayList<>()).add(x));
            byHv.values().forEach(part -> {
                List<Hyperfine.Relative> r = Hyperfine.relative(part);
                for (int i = 0; i < part.size(); i++) {
                    within.put(part.get(i), r.get(i));
                }
            });
        }
        List<String> header = new ArrayList<>(List.of("VM", "hypervisor"));
        header.addAll(params);
        header.addAll(List.of(head, "median", "min … max", m.isTime() ? "guest real" : "wall [s]", "user", "sys",
                "VMM CPU", "VMM/guest", "ok/runs", "relative"));
        if (perHypervisor) {
            header.add("in its hypervisor");
        }
        rows.add(withHost(hosts, "host", header.toArray(String[]::new)));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Optional<Stats> w = s.stats();
            Hyperfine.Relative r = rel.get(i);
            List<String> row = new ArrayList<>(List.of(s.vm(), s.hypervisor()));
            params.forEach(k -> row.add(s.parameters().getOrDefault(k, "-")));
            row.addAll(List.of(
                    w.map(x -> m.format(x.mean()) + " ± " + (Double.isNaN(x.stddev()) ? "-" : m.format(x.stddev())))
                            .orElse("failed"),
                    w.map(x -> m.format(x.median())).orElse("-"),
                    w.map(x -> m.format(x.min()) + " … " + m.format(x.max())).orElse("-"),
                    m.isTime() ? s.guestReal().map(x -> num(x.mean())).orElse("-")
                            : s.wall().map(x -> num(x.mean())).orElse("-"),
                    s.guestUser().map(x -> num(x.mean())).orElse("-"),
                    s.guestSys().map(x -> num(x.mean())).orElse("-"),
                    s.vmmCpu().map(x -> num(x.mean())).orElse("-"),
                    s.vmmCpuRatio().map(x -> String.format(Locale.ROOT, "%.2f×", x)).orElse("-"),
                    s.values().size() + "/" + s.runs().size(), relative(r)));
            if (perHypervisor) {
                row.add(relative(within.get(s)));
            }
            rows.add(withHost(hosts, s.hostName(), row.toArray(String[]::new)));
        }
        StringBuilder sb = new StringBuilder(columns(rows));
        if (!m.isTime()) {
            sb.append(m.name()).append(": ").append(m.better().phrase()).append("; relative is each mean over the best"
                    + " one's (1.00)\n");
        }
        for (String line : significance(series)) {
            sb.append('\n').append(line);
        }
        return sb.toString();
    }

    /** "VM (hypervisor)", or "VM (hypervisor on HOST)" for a VM on another host. */
    public static String who(Series s) {
        return s.vm() + " (" + s.hypervisor() + ("local".equals(s.hostName()) ? "" : " on " + s.hostName()) + ")";
    }

    /** A relative figure as hyperfine prints it: "1.00" for the best, else "1.23 ± 0.04". */
    static String relative(Hyperfine.Relative r) {
        return r == null || !Double.isFinite(r.value()) ? "-" : r.fastest() ? "1.00"
                : String.format(Locale.ROOT, "%.2f ± %.2f", r.value(), r.error());
    }

    /** Whether any of the series ran on another host (then tables show a host column). */
    public static boolean remote(List<Series> series) {
        return series.stream().anyMatch(s -> !"local".equals(s.hostName()));
    }

    /** The row with the host as its third column, when {@code hosts}. */
    private static String[] withHost(boolean hosts, String host, String[] row) {
        if (!hosts) {
            return row;
        }
        List<String> r = new ArrayList<>(List.of(row));
        r.add(2, host);
        return r.toArray(String[]::new);
    }

    /** A simple side-by-side of several meminfo captures, in the kernel's field order. */
    public static String meminfo(Map<String, Meminfo> captures) {
        List<String> names = new ArrayList<>(captures.keySet());
        Set<String> fields = new LinkedHashSet<>();
        captures.values().forEach(m -> fields.addAll(m.fields().keySet()));
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("field"));
        head.addAll(names);
        if (names.size() == 2) {
            head.add("delta");
        }
        rows.add(head.toArray(String[]::new));
        for (String f : fields) {
            List<String> row = new ArrayList<>(List.of(f));
            List<Long> vals = new ArrayList<>();
            for (String n : names) {
                Meminfo.Field field = captures.get(n).fields().get(f);
                vals.add(field == null ? null : field.value());
                row.add(field == null ? "-" : field.value() + (field.kb() ? " kB" : ""));
            }
            if (names.size() == 2) {
                row.add(vals.get(0) == null || vals.get(1) == null ? "-"
                        : String.format(Locale.ROOT, "%+d", vals.get(1) - vals.get(0)));
            }
            rows.add(row.toArray(String[]::new));
        }
        return columns(rows);
    }

    /** Left-aligned first column, right-aligned numbers, two spaces apart. */
    public static String columns(List<String[]> rows) {
        return columns(rows, c -> c == 0);
    }

    /** The rows as aligned columns: those {@code left} picks aligned left (text), the others right (figures). */
    public static String columns(List<String[]> rows, java.util.function.IntPredicate left) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = r[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(left.test(c) ? cell + pad : pad + cell);
                if (c < cols - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String opt(Double v) {
        return v == null ? "-" : num(v);
    }

    static String sec(double v) {
        return String.format(Locale.ROOT, "%.3f s", v);
    }

    static String sd(double v) {
        return Double.isNaN(v) ? "-" : sec(v);
    }

    static String sdNum(double v) {
        return Double.isNaN(v) ? "-" : num(v);
    }
    /** The series in the order --sort asks: as given (auto, command), or best mean first (mean-time). */
    public static List<Series> sorted(List<Series> series, String sort) {
        return switch (sort.toLowerCase(Locale.ROOT)) {
            case "auto", "command" -> series;
            case "mean-time" -> series.stream().sorted((a, b) -> {
                double x = a.stats().map(st -> st.mean()).orElse(Double.NaN);
                double y = b.stats().map(st -> st.mean()).orElse(Double.NaN);
                if (Double.isNaN(x) || Double.isNaN(y)) {
                    return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : -1;
                }
                return a.metric().isBetter(x, y) ? -1 : a.metric().isBetter(y, x) ? 1 : 0;
            }).toList();
            default -> throw new dev.vmbench.UsageException("unknown --sort '" + sort + "': use auto, command or "
                    + "mean-time");
        };
    }

}
