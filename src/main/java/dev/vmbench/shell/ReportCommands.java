package dev.vmbench.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.OutputFile;
import dev.vmbench.report.HtmlReport;
import dev.vmbench.report.MarkdownReport;
import dev.vmbench.report.SeriesReport;
import dev.vmbench.results.ResultGroups.Group;
import dev.vmbench.results.ResultGroups;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;

/** {@code report}, {@code results list}, {@code results show}: the results log, browsed and drawn. */
@ShellComponent
public class ReportCommands {

    private final ResultsLog log;

    public ReportCommands(ResultsLog log) {
        this.log = log;
    }

    /** The groups of a log (this shell's only, with session), and a warning line per record that was skipped. */
    private record Read(List<Group> groups, String warnings) {
    }

    private Read groups(String from, boolean session) {
        Path file = from == null ? log.file() : Path.of(from);
        if (!Files.exists(file)) {
            throw new VmbenchException("no results log at " + file + ": time something first ('run VM CMD --repeat 5',"
                    + " 'bench', 'compare'), or give --from FILE");
        }
        ResultGroups.Log all = ResultGroups.read(file);
        StringBuilder w = new StringBuilder();
        all.skipped().forEach(line -> w.append("warning: ").append(line).append('\n'));
        return new Read(session ? all.ofSession(log.session()) : all.groups(), w.toString());
    }

    @ShellMethod(key = "report", value = "Write a self-contained HTML (or Markdown) report of the results log.",
            group = "Results")
    public String report(
            @ShellOption(value = "--from", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "a results log (default: this VMBENCH_HOME's)") String from,
            @ShellOption(value = "--session", defaultValue = "false", help = "only what this shell measured") boolean session,
            @ShellOption(value = "--out", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "the file (default report.html or report.md here)") String out,
            @ShellOption(value = "--format", defaultValue = "html", valueProvider = ReportFormats.class,
                    help = "html or md") String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("html") && !f.equals("md")) {
            throw new VmbenchException("unknown --format '" + format + "': use html or md");
        }
        Read read = groups(from, session);
        List<Group> groups = read.groups();
        String source = (from == null ? log.file() : Path.of(from)).toAbsolutePath().toString();
        String title = "vmbench report" + (session ? " (this session)" : "");
        String text = f.equals("html") ? HtmlReport.render(title, source, groups) : MarkdownReport.render(title, source, groups);
        Path target = OutputFile.write(out != null ? out : "report." + f, text);
        return read.warnings() + "wrote " + target + " (" + groups.size() + (groups.size() == 1 ? " group" : " groups")
                + " of runs)";
    }

    @ShellMethod(key = "results list", value = "The groups of runs in the results log, numbered.", group = "Results")
    public String list(
            @ShellOption(value = "--from", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "a results log") String from,
            @ShellOption(value = "--session", defaultValue = "false", help = "only what this shell measured") boolean session) {
        Read read = groups(from, session);
        List<Group> groups = read.groups();
        if (groups.isEmpty()) {
            return read.warnings() + "no runs recorded" + (session ? " in this session" : "");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "started", "runs", "warnings", "VMs", "command"});
        for (Group g : groups) {
            rows.add(new String[] {Integer.toString(g.number()), g.started().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"),
                    Integer.toString(g.runs()),
                    Integer.toString(g.series().stream().mapToInt(s -> s.runs().isEmpty() ? 0 : s.warnings().size()).sum()),
                    String.join(",", g.series().stream().map(Series::vm).distinct().toList()), commands(g)});
        }
        return read.warnings() + SeriesReport.columns(rows, c -> c == 1 || c >= 4).stripTrailing();
    }

    /** A group's command; for a scan, the first one and how many there were, and what was scanned. */
    static String commands(Group g) {
        List<String> distinct = g.series().stream().map(Series::command).distinct().toList();
        if (distinct.size() <= 1) {
            return g.command();
        }
        java.util.Set<String> scanned = new java.util.LinkedHashSet<>();
        g.series().forEach(s -> scanned.addAll(s.parameters().keySet()));
        return distinct.get(0) + " … (" + distinct.size() + " commands" + (scanned.isEmpty() ? ""
                : ", scanning " + String.join(", ", scanned)) + ")";
    }

    @ShellMethod(key = "results show", value = "One group of runs: per-run table, summaries, warnings, environment.",
            group = "Results")
    public String show(
            @ShellOption(value = "--number", help = "its number in 'results list'") int number,
            @ShellOption(value = "--from", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "a results log") String from) {
        Read read = groups(from, false);
        List<Group> groups = read.groups();
        if (groups.isEmpty()) {
            throw new VmbenchException("no runs recorded yet: 'results list' shows them once there are some");
        }
        Group g = groups.stream().filter(x -> x.number() == number).findFirst().orElseThrow(() -> new dev.vmbench.UsageException(
                "no group #" + number + ": 'results list' shows 1 to " + groups.size()));
        StringBuilder sb = new StringBuilder(read.warnings() + "#" + g.number() + "  " + commands(g) + "  (started " + g.started() + ")\n\n");
        List<Series> withRuns = g.series().stream().filter(s -> !s.runs().isEmpty()).toList();
        for (Series s : withRuns) {
            sb.append(SeriesReport.runs(s)).append('\n').append(SeriesReport.summary(s, withRuns.size() == 1))
                    .append('\n');
        }
        if (withRuns.size() > 1) {
            sb.append(SeriesReport.sideBySide(withRuns)).append(SeriesReport.warnings(withRuns)).append('\n');
        }
        if (withRuns.stream().anyMatch(s -> s.hostFigures().isPresent() || s.vmmCpu().isPresent())) {
            sb.append('\n').append(dev.vmbench.report.HostCostReport.hostSide(withRuns, g.boots())).append('\n');
        }
        if (!g.boots().isEmpty()) {
            sb.append('\n').append(dev.vmbench.report.BootReport.table(g.boots()));
        }
        for (Series s : g.series()) {
            if (!s.conditions().environment().isEmpty()) {
                sb.append("\nenvironment of ").append(s.vm()).append(":\n");
                s.conditions().environment().forEach((k, v) -> sb.append(String.format("  %-20s %s%n", k, v)));
            }
        }
        return sb.toString().stripTrailing();
    }

    @ShellMethod(key = "results compare", value = "Two sets of runs A/B (groups, exports, logs): better, worse or no "
            + "change per VM and workload, by a permutation test.", group = "Results")
    public String compare(
            @ShellOption(value = "--a", help = "A, the baseline: a group number of 'results list', a hyperfine "
                    + "JSON export or a results log") String a,
            @ShellOption(value = "--b", help = "B, the candidate: the same kinds") String b,
            @ShellOption(value = "--from", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "the results log group numbers refer to") String from,
            @ShellOption(value = "--p", defaultValue = "0.01", help = "a change needs p below this") double alpha,
            @ShellOption(value = "--min-change", defaultValue = "5", help = "... and at least this many percent")
            double minChange,
            @ShellOption(value = "--resamples", defaultValue = "9999", help = "the permutation test's resamples") int resamples,
            @ShellOption(value = "--fail-on-regression", defaultValue = "false", help = "fail (exit 1) when anything is "
                    + "worse") boolean failOnRegression) {
        dev.vmbench.measure.Permutation test = permutation(alpha, minChange, resamples);
        List<dev.vmbench.measure.AbTest.Sample> sa = samples(a, from);
        List<dev.vmbench.measure.AbTest.Sample> sb = samples(b, from);
        dev.vmbench.measure.AbTest.Outcome o = dev.vmbench.measure.AbTest.compare(sa, sb, test);
        if (o.lines().isEmpty()) {
            throw new VmbenchException("A and B measured nothing in common (A: " + String.join(", ", o.onlyA())
                    + "; B: " + String.join(", ", o.onlyB()) + ")");
        }
        String text = dev.vmbench.report.AbReport.text(a, b, o, test);
        return regressions(text, o, failOnRegression);
    }

    /** The test's settings from the command's options, each checked. */
    static dev.vmbench.measure.Permutation permutation(double alpha, double minChangePercent, int resamples) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new dev.vmbench.UsageException("bad --p " + alpha + ": give a probability such as 0.01");
        }
        if (!(minChangePercent >= 0)) {
            throw new dev.vmbench.UsageException("bad --min-change " + minChangePercent + ": give a percentage such as 5");
        }
        Required.count("--resamples", resamples, 99, 1_000_000);
        return dev.vmbench.measure.Permutation.defaults().withAlpha(alpha).withMinChange(minChangePercent / 100)
                .withResamples(resamples);
    }

    /** The text, or (with --fail-on-regression and something worse) the text and then a failure naming each. */
    static String regressions(String text, dev.vmbench.measure.AbTest.Outcome o, boolean fail) {
        if (fail && !o.worse().isEmpty()) {
            throw new VmbenchException(o.worse().size() + " regression(s) against the baseline: " + String.join(", ",
                    o.worse().stream().map(dev.vmbench.measure.AbTest.Line::name).toList()), text.stripTrailing(), null);
        }
        return text.stripTrailing();
    }

    /** A side of a comparison: a group number of the results log, or a file. */
    private List<dev.vmbench.measure.AbTest.Sample> samples(String which, String from) {
        if (which.matches("\\d{1,9}")) {
            int number = Integer.parseInt(which);
            List<Group> groups = groups(from, false).groups();
            Group g = groups.stream().filter(x -> x.number() == number).findFirst().orElseThrow(() ->
                    new dev.vmbench.UsageException("no group #" + number + ": 'results list' shows 1 to " + groups.size()));
            return dev.vmbench.results.Baselines.of(g.series().stream().filter(s -> !s.runs().isEmpty()).toList());
        }
        return dev.vmbench.results.Baselines.read(Path.of(which));
    }

    /** html, md. */
    @org.springframework.stereotype.Component
    public static class ReportFormats extends Completions.Fixed {
        @Override
        public List<String> choices() {
            return List.of("html", "md");
        }
    }
}
