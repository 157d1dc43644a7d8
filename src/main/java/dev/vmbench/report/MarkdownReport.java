package dev.vmbench.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.results.ResultGroups.Group;
import dev.vmbench.results.Series;

/** The report as Markdown: the same tables as {@link HtmlReport}, without the charts. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /** The Markdown report: per group the hyperfine-style table, significance, warnings, environment, meminfo. */
    public static String render(String title, String source, List<Group> groups) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\nFrom `").append(source).append("`, made ")
                .append(Instant.now()).append(".\n");
        for (Group g : groups) {
            sb.append("\n## #").append(g.number()).append(" `").append(g.command()).append("`\n\nStarted ")
                    .append(g.started()).append(".\n\n");
            List<Series> withRuns = g.series().stream().filter(s -> !s.runs().isEmpty()).toList();
            if (!withRuns.isEmpty()) {
                sb.append(Hyperfine.markdown(withRuns));
            }
            if (g.meminfo().size() >= 2) {
                List<String> names = List.copyOf(g.meminfo().keySet());
                Map<String, Meminfo> m = g.meminfo();
                MeminfoDiff d = MeminfoDiff.of(names.get(0), m.get(names.get(0)), names.get(1), m.get(names.get(1)));
                sb.append("\n| meminfo field | ").append(names.get(0)).append(" | ").append(names.get(1))
                        .append(" | delta |\n|:---|---:|---:|---:|\n");
                for (MeminfoDiff.Row r : d.largest(8).stream().filter(r -> r.delta() != null).toList()) {
                    sb.append("| ").append(r.field()).append(" | ").append(r.a()).append(" | ").append(r.b()).append(" | ")
                            .append(String.format("%+d", r.delta())).append(r.kb() ? " kB" : "").append(" |\n");
                }
            }
        }
        return sb.toString();
    }
}
