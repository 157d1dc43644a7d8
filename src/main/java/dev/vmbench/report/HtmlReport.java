package dev.vmbench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.measure.Stats;
import dev.vmbench.measure.Warnings;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.results.ResultGroups.Group;
import dev.vmbench.results.Series;

/**
 * One self-contained HTML page for a set of result groups: per command, a strip plot of every run of each
 * VM with its mean and median (inline SVG drawn here, no script, no network), the Relative table, the
 * significance of the differences, the warnings, bars of the largest meminfo differences, and the
 * environment.
 */
public final class HtmlReport {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};

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
        if (g.meminfo().size() >= 2) {
            List<String> names = List.copyOf(g.meminfo().keySet());
            Meminfo a = g.meminfo().get(names.get(0));
            Meminfo b = g.meminfo().get(names.get(1));
            h.append(meminfoBars(MeminfoDiff.of(names.get(0), a, names.get(1), b)));
        }
        environment(h, g.series());
        h.append("</section>\n");
    }

    /** Every run as a dot on a time axis, one row per VM; the mean as a bar, the median as a ring. */
    static String stripPlot(List<Series> series) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series s : series) {
            for (ExecResult r : s.runs()) {
                lo = Math.min(lo, r.wallSeconds());
                hi = Math.max(hi, r.wallSeconds());
            }
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
        svg.append(String.format(Locale.ROOT, "<svg class=\"strip\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"runs per VM, seconds\">%n", left + width + 20, height,
                left + width + 20, height));
        double[] ticks = ticks(lo, hi);
        for (double t : ticks) {
            double x = left + (t - lo) / (hi - lo) * width;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, top - 4, x, top + row * series.size(), x, top + row * series.size() + 16, fmt(t)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">"
                + "host wall time per run [s]</text>%n", left + width / 2, top + row * series.size() + 34));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String c = COLOURS[i % COLOURS.length];
            double y = top + row * i + row / 2.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" "
                    + "dominant-baseline=\"middle\">%s</text>%n", left - 10, y, esc(s.vm() + " (" + s.hypervisor() + ")")));
            List<ExecResult> runs = s.runs();
            for (int k = 0; k < runs.size(); k++) {
                ExecResult r = runs.get(k);
                double x = left + (r.wallSeconds() - lo) / (hi - lo) * width;
                double jitter = ((k * 7) % 9 - 4) * 2.2;
                svg.append(String.format(Locale.ROOT, "<circle class=\"run\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                        + "fill-opacity=\"%s\"><title>run %d: %.3f s%s</title></circle>%n", x, y + jitter,
                        r.ok() ? c : "#000", r.ok() ? "0.55" : "1", k + 1, r.wallSeconds(), r.ok() ? "" : " (failed)"));
            }
            if (s.wall().isPresent()) {
                Stats st = s.wall().get();
                double xm = left + (st.mean() - lo) / (hi - lo) * width;
                double xd = left + (st.median() - lo) / (hi - lo) * width;
                svg.append(String.format(Locale.ROOT, "<line class=\"mean\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                        + "stroke=\"%s\" stroke-width=\"3\"><title>mean %.3f s</title></line>%n", xm, y - 16, xm, y + 16, c,
                        st.mean()));
                svg.append(String.format(Locale.ROOT, "<circle class=\"median\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" "
                        + "stroke=\"%s\" stroke-width=\"1.5\"><title>median %.3f s</title></circle>%n", xd, y, c, st.median()));
            }
        }
        return svg.append("</svg>\n<p class=\"muted\">Dots: runs (black: failed). Bar: mean. Ring: median.</p>\n")
                .toString();
    }

    private static void relativeTable(StringBuilder h, List<Series> series) {
        List<Hyperfine.Relative> rel = Hyperfine.relative(series);
        h.append("<table class=\"relative\"><tr><th class=\"l\">VM</th><th class=\"l\">hypervisor</th><th>mean ± σ [s]</th>"
                + "<th>median [s]</th><th>min … max [s]</th><th>guest real [s]</th><th>ok/runs</th><th>relative</th></tr>\n");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Hyperfine.Relative r = rel.get(i);
            h.append("<tr><td class=\"l\">").append(esc(s.vm())).append("</td><td class=\"l\">").append(esc(s.hypervisor()))
                    .append("</td>");
            if (s.wall().isPresent()) {
                Stats w = s.wall().get();
                h.append("<td>").append(fmt(w.mean())).append(Double.isNaN(w.stddev()) ? "" : " ± " + fmt(w.stddev()))
                        .append("</td><td>").append(fmt(w.median())).append("</td><td>").append(fmt(w.min())).append(" … ")
                        .append(fmt(w.max())).append("</td>");
            } else {
                h.append("<td>failed</td><td></td><td></td>");
            }
            h.append("<td>").append(s.guestReal().map(x -> fmt(x.mean())).orElse("–")).append("</td><td>")
                    .append(s.succeeded().size()).append('/').append(s.runs().size()).append("</td><td>")
                    .append(Double.isNaN(r.value()) ? "–" : r.fastest() ? "1.00"
                            : String.format(Locale.ROOT, "%.2f ± %.2f", r.value(), r.error()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
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
