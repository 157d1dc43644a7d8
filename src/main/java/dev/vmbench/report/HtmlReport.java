package dev.vmbench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.measure.Metric;
import dev.vmbench.measure.Stats;
import dev.vmbench.measure.Warnings;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.results.BootSeries;
import dev.vmbench.results.ResultGroups.Group;
import dev.vmbench.results.Series;
import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.HostFigures;

/**
 * One self-contained HTML page for a set of result groups: per command, a strip plot of every run of each
 * VM with its mean and median (inline SVG drawn here, no script, no network), the Relative table, the
 * significance of the differences, the warnings, the boot phases per hypervisor as stacked bars with their
 * table, what each hypervisor process held on the host, bars of the largest meminfo differences, and the
 * environment.
 */
public final class HtmlReport {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};

    /** The boot's segments, each ending at the phase of {@link BootPhases#NAMES} at the same index. */
    static final String[] SEGMENTS = {"to first console byte", "kernel", "userspace to shell prompt", "shell answers"};

    private static final String[] SEGMENT_COLOURS = {"#9467bd", "#1f77b4", "#2ca02c", "#ff7f0e"};

    /** A segment that spans a phase not seen (its boundary unknown). */
    private static final String MERGED_COLOUR = "#bbbbbb";

    static final String MERGED_LEGEND = "phases not told apart (one was not seen)";

    /** The host memory bars' parts, in the colours they are drawn in. */
    static final String[] HOST_PARTS = {"VMM overhead RSS", "guest RAM resident", "VMM overhead PSS", "VMM overhead USS"};

    private static final String[] HOST_COLOURS = {COLOURS[1], COLOURS[0], COLOURS[4], COLOURS[3]};

    static final String HOST_CAPTION = "What each hypervisor process held on the host (VMM = everything but the guest's RAM)";

    private HtmlReport() {
    }

    public static String render(String title, String source, List<Group> groups) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}\n")
                .append("h1{font-size:1.6em}h2{font-size:1.25em;border-top:1px solid #ccc;padding-top:1em;margin-top:2em}\n")
                .append("code{background:#f3f3f3;padding:0 .25em}table{border-collapse:collapse;margin:.6em 0}\n")
                .append("td,th{border:1px solid #ddd;padding:.25em .6em;text-align:right}th{background:#f6f6f6}\n")
                .append("td.l,th.l{text-align:left}.warn{background:#fff4e5;border-left:4px solid #f0a020;padding:.4em .8em;margin:.3em 0}\n")
                .append(".sig{margin:.4em 0}table.env{width:100%;table-layout:fixed}.env td{text-align:left;font-size:.9em;"
                        + "overflow-wrap:anywhere}.muted{color:#777}\n")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"muted\">from <code>").append(esc(source))
                .append("</code>, made ").append(esc(Instant.now().toString())).append("; ").append(groups.size())
                .append(groups.size() == 1 ? " group" : " groups").append(" of runs</p>\n");
        if (groups.isEmpty()) {
            h.append("<p>No runs recorded yet.</p>\n");
        }
        for (Group g : groups) {
            group(h, g);
        }
        return h.append("</body></html>\n").toString();
    }

    private static void group(StringBuilder h, Group g) {
        h.append("<section class=\"group\" id=\"g").append(g.number()).append("\">\n<h2>#").append(g.number())
                .append(" <code>").append(esc(g.command())).append("</code></h2>\n<p class=\"muted\">started ")
                .append(esc(g.started().toString())).append(", ").append(g.series().size()).append(" VM(s), ")
                .append(g.runs()).append(" runs</p>\n");
        List<Series> withRuns = g.series().stream().filter(s -> !s.runs().isEmpty()).toList();
        if (!withRuns.isEmpty()) {
            h.append(stripPlot(withRuns));
            if (withRuns.stream().anyMatch(x -> !x.parameters().isEmpty())) {
                h.append(scanChart(withRuns));
            }
            relativeTable(h, withRuns);
            for (String line : SeriesReport.significance(withRuns)) {
                h.append("<p class=\"sig\">").append(esc(line)).append("</p>\n");
            }
            for (Series s : withRuns) {
                for (Warnings.Warning w : s.warnings()) {
                    h.append("<div class=\"warn\"><b>").append(esc(s.vm())).append(":</b> ").append(esc(w.message()))
                            .append(" <i>").append(esc(w.remedy())).append("</i></div>\n");
                }
            }
        }
        if (!g.boots().isEmpty()) {
            h.append(bootPhases(g.boots()));
        }
        if (g.series().stream().anyMatch(s -> s.hostFigures().isPresent())) {
            h.append(hostBars(g.series()));
        }
        if (g.meminfo().size() >= 2) {
            List<String> names = List.copyOf(g.meminfo().keySet());
            Meminfo a = g.meminfo().get(names.get(0));
            Meminfo b = g.meminfo().get(names.get(1));
            h.append(meminfoBars(MeminfoDiff.of(names.get(0), a, names.get(1), b)));
        }
        environment(h, g.series());
        h.append("</section>\n");
    }

    /** A run's figure in its series' metric (its wall time for time); NaN when it has none. */
    static double value(Series s, ExecResult r) {
        return s.metric().isTime() ? r.wallSeconds() : r.figure().orElse(Double.NaN);
    }

    /**
     * Every run as a dot on the metric's axis (time, IOPS, MiB/s ...), one row per VM; the mean as a bar, the
     * median as a ring; the axis says which way is better.
     */
    public static String stripPlot(List<Series> series) {
        Metric m = series.get(0).metric();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series s : series) {
            for (ExecResult r : s.runs()) {
                double v = value(s, r);
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        double pad = Math.max((hi - lo) * 0.08, hi * 0.01 + 1e-6);
        lo = Math.max(0, lo - pad);
        hi = hi + pad;
        int left = 250;
        int width = 680;
        int row = 46;
        int top = 14;
        int height = top + row * series.size() + 40;
        StringBuilder svg = new StringBuilder();
        String axis = m.isTime() ? "host wall time per run [s], lower is better"
                : m.name() + " per run [" + m.unit() + "], " + m.better().phrase();
        svg.append(String.format(Locale.ROOT, "<svg class=\"strip\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"runs per VM, %s\" data-better=\"%s\">%n", left + width + 20,
                height, left + width + 20, height, esc(m.unit()), m.better().word()));
        double[] ticks = ticks(lo, hi);
        for (double t : ticks) {
            double x = left + (t - lo) / (hi - lo) * width;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, top - 4, x, top + row * series.size(), x, top + row * series.size() + 16, m.format(t)));
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                + "fill=\"#555\">%s %s</text>%n", left + width / 2, top + row * series.size() + 34, esc(axis),
                m.better() == Metric.Better.HIGHER ? "→" : "←"));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String c = COLOURS[i % COLOURS.length];
            double y = top + row * i + row / 2.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" "
                    + "dominant-baseline=\"middle\">%s</text>%n", left - 10, y, esc(SeriesReport.who(s))));
            List<ExecResult> runs = s.runs();
            for (int k = 0; k < runs.size(); k++) {
                ExecResult r = runs.get(k);
                double v = value(s, r);
                if (Double.isNaN(v)) {
                    continue; // a run without its figure: counted as failed in the table
                }
                double x = left + (v - lo) / (hi - lo) * width;
                double jitter = ((k * 7) % 9 - 4) * 2.2;
                svg.append(String.format(Locale.ROOT, "<circle class=\"run\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                        + "fill-opacity=\"%s\"><title>run %d: %s %s%s</title></circle>%n", x, y + jitter,
                        r.ok() ? c : "#000", r.ok() ? "0.55" : "1", k + 1, m.format(v), esc(m.unit()),
                        r.ok() ? "" : " (failed)"));
            }
            if (s.stats().isPresent()) {
                Stats st = s.stats().get();
                double xm = left + (st.mean() - lo) / (hi - lo) * width;
                double xd = left + (st.median() - lo) / (hi - lo) * width;
                svg.append(String.format(Locale.ROOT, "<line class=\"mean\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                        + "stroke=\"%s\" stroke-width=\"3\"><title>mean %s %s</title></line>%n", xm, y - 16, xm, y + 16, c,
                        m.format(st.mean()), esc(m.unit())));
                svg.append(String.format(Locale.ROOT, "<circle class=\"median\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" "
                        + "stroke=\"%s\" stroke-width=\"1.5\"><title>median %s %s</title></circle>%n", xd, y, c,
                        m.format(st.median()), esc(m.unit())));
            }
        }
        return svg.append("</svg>\n<p class=\"muted\">Dots: runs (black: failed). Bar: mean. Ring: median. ")
                .append(esc(m.isTime() ? "Lower is better (left)." : m.unit() + ": " + m.better().phrase()
                        + (m.better() == Metric.Better.HIGHER ? " (right)." : " (left).")))
                .append("</p>\n").toString();
    }

    /**
     * A scan as a line chart: the first scanned parameter's values on x (in order: numbers by value, sizes such
     * as 256M by size), the mean of the figure on y with its σ as a bar, one line per hypervisor (and per value
     * of any other scanned parameter).
     */
    public static String scanChart(List<Series> series) {
        Metric m = series.get(0).metric();
        String key = series.stream().flatMap(x -> x.parameters().keySet().stream()).findFirst().orElseThrow();
        List<String> xs = series.stream().map(x -> x.parameters().get(key)).filter(java.util.Objects::nonNull).distinct()
                .sorted(java.util.Comparator.comparingDouble(HtmlReport::order)).toList();
        Map<String, List<Series>> lines = new java.util.LinkedHashMap<>();
        for (Series x : series) {
            String rest = x.parameters().entrySet().stream().filter(e -> !e.getKey().equals(key))
                    .map(e -> " " + e.getKey() + "=" + e.getValue()).reduce("", String::concat);
            String where = "local".equals(x.hostName()) ? "" : "@" + x.hostName();
            lines.computeIfAbsent(x.hypervisor() + where + rest, k -> new ArrayList<>()).add(x);
        }
        double hi = 0;
        for (Series x : series) {
            if (x.stats().isPresent()) {
                Stats st = x.stats().get();
                hi = Math.max(hi, st.mean() + (Double.isNaN(st.stddev()) ? 0 : st.stddev()));
            }
        }
        hi = hi <= 0 ? 1 : hi * 1.1;
        int left = 90;
        int width = 600;
        int top = 20;
        int height = 300;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<h3>Scan over %s</h3>%n<svg class=\"scan\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s against %s\" data-better=\"%s\">%n", esc(key),
                left + width + 220, top + height + 50, esc(m.name()), esc(key), m.better().word()));
        for (double t : ticks(0, hi)) {
            double y = top + height - t / hi * height;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">%s</text>%n",
                    left, y, left + width, y, left - 6, y + 4, m.format(t)));
        }
        for (int i = 0; i < xs.size(); i++) {
            double x = left + (xs.size() == 1 ? width / 2.0 : i * (double) width / (xs.size() - 1));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                    + "fill=\"#555\">%s</text>%n", x, top + height + 16, esc(xs.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">"
                + "%s</text>%n<text x=\"14\" y=\"%d\" font-size=\"11\" fill=\"#555\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s [%s], %s</text>%n", left + width / 2, top + height + 36, esc(key),
                top + height / 2, top + height / 2, esc(m.name()), esc(m.unit()), esc(m.better().phrase())));
        int li = 0;
        for (Map.Entry<String, List<Series>> line : lines.entrySet()) {
            String c = COLOURS[li % COLOURS.length];
            StringBuilder path = new StringBuilder();
            StringBuilder points = new StringBuilder();
            List<Series> sorted = line.getValue().stream().filter(x -> x.stats().isPresent() && x.parameters().get(key) != null)
                    .sorted(java.util.Comparator.comparingInt(x -> xs.indexOf(x.parameters().get(key)))).toList();
            for (Series x : sorted) {
                int i = xs.indexOf(x.parameters().get(key));
                double px = left + (xs.size() == 1 ? width / 2.0 : i * (double) width / (xs.size() - 1));
                Stats st = x.stats().get();
                double py = top + height - st.mean() / hi * height;
                double sd = Double.isNaN(st.stddev()) ? 0 : st.stddev() / hi * height;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                points.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                        + "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s, %s=%s: %s ± %s %s"
                        + "</title></circle>%n", px, py - sd, px, py + sd, c, px, py, c, esc(line.getKey()), esc(key),
                        esc(x.parameters().get(key)), m.format(st.mean()), Double.isNaN(st.stddev()) ? "-"
                        : m.format(st.stddev()), esc(m.unit())));
            }
            svg.append("<g class=\"line\" data-line=\"").append(esc(line.getKey())).append("\">")
                    .append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                            path, c)).append(points)
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>",
                            left + width + 16, top + 14 + 18 * li, c, esc(line.getKey())))
                    .append("</g>\n");
            li++;
        }
        return svg.append("</svg>\n<p class=\"muted\">Mean per value, the bar σ; one line per hypervisor.</p>\n")
                .toString();
    }

    /** A scanned value's place on the x axis: a number by value, a size (256M, 1G) by size, else by first use. */
    private static double order(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            try {
                return dev.vmbench.hypervisor.MemSize.parseMiB(v);
            } catch (RuntimeException notASize) {
                return Double.MAX_VALUE;
            }
        }
    }

    private static void relativeTable(StringBuilder h, List<Series> series) {
        List<Hyperfine.Relative> rel = Hyperfine.relative(series);
        boolean hosts = SeriesReport.remote(series);
        Metric m = series.get(0).metric();
        String u = esc(m.unit());
        h.append("<table class=\"relative\"><tr><th class=\"l\">VM</th><th class=\"l\">hypervisor</th>")
                .append(hosts ? "<th class=\"l\">host</th>" : "").append("<th>mean ± σ [").append(u).append("]</th>"
                + "<th>median [").append(u).append("]</th><th>min … max [").append(u).append("]</th>")
                .append(m.isTime() ? "<th>guest real [s]</th>" : "<th>wall mean [s]</th>")
                .append("<th>ok/runs</th><th>relative (").append(esc(m.better().phrase())).append(")</th></tr>\n");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Hyperfine.Relative r = rel.get(i);
            h.append("<tr><td class=\"l\">").append(esc(s.vm())).append("</td><td class=\"l\">").append(esc(s.hypervisor()))
                    .append("</td>");
            if (hosts) {
                h.append("<td class=\"l\">").append(esc(s.hostName())).append("</td>");
            }
            if (s.stats().isPresent()) {
                Stats w = s.stats().get();
                h.append("<td>").append(m.format(w.mean())).append(Double.isNaN(w.stddev()) ? "" : " ± " + m.format(w.stddev()))
                        .append("</td><td>").append(m.format(w.median())).append("</td><td>").append(m.format(w.min()))
                        .append(" … ").append(m.format(w.max())).append("</td>");
            } else {
                h.append("<td>failed</td><td></td><td></td>");
            }
            h.append("<td>").append(m.isTime() ? s.guestReal().map(x -> fmt(x.mean())).orElse("–")
                            : s.wall().map(x -> fmt(x.mean())).orElse("–")).append("</td><td>")
                    .append(s.succeeded().size() - (int) s.succeeded().stream().filter(x -> !m.isTime()
                            && x.figure().isEmpty()).count()).append('/').append(s.runs().size()).append("</td><td>")
                    .append(Double.isNaN(r.value()) ? "–" : SeriesReport.relative(r))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /**
     * Per hypervisor, one bar from its start to the mean time its shell answered, split at the mean of each
     * phase; a phase not seen merges its segment into the next. Then a table of each phase's mean ± σ and
     * min … max. Empty for no boots.
     */
    static String bootPhases(List<BootSeries> series) {
        if (series.isEmpty()) {
            return "";
        }
        List<double[]> ends = new ArrayList<>();
        double hi = 0;
        for (BootSeries b : series) {
            double[] e = new double[BootPhases.NAMES.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = b.phase(BootPhases.NAMES[i]).map(Stats::mean).orElse(Double.NaN);
                if (!Double.isNaN(e[i])) {
                    hi = Math.max(hi, e[i]);
                }
            }
            ends.add(e);
        }
        hi = hi > 0 ? hi * 1.08 : 1;
        int left = 170;
        int width = 620;
        int row = 34;
        int barH = 20;
        int top = 14;
        int axisY = top + row * series.size();
        int height = axisY + 66;
        StringBuilder svg = new StringBuilder("<h3>Boot phases: mean per hypervisor, seconds from the hypervisor"
                + " process's start</h3>\n");
        svg.append(String.format(Locale.ROOT, "<svg class=\"bootphases\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"boot phases per hypervisor, seconds\">%n",
                left + width + 90, height, left + width + 90, height));
        for (double t : ticks(0, hi)) {
            double x = left + t / hi * width;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, top - 4, x, axisY, x, axisY + 16, tick(t)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">"
                + "seconds from the hypervisor process's start (mean over the boots)</text>%n", left + width / 2, axisY + 32));
        boolean anyMerged = false;
        for (int k = 0; k < series.size(); k++) {
            BootSeries b = series.get(k);
            double[] e = ends.get(k);
            int y = top + row * k + (row - barH) / 2;
            svg.append("<g class=\"bootbar\" data-hypervisor=\"").append(esc(b.hypervisor())).append("\">");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
                    + "dominant-baseline=\"middle\">%s</text>", left - 10, y + barH / 2,
                    esc(b.hypervisor() + " (" + b.boots().size() + (b.boots().size() == 1 ? " boot)" : " boots)"))));
            double start = 0;
            String from = "start";
            List<String> pending = new ArrayList<>();
            for (int i = 0; i < e.length; i++) {
                pending.add(SEGMENTS[i]);
                if (Double.isNaN(e[i])) {
                    continue;
                }
                double end = Math.max(start, e[i]);
                boolean merged = pending.size() > 1;
                anyMerged |= merged;
                double x0 = left + start / hi * width;
                double x1 = left + end / hi * width;
                svg.append(String.format(Locale.ROOT, "<rect class=\"seg\" data-from=\"%s\" data-to=\"%s\" x=\"%.2f\" "
                        + "y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>", from,
                        BootPhases.NAMES[i], x0, y, x1 - x0, barH, merged ? MERGED_COLOUR : SEGMENT_COLOURS[i],
                        esc(String.format(Locale.ROOT, "%s, %s: %.3f s (%.3f → %.3f s)", b.hypervisor(),
                                String.join(" + ", pending), end - start, start, end))));
                start = end;
                from = BootPhases.NAMES[i];
                pending.clear();
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                    + "dominant-baseline=\"middle\">%s s</text></g>%n", left + start / hi * width + 4, y + barH / 2,
                    fmt(start)));
        }
        List<String> names = new ArrayList<>(List.of(SEGMENTS));
        List<String> colours = new ArrayList<>(List.of(SEGMENT_COLOURS));
        if (anyMerged) {
            names.add(MERGED_LEGEND);
            colours.add(MERGED_COLOUR);
        }
        legend(svg, left, axisY + 48, names, colours);
        svg.append("</svg>\n");
        svg.append("<table class=\"boots\"><tr><th class=\"l\">hypervisor</th><th>boots</th>");
        for (String heading : BootReport.HEADINGS) {
            svg.append("<th>").append(esc(heading)).append(" [s]</th>");
        }
        svg.append("</tr>\n");
        for (BootSeries b : series) {
            svg.append("<tr><td class=\"l\">").append(esc(b.hypervisor())).append("</td><td>").append(b.boots().size())
                    .append("</td>");
            for (String name : BootPhases.NAMES) {
                Optional<Stats> st = b.phase(name);
                svg.append("<td>").append(st.map(x -> esc(BootReport.meanSd(x)) + "<br><span class=\"muted\">"
                        + esc(String.format(Locale.ROOT, "%.2f … %.2f", x.min(), x.max())) + "</span>").orElse("–"))
                        .append("</td>");
            }
            svg.append("</tr>\n");
        }
        return svg.append("</table>\n<p class=\"muted\">Host clock, seconds from the hypervisor process's start: mean ±"
                + " σ, then min … max over the boots. A phase a boot did not show (userspace, when the kernel was"
                + " quiet) is left out of its means.</p>\n").toString();
    }

    /**
     * Per VM, what its hypervisor process held on the host when the runs ended: the VMM's overhead RSS and the
     * guest RAM resident stacked into one bar, and thinner bars for the overhead's PSS and USS; in MiB. Series
     * without host figures are left out; empty when none has them.
     */
    static String hostBars(List<Series> series) {
        List<Series> known = series.stream().filter(s -> s.hostFigures().isPresent()).toList();
        if (known.isEmpty()) {
            return "";
        }
        long max = 1;
        for (Series s : known) {
            HostFigures f = s.hostFigures().get();
            max = Math.max(max, Math.max(f.overheadRss() + f.guestRam(), Math.max(f.overheadPss(), f.overheadUss())));
        }
        int left = 170;
        int width = 500;
        int row = 56;
        int top = 6;
        int height = top + row * known.size() + 24;
        StringBuilder svg = new StringBuilder("<h3>").append(esc(HOST_CAPTION)).append("</h3>\n");
        svg.append(String.format(Locale.ROOT, "<svg class=\"hostbars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" role=\"img\" aria-label=\"host memory per hypervisor process, MiB\">%n",
                left + width + 280, height));
        for (int i = 0; i < known.size(); i++) {
            Series s = known.get(i);
            HostFigures f = s.hostFigures().get();
            int y = top + row * i;
            double wRss = (double) f.overheadRss() / max * width;
            double wGuest = (double) f.guestRam() / max * width;
            svg.append("<g class=\"hostbar\" data-vm=\"").append(esc(s.vm())).append("\">");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
                    + "dominant-baseline=\"middle\">%s</text>", left - 10, y + 9, esc(SeriesReport.who(s))));
            svg.append(hostRect("overhead-rss", left, y, wRss, 18, HOST_COLOURS[0], s.hypervisor() + ": "
                    + HOST_PARTS[0] + " " + mib(f.overheadRss())));
            svg.append(hostRect("guest-ram", left + wRss, y, wGuest, 18, HOST_COLOURS[1], s.hypervisor() + ": "
                    + HOST_PARTS[1] + " " + mib(f.guestRam())));
            svg.append(String.format(Locale.ROOT, "<text class=\"total\" x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                    + "dominant-baseline=\"middle\">%s</text>", left + wRss + wGuest + 4, y + 9,
                    esc(mib(f.overheadRss() + f.guestRam()) + " (VMM " + mib(f.overheadRss()) + " + guest "
                            + mib(f.guestRam()) + ")")));
            long[] thin = {f.overheadPss(), f.overheadUss()};
            String[] part = {"overhead-pss", "overhead-uss"};
            String[] abbrev = {"PSS", "USS"};
            for (int k = 0; k < thin.length; k++) {
                double w = (double) thin[k] / max * width;
                int ty = y + 22 + k * 11;
                svg.append(hostRect(part[k], left, ty, w, 7, HOST_COLOURS[k + 2], s.hypervisor() + ": " + HOST_PARTS[k + 2]
                        + " " + mib(thin[k])));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
                        + "dominant-baseline=\"middle\">%s</text>", left + w + 4, ty + 4,
                        esc("VMM " + abbrev[k] + " " + mib(thin[k]))));
            }
            svg.append("</g>\n");
        }
        legend(svg, left, top + row * known.size() + 8, List.of(HOST_PARTS), List.of(HOST_COLOURS));
        return svg.append("</svg>\n<p class=\"muted\">When the runs ended, from the process's smaps: RSS counts every"
                + " page it had resident, PSS shares each page among the processes mapping it, USS counts only the"
                + " pages no other process maps.</p>\n").toString();
    }

    private static String hostRect(String part, double x, int y, double w, int h, String fill, String title) {
        return String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                + "fill=\"%s\"><title>%s</title></rect>", part, x, y, w, h, fill, esc(title));
    }

    /** A row of swatches with their names, from (x, y). */
    private static void legend(StringBuilder svg, int x, int y, List<String> names, List<String> colours) {
        svg.append("<g class=\"legend\">");
        double at = x;
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" dominant-baseline=\"middle\">%s</text>", at, y - 6,
                    colours.get(i), at + 16, y, esc(names.get(i))));
            at += 16 + names.get(i).length() * 6.2 + 16;
        }
        svg.append("</g>\n");
    }

    /** KiB as {@code 64.0 MiB}. */
    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    /** A tick's label: no more digits than it needs. */
    private static String tick(double t) {
        return String.format(Locale.ROOT, "%.3f", t).replaceAll("\\.?0+$", "");
    }

    /** Horizontal bars of the largest absolute differences (b − a), in MiB. */
    static String meminfoBars(MeminfoDiff d) {
        List<MeminfoDiff.Row> rows = d.largest(8).stream().filter(r -> r.delta() != null).toList();
        StringBuilder svg = new StringBuilder("<h3>/proc/meminfo: largest differences, ").append(esc(d.labelB()))
                .append(" − ").append(esc(d.labelA())).append("</h3>\n");
        if (rows.isEmpty()) {
            return svg.append("<p>No differences.</p>\n").toString();
        }
        double max = rows.stream().mapToDouble(r -> Math.abs(r.delta())).max().orElse(1);
        int left = 170;
        int half = 330;
        int rowH = 24;
        int height = rowH * rows.size() + 10;
        svg.append(String.format(Locale.ROOT, "<svg class=\"membars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" role=\"img\" aria-label=\"meminfo differences\">%n", left + 2 * half + 100, height));
        int mid = left + half;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", mid, mid, height));
        for (int i = 0; i < rows.size(); i++) {
            MeminfoDiff.Row r = rows.get(i);
            double len = Math.abs(r.delta()) / max * half;
            double x = r.delta() >= 0 ? mid : mid - len;
            int y = 5 + i * rowH;
            String value = !r.kb() ? String.format("%+d", r.delta()) : Math.abs(r.delta()) < 1024
                    ? String.format(Locale.ROOT, "%+d kB", r.delta()) : String.format(Locale.ROOT, "%+.1f MiB", r.delta() / 1024.0);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
                    + "dominant-baseline=\"middle\">%s</text>", left - 10, y + rowH / 2 - 2, esc(r.field())));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"%s\"><title>%s %s</title></rect>", x, y, Math.max(1, len), rowH - 8,
                    r.delta() >= 0 ? "#d62728" : "#1f77b4", esc(r.field()), value));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" "
                    + "dominant-baseline=\"middle\">%s</text>%n", r.delta() >= 0 ? x + len + 4 : x - 4, y + rowH / 2 - 2,
                    r.delta() >= 0 ? "start" : "end", value));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void environment(StringBuilder h, List<Series> series) {
        List<String> keys = new ArrayList<>();
        for (Series s : series) {
            for (String k : s.conditions().environment().keySet()) {
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        h.append("<h3>Environment</h3>\n<table class=\"env\"><tr><th class=\"l\"></th>");
        series.forEach(s -> h.append("<th class=\"l\">").append(esc(s.vm())).append("</th>"));
        h.append("</tr>\n");
        for (String k : keys) {
            h.append("<tr><td class=\"l\"><b>").append(esc(k)).append("</b></td>");
            for (Series s : series) {
                Object v = s.conditions().environment().get(k);
                h.append("<td>").append(esc(v == null ? "–" : String.valueOf(v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** About five round tick values across [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double span = hi - lo;
        double raw = span / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) {
            t.add(v);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
