package dev.vmbench.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.bench.Bench;
import dev.vmbench.bench.Exports;
import dev.vmbench.compare.Comparison;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.report.SeriesReport;
import dev.vmbench.report.Units;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.CommaList;

@ShellComponent
public class ExecCommands {

    private final SessionRegistry registry;
    private final ResultsLog log;
    private final Out out;
    private final Comparison comparison;

    private final dev.vmbench.workload.Workloads workloads;

    public ExecCommands(SessionRegistry registry, ResultsLog log, Out out, Comparison comparison,
                        dev.vmbench.workload.Workloads workloads) {
        this.workloads = workloads;
        this.registry = registry;
        this.log = log;
        this.out = out;
        this.comparison = comparison;
    }

    @ShellMethod(key = "run", value = "Run a command in a VM's shell: its output, exit status and times.", group = "Commands")
    public String run(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String vm,
            @ShellOption(value = "--command", help = "the guest command, quoted") String command,
            @ShellOption(value = "--repeat", defaultValue = "1", help = "measured runs") int repeat,
            @ShellOption(value = "--warmup", defaultValue = "0", help = "runs before measuring, not counted") int warmup,
            @ShellOption(value = "--timeout", defaultValue = "10m", help = "per run; then Ctrl-C in the guest") String timeout,
            @ShellOption(value = "--quiet", defaultValue = "false", help = "do not print the command's output") boolean quiet,
            @ShellOption(value = "--prepare", defaultValue = ShellOption.NULL, help = "with --repeat: guest command "
                    + "before every run, not timed") String prepare,
            @ShellOption(value = "--conclude", defaultValue = ShellOption.NULL, help = "with --repeat: guest command "
                    + "after every run") String conclude,
            @ShellOption(value = "--cold", defaultValue = "false", help = "with --repeat: drop the guest's page cache "
                    + "before every run") boolean cold,
            @ShellOption(value = "--setup", defaultValue = ShellOption.NULL, help = "with --repeat: guest command once "
                    + "before the runs") String setup,
            @ShellOption(value = "--cleanup", defaultValue = ShellOption.NULL, help = "with --repeat: guest command "
                    + "once after the runs") String cleanup,
            @ShellOption(value = "--ignore-failure", defaultValue = "false", help = "with --repeat: a failing setup, "
                    + "prepare, conclude or cleanup is said and the runs go on") boolean ignoreFailure)
            throws InterruptedException {
        VmSession s = registry.getReady(Required.value(vm, "--vm", "run VM 'COMMAND'"));
        Required.value(command, "--command", "run VM 'COMMAND'");
        Required.count("--repeat", repeat, 1, MAX_RUNS);
        Required.count("--warmup", warmup, 0, MAX_RUNS);
        Duration t = Units.parseDuration(timeout);
        boolean controls = prepare != null || conclude != null || cold || setup != null || cleanup != null
                || ignoreFailure;
        if (repeat == 1 && warmup == 0 && !controls) {
            ExecResult r = GuestExec.run(s, command, t);
            java.util.Optional<String> unrecorded = log.append(s, r, "run", 1);
            StringBuilder sb = new StringBuilder();
            if (!quiet && !r.output().isEmpty()) {
                sb.append(r.output());
                if (!r.output().endsWith("\n")) {
                    sb.append("\n");
                }
            }
            sb.append(status(r));
            unrecorded.ifPresent(why -> sb.append("\nwarning: ").append(why));
            return sb.toString();
        }
        List<Series> series = Bench.run(Bench.newSeriesId(), List.of(s), Bench.Measure.time(command),
                List.of(java.util.Map.of()), new Bench.Controls(setup, cleanup, prepare, conclude, cold, ignoreFailure, !quiet && repeat == 1
                        && warmup == 0, repeat, warmup, Bench.Controls.DEFAULT_MIN_RUNS, 0,
                        Bench.Controls.DEFAULT_MIN_SECONDS), t, log, out::println, null);
        return SeriesReport.runs(series.get(0)) + "\n" + SeriesReport.summary(series.get(0)).stripTrailing();
    }

    /** More runs than this take hours even for a trivial command; a larger count is a typing mistake. */
    static final int MAX_RUNS = 100_000;


    static String status(ExecResult r) {
        StringBuilder sb = new StringBuilder();
        switch (r.ending()) {
            case TIMED_OUT -> sb.append("timed out: interrupted with Ctrl-C (exit 130); the VM is still usable");
            case SHELL_EXITED -> sb.append("shell exited (status ").append(r.exitCode()).append(")");
            case SHELL_REPLACED -> sb.append("shell replaced (status unknown)");
            case COMPLETED -> sb.append("exit ").append(r.exitCode());
            case NO_FIGURE -> sb.append("exit 0, but its figure was not in the output");
        }
        sb.append("  wall ").append(wall(r)).append(r.belowResolution() ? "" : " (host)");
        r.guestTime().ifPresent(g -> sb.append(String.format(Locale.ROOT, "  real %.3f s", g.real()))
                .append(g.user() == null ? "" : String.format(Locale.ROOT, "  user %.3f s", g.user()))
                .append(g.sys() == null ? "" : String.format(Locale.ROOT, "  sys %.3f s", g.sys()))
                .append(" (guest ").append(g.format()).append(" time)"));
        r.notes().forEach(n -> sb.append("\nnote: ").append(n));
        return sb.toString();
    }

    /**
     * The host-side wall time as it deserves to be shown: "0.005 s"; "0.42 ms" under a millisecond; and, when the
     * start and end markers arrived in one read, below what the console can time (never "0.000 s").
     */
    static String wall(ExecResult r) {
        if (r.belowResolution()) {
            return "below the console's timing resolution (start and end arrived in one read)";
        }
        double w = r.wallSeconds();
        return w < 0.001 ? String.format(Locale.ROOT, "%.2f ms", w * 1000) : String.format(Locale.ROOT, "%.3f s", w);
    }

    @ShellMethod(key = "bench", value = "The same command on several VMs, run by run alternating; hyperfine-style table.",
            group = "Commands")
    public String bench(
            @ShellOption(value = "--command", defaultValue = ShellOption.NULL, help = "the guest command, quoted") String command,
            @ShellOption(value = "--vms", valueProvider = Completions.VmNames.class, help = "VM names, comma-separated") String vms,
            @ShellOption(value = "--workload", defaultValue = ShellOption.NULL, valueProvider = Completions.WorkloadNames.class,
                    help = "a named workload instead of --command ('workload list'): its figure, unit and direction")
            String workload,
            @ShellOption(value = "--baseline", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "compare with a saved hyperfine JSON export or results log: better, worse or no change")
            String baseline,
            @ShellOption(value = "--fail-on-regression", defaultValue = "false", help = "with --baseline: fail (exit 1)"
                    + " when anything is worse (p < 0.01 and >= 5%)") boolean failOnRegression,
            @ShellOption(value = "--runs", defaultValue = "0", help = "measured runs per VM (default: hyperfine's, at "
                    + "least 10 runs and 3 s)") int runs,
            @ShellOption(value = "--warmup", defaultValue = "0", help = "warm-up runs per VM") int warmup,
            @ShellOption(value = "--timeout", defaultValue = "10m", help = "per run") String timeout,
            @ShellOption(value = "--export-json", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "hyperfine JSON") String json,
            @ShellOption(value = "--export-markdown", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "hyperfine Markdown") String md,
            @ShellOption(value = "--export-csv", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "hyperfine CSV") String csv,
            @ShellOption(value = "--setup", defaultValue = ShellOption.NULL, help = "guest command once before the series"
                    + " (per VM)") String setup,
            @ShellOption(value = "--cleanup", defaultValue = ShellOption.NULL, help = "guest command once after the "
                    + "series (per VM)") String cleanup,
            @ShellOption(value = "--prepare", defaultValue = ShellOption.NULL, help = "guest command before every run, "
                    + "not timed") String prepare,
            @ShellOption(value = "--conclude", defaultValue = ShellOption.NULL, help = "guest command after every run, "
                    + "not timed") String conclude,
            @ShellOption(value = "--cold", defaultValue = "false", help = "drop the guest's page cache before every run")
            boolean cold,
            @ShellOption(value = "--ignore-failure", defaultValue = "false", help = "a failing setup/prepare/conclude/"
                    + "cleanup does not stop the series") boolean ignoreFailure,
            @ShellOption(value = "--show-output", defaultValue = "false", help = "print each run's output") boolean showOutput,
            @ShellOption(value = "--min-runs", defaultValue = "10", help = "without --runs: at least this many") int minRuns,
            @ShellOption(value = "--max-runs", defaultValue = "0", help = "without --runs: at most this many (0: no limit)")
            int maxRuns,
            @ShellOption(value = "--parameter-scan", arity = 3, defaultValue = ShellOption.NULL,
                    help = "NAME MIN MAX: run the command for each value, {NAME} in it") String[] scan,
            @ShellOption(value = "--parameter-step-size", defaultValue = ShellOption.NULL, help = "the scan's step "
                    + "(default 1)") String step,
            @ShellOption(value = "--parameter-list", arity = 8, defaultValue = ShellOption.NULL,
                    help = "NAME A,B,C: each value for {NAME}; repeated, each combination") String[] lists,
            @ShellOption(value = "--export-asciidoc", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL,
                    help = "hyperfine AsciiDoc") String asciidoc,
            @ShellOption(value = "--export-orgmode", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL,
                    help = "hyperfine Org mode") String orgmode,
            @ShellOption(value = "--sort", defaultValue = "auto", valueProvider = Sorts.class,
                    help = "table order: auto or command (as given), mean-time (best first)") String sort,
            @ShellOption(value = "--style", defaultValue = "full", valueProvider = Styles.class,
                    help = "full, basic (no progress lines, no colour), nocolor, color, none (the result only)") String style)
            throws InterruptedException {
        Consumer<String> progress = progress(Style.of(style));
        if ((command == null) == (workload == null)) {
            throw new dev.vmbench.UsageException("give the guest command (--command 'CMD') or a workload (--workload "
                    + "NAME), one of them: bench --command 'sha256sum /random.txt' --vms A,B");
        }
        dev.vmbench.workload.Workload w = workload == null ? null : workloads.get(workload);
        if (w != null && w.isBoot()) {
            throw new dev.vmbench.UsageException("the boot workload is measured by booting: compare --workload boot "
                    + "--boots N");
        }
        Required.count("--runs", runs, 0, MAX_RUNS);
        Required.count("--warmup", warmup, 0, MAX_RUNS);
        Required.count("--min-runs", minRuns, 1, MAX_RUNS);
        Required.count("--max-runs", maxRuns, 0, MAX_RUNS);
        Bench.Controls controls = new Bench.Controls(setup, cleanup, prepare, conclude, cold, ignoreFailure, showOutput,
                runs, warmup, minRuns, maxRuns, Bench.Controls.DEFAULT_MIN_SECONDS);
        List<java.util.Map<String, String>> combos = dev.vmbench.bench.Scan.combinations(scan, step, lists);
        List<VmSession> targets = new ArrayList<>();
        for (String n : CommaList.of(vms)) {
            targets.add(registry.getReady(n));
        }
        if (targets.isEmpty()) {
            throw new dev.vmbench.UsageException("no VMs given: use --vms A,B ('vms' lists them)");
        }
        if (failOnRegression && baseline == null) {
            throw new dev.vmbench.UsageException("--fail-on-regression needs --baseline FILE (an earlier --export-json)");
        }
        // read before the runs: a baseline that cannot be read fails now, not after an hour of runs
        List<dev.vmbench.measure.AbTest.Sample> before = baseline == null ? null
                : dev.vmbench.results.Baselines.read(java.nio.file.Path.of(baseline));
        Exports exports = new Exports(json, md, csv, asciidoc, orgmode);
        Bench.Measure measure = w == null ? Bench.Measure.time(command) : Bench.Measure.of(w);
        if (w != null) {
            Bench.requireWorkload(targets, w, Units.parseDuration("1m"));
        }
        if (!combos.get(0).isEmpty()) {
            dev.vmbench.bench.Scan.substitute(measure.command(), combos.get(0)); // {NAME} used, before anything runs
        }
        List<Series> series = dev.vmbench.report.SeriesReport.sorted(Bench.run(Bench.newSeriesId(), targets, measure, combos, controls,
                Units.parseDuration(timeout), log, progress, exports), sort);
        exports.write(series);
        String text = SeriesReport.sideBySide(series) + SeriesReport.warnings(series) + exports.said();
        if (before == null) {
            return text;
        }
        dev.vmbench.measure.Permutation test = dev.vmbench.measure.Permutation.defaults();
        dev.vmbench.measure.AbTest.Outcome o = dev.vmbench.measure.AbTest.compare(before,
                dev.vmbench.results.Baselines.of(series), test);
        String ab = dev.vmbench.report.AbReport.text(baseline, "these runs", o, test);
        return ReportCommands.regressions(text + "\nagainst the baseline:\n" + ab, o, failOnRegression);
    }

    /** hyperfine's --style, read once: whether progress lines are printed, and colour. */
    enum Style {
        FULL, BASIC, NOCOLOR, COLOR, NONE;

        static Style of(String word) {
            try {
                return valueOf(word.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new dev.vmbench.UsageException("unknown --style '" + word + "': use full, basic, nocolor, color "
                        + "or none");
            }
        }

        /** basic and none print no progress lines (hyperfine: no progress bar). */
        boolean progress() {
            return this == FULL || this == NOCOLOR || this == COLOR;
        }

        /** color always, full when the terminal has colour, the others never. */
        boolean colour(boolean terminal) {
            return this == COLOR || this == FULL && terminal;
        }
    }

    /** Where progress lines go for a --style. */
    private Consumer<String> progress(Style style) {
        return style.progress() ? out::println : line -> { };
    }

    /** hyperfine's --sort values. */
    @org.springframework.stereotype.Component
    public static class Sorts extends Completions.Fixed {
        @Override
        public List<String> choices() {
            return List.of("auto", "command", "mean-time");
        }
    }

    /** hyperfine's --style values. */
    @org.springframework.stereotype.Component
    public static class Styles extends Completions.Fixed {
        @Override
        public List<String> choices() {
            return java.util.Arrays.stream(Style.values()).map(x -> x.name().toLowerCase(Locale.ROOT)).toList();
        }
    }

    @ShellMethod(key = "compare", value = "The seed experiment: boot one VM per hypervisor, time the command, compare meminfo.",
            group = "Commands")
    public String compare(
            @ShellOption(value = "--hypervisors", defaultValue = "qemu-microvm,qemu-q35",
                    help = "comma-separated: qemu-microvm, qemu-q35, firecracker") String hypervisors,
            @ShellOption(value = "--runs", defaultValue = "3", help = "runs per VM") int runs,
            @ShellOption(value = "--warmup", defaultValue = "0", help = "warm-up runs per VM") int warmup,
            @ShellOption(value = "--command", defaultValue = Comparison.DEFAULT_COMMAND, help = "the guest command") String command,
            @ShellOption(value = "--random-mib", defaultValue = "64", help = "size of /random.txt") int randomMiB,
            @ShellOption(value = "--boots", defaultValue = "" + Comparison.DEFAULT_BOOTS, help = "boots per hypervisor,"
                    + " alternating, for the boot phases (the last boot's VMs run the command)") int boots,
            @ShellOption(value = "--firecracker-boot-args", defaultValue = "false", help = "boot every VM with "
                    + "Firecracker's own boot-time kernel options, for a like-for-like boot comparison")
            boolean firecrackerBootArgs,
            @ShellOption(value = "--hosts", defaultValue = ShellOption.NULL, help = "compare on these hosts over SSH, "
                    + "all at once (comma-separated; default: here)") String hostList,
            @ShellOption(value = "--inventory", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL,
                    help = "an Ansible inventory (YAML or INI) whose hosts --hosts may name") String inventory,
            @ShellOption(value = "--workload", defaultValue = ShellOption.NULL, valueProvider = Completions.WorkloadNames.class,
                    help = "named workloads instead of --command, comma-separated ('workload list')") String workloadList,
            @ShellOption(value = "--scan", arity = 8, defaultValue = ShellOption.NULL, help = "boot options to vary, "
                    + "one VM per combination and hypervisor: --scan cpus=1,2 --scan mem=256M,1G") String[] scanArgs,
            @ShellOption(value = "--parallel", defaultValue = "0", help = "at most this many VMs at once (default: what "
                    + "the host's memory and cores allow)") int parallel,
            @ShellOption(value = "--prepare", defaultValue = ShellOption.NULL, help = "guest command before every run, "
                    + "not timed") String prepare,
            @ShellOption(value = "--conclude", defaultValue = ShellOption.NULL, help = "guest command after every run")
            String conclude,
            @ShellOption(value = "--setup", defaultValue = ShellOption.NULL, help = "guest command once before the "
                    + "series") String setup,
            @ShellOption(value = "--cleanup", defaultValue = ShellOption.NULL, help = "guest command once after it")
            String cleanup,
            @ShellOption(value = "--cold", defaultValue = "false", help = "drop the guest's page cache before every run")
            boolean cold,
            @ShellOption(value = "--ignore-failure", defaultValue = "false", help = "a failing setup/prepare/conclude/"
                    + "cleanup does not stop the series") boolean ignoreFailure,
            @ShellOption(value = "--export-asciidoc", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL,
                    help = "hyperfine AsciiDoc") String asciidoc,
            @ShellOption(value = "--export-orgmode", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL,
                    help = "hyperfine Org mode") String orgmode,
            @ShellOption(value = "--style", defaultValue = "full", valueProvider = Styles.class,
                    help = "full, basic (no progress lines, no colour), nocolor, color, none") String style,
            @ShellOption(value = "--export-json", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "hyperfine JSON") String json,
            @ShellOption(value = "--export-markdown", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "hyperfine Markdown") String md,
            @ShellOption(value = "--export-csv", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "hyperfine CSV") String csv)
            throws InterruptedException {
        Required.count("--runs", runs, 1, MAX_RUNS);
        Required.count("--warmup", warmup, 0, MAX_RUNS);
        Required.value(command, "--command", "compare --command 'sha256sum /random.txt'");
        List<String> hosts = CommaList.of(hostList);
        List<String> hvs = CommaList.of(Required.value(hypervisors, "--hypervisors", "compare --hypervisors A,B"));
        Exports exports = new Exports(json, md, csv, asciidoc, orgmode);
        Style st = Style.of(style);
        Consumer<String> progress = progress(st);
        Required.count("--boots", boots, 1, MAX_RUNS);
        java.util.Map<String, List<String>> scan = Comparison.scan(scanArgs);
        Comparison.checkParallel(parallel);
        Comparison.Outcome o = comparison.run(new Comparison.Request(hvs, command, runs, warmup, randomMiB,
                firecrackerBootArgs, boots, hosts, inventory == null ? null : java.nio.file.Path.of(inventory),
                CommaList.of(workloadList).stream().map(workloads::get).toList(), scan, parallel,
                new Bench.Controls(setup, cleanup, prepare, conclude, cold, ignoreFailure, false, runs, warmup, 10, 0,
                        Bench.Controls.DEFAULT_MIN_SECONDS)), progress, hosts.size() > 1 ? null : exports);
        exports.write(o.series());
        StringBuilder sb = new StringBuilder(o.text(st.colour(out.colour())));
        sb.append(exports.said());
        sb.append("every run is in ").append(log.file());
        return sb.toString();
    }
}
