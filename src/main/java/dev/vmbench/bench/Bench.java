package dev.vmbench.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.measure.Metric;
import dev.vmbench.overhead.Overhead;
import dev.vmbench.results.Conditions;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;
import dev.vmbench.session.VmSession;
import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.HostFigures;
import dev.vmbench.workload.Workload;

/**
 * Runs one command repeatedly on one or more VMs, run by run alternating between the VMs so that drift
 * on the host hits all alike: warm-up round 1 on every VM, ..., then measured round 1 on every VM, ...
 * Every run is appended to the results log as it ends.
 */
public final class Bench {

    private Bench() {
    }

    /** Called after every measured round with the series so far, e.g. to rewrite export files. */
    public interface RoundListener {
        void afterRound(List<Series> sofar);
    }

    /** A new series id: groups a series' records (and a comparison's boots) in the results log. */
    public static String newSeriesId() {
        return java.time.Instant.now().toString() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    public static List<Series> run(List<VmSession> vms, String command, int runs, int warmup, Duration timeout,
                                   ResultsLog log, Consumer<String> progress, RoundListener rounds)
            throws InterruptedException {
        return run(newSeriesId(), vms, command, runs, warmup, timeout, log, progress, rounds);
    }

    /** ... with the series id given (a comparison's, whose boots are already logged under it). */
    public static List<Series> run(String seriesId, List<VmSession> vms, String command, int runs, int warmup,
                                   Duration timeout, ResultsLog log, Consumer<String> progress, RoundListener rounds)
            throws InterruptedException {
        return run(seriesId, vms, Measure.time(command), runs, warmup, timeout, log, progress, rounds);
    }

    /**
     * What a series measures: the guest command, and how each run's figure is read (null: the wall time).
     *
     * @param workload the workload's name, or null for a plain command
     */
    public record Measure(String command, Metric metric, Workload.Reading reading, String workload) {
        public static Measure time(String command) {
            return new Measure(command, Metric.TIME, null, null);
        }

        public static Measure of(Workload w) {
            return new Measure(w.guestCommand(), w.metric(), w.isTime() ? null : w.reading(), w.name());
        }

        /** The run with its figure read from its output (a run whose figure is not there is not counted). */
        ExecResult read(ExecResult r) {
            if (reading == null || !r.ok()) {
                return r;
            }
            try {
                return r.withFigure(reading.read(r));
            } catch (IllegalArgumentException e) {
                return r.withoutFigure("its " + metric.name() + " could not be read: " + e.getMessage());
            }
        }
    }

    /**
     * Refuses, in one line, to run a workload on a VM that cannot: no scratch disk when it needs one, a tool its
     * guest does not have (asked in the guest: {@code command -v}).
     */
    public static void requireWorkload(List<VmSession> vms, Workload w, Duration timeout) throws InterruptedException {
        for (VmSession vm : vms) {
            if (w.scratch() && vm.spec().extras().scratch() == null) {
                throw new dev.vmbench.UsageException(w.name() + " uses a scratch disk (" + Workload.SCRATCH_DEVICE
                        + ") and " + vm.name() + " has none: boot it with --scratch-disk 1G");
            }
            for (String tool : w.tools()) {
                if (GuestExec.run(vm, "command -v " + tool + " >/dev/null", timeout).exitCode() != 0) {
                    throw new VmbenchException("the guest of " + vm.name() + " has no " + tool + " (workload " + w.name()
                            + "): run 'image build --with " + tool + "' and boot it again");
                }
            }
        }
    }

    /** ... measuring what {@code m} says. */
    public static List<Series> run(String seriesId, List<VmSession> vms, Measure m, int runs, int warmup,
                                   Duration timeout, ResultsLog log, Consumer<String> progress, RoundListener rounds)
            throws InterruptedException {
        if (runs < 1) {
            throw new IllegalArgumentException("bad run count " + runs + ": give at least 1");
        }
        return run(seriesId, vms, m, List.of(Map.of()), Controls.runs(runs, warmup), timeout, log, progress, rounds);
    }

    /**
     * hyperfine's run controls, per series: guest commands before and after the series and every run (none of
     * them timed), the guest's page cache dropped before every run, and how many runs.
     *
     * @param setup         once per series (each VM, each parameter combination) before its first run, as
     *                      hyperfine runs it per command
     * @param cleanup       once per series after its last run
     * @param prepare       before every run, not timed
     * @param conclude      after every run, not timed
     * @param cold          drop the guest's page cache before every run ({@link #DROP_CACHES}), after prepare
     * @param ignoreFailure a failing setup, prepare, conclude or cleanup is reported, not the end of the series
     * @param showOutput    print each run's output as it ends
     * @param runs          measured runs; 0: hyperfine's rule (at least {@code minRuns} and {@code minSeconds})
     * @param warmup        warm-up runs, not counted
     * @param minRuns       with runs 0: at least this many (hyperfine: 10)
     * @param maxRuns       with runs 0: at most this many (0: no limit)
     */
    public record Controls(String setup, String cleanup, String prepare, String conclude, boolean cold,
                           boolean ignoreFailure, boolean showOutput, int runs, int warmup, int minRuns, int maxRuns,
                           double minSeconds) {

        /** What {@code --cold} types before every run: the guest writes back, then drops its page cache. */
        public static final String DROP_CACHES = "sync; echo 3 > /proc/sys/vm/drop_caches";
        /** hyperfine's defaults when the number of runs is not given. */
        public static final int DEFAULT_MIN_RUNS = 10;
        public static final double DEFAULT_MIN_SECONDS = 3.0;

        public Controls {
            if (runs < 0 || warmup < 0 || minRuns < 0 || maxRuns < 0) {
                throw new IllegalArgumentException("run counts are 0 or more");
            }
            if (runs == 0 && maxRuns > 0 && minRuns > maxRuns) {
                throw new dev.vmbench.UsageException("--min-runs " + minRuns + " is more than --max-runs " + maxRuns);
            }
        }

        /** Exactly this many runs, nothing else. */
        public static Controls runs(int runs, int warmup) {
            return new Controls(null, null, null, null, false, false, false, runs, warmup, DEFAULT_MIN_RUNS, 0,
                    DEFAULT_MIN_SECONDS);
        }

        /** How many measured runs, once the first round's slowest wall time is known (hyperfine's rule). */
        int count(double firstWall) {
            if (runs > 0) {
                return runs;
            }
            int n = (int) Math.ceil(minSeconds / Math.max(firstWall, 1e-6));
            n = Math.max(Math.max(n, minRuns), 1);
            return maxRuns > 0 ? Math.min(n, maxRuns) : n;
        }

        /** What the records say of these controls (empty when none is set). */
        Map<String, Object> describe() {
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            if (cold) {
                d.put("cache", "cold: the guest's page cache dropped before every run (" + DROP_CACHES + "); the host's"
                        + " page cache is not");
            }
            if (setup != null) {
                d.put("setup", setup);
            }
            if (prepare != null) {
                d.put("prepare", prepare);
            }
            if (conclude != null) {
                d.put("conclude", conclude);
            }
            if (cleanup != null) {
                d.put("cleanup", cleanup);
            }
            return d;
        }
    }

    /** One series being measured: a VM, the command as it runs there (parameters put in), the parameters. */
    private record Slot(VmSession vm, Measure m, Map<String, String> parameters, Map<String, Object> env, double rtt,
                        List<ExecResult> measured, List<ExecResult> warm) {
    }

    /**
     * ... for every combination of parameters ({@code {name}} in the command replaced by its value; one empty
     * combination for none) on every VM, run by run alternating over all of them, with hyperfine's controls.
     */
    public static List<Series> run(String seriesId, List<VmSession> vms, Measure m, List<Map<String, String>> combos,
                                   Controls c, Duration timeout, ResultsLog log, Consumer<String> progress,
                                   RoundListener rounds) throws InterruptedException {
        double loadBefore = vms.get(0).host().loadAverage();
        List<Slot> slots = new ArrayList<>();
        Map<VmSession, Map<String, Object>> envs = new java.util.HashMap<>();
        for (Map<String, String> combo : combos) {
            Measure mc = combo.isEmpty() ? m : new Measure(Scan.substitute(m.command(), combo), m.metric(), m.reading(),
                    m.workload());
            for (VmSession v : vms) {
                double rtt = v.host().linkRttMillis();
                Map<String, Object> base = envs.get(v);
                if (base == null) {
                    base = environment(v, rtt, c, log);
                    envs.put(v, base);
                }
                slots.add(new Slot(v, mc, combo, base, rtt, new ArrayList<>(), new ArrayList<>()));
            }
        }
        return runSlots(seriesId, vms, slots, c, timeout, log, progress, rounds, loadBefore);
    }

    /**
     * ... each VM once, with parameters of its own that are not in the command (a comparison's scanned boot options:
     * {@code cpus=2} is how that VM was booted), recorded with its runs.
     */
    public static List<Series> runLabelled(String seriesId, List<VmSession> vms, Measure m,
                                           List<Map<String, String>> parameters, Controls c, Duration timeout,
                                           ResultsLog log, Consumer<String> progress, RoundListener rounds)
            throws InterruptedException {
        double loadBefore = vms.get(0).host().loadAverage();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < vms.size(); i++) {
            VmSession v = vms.get(i);
            double rtt = v.host().linkRttMillis();
            slots.add(new Slot(v, m, parameters.get(i), environment(v, rtt, c, log), rtt, new ArrayList<>(),
                    new ArrayList<>()));
        }
        return runSlots(seriesId, vms, slots, c, timeout, log, progress, rounds, loadBefore);
    }

    /** What a VM's records say of where and how they ran: the log's environment, the link, the controls. */
    private static Map<String, Object> environment(VmSession v, double rtt, Controls c, ResultsLog log)
            throws InterruptedException {
        Map<String, Object> env = new java.util.LinkedHashMap<>(log == null ? Map.of() : log.environment(v));
        if (!Double.isNaN(rtt)) {
            env.put("link_rtt_ms", Math.round(rtt * 1000) / 1000.0); // the microsecond: finer is noise
        }
        env.putAll(c.describe());
        return env;
    }

    private static List<Series> runSlots(String seriesId, List<VmSession> vms, List<Slot> slots, Controls c,
                                         Duration timeout, ResultsLog log, Consumer<String> progress,
                                         RoundListener rounds, double loadBefore) throws InterruptedException {
        Context ctx = new Context(seriesId, loadBefore, new java.util.HashSet<>());
        List<Slot> setUp = new ArrayList<>();
        try {
            if (c.setup() != null) {
                for (Slot s : slots) {
                    aux(s, "--setup", c.setup(), c, timeout, progress);
                    setUp.add(s);
                }
            }
            for (int w = 1; w <= c.warmup(); w++) {
                round(slots, c, timeout, log, ctx, progress, true, w, c.warmup());
            }
            int total = c.runs() > 0 ? c.runs() : -1;
            for (int n = 1; total < 0 || n <= total; n++) {
                round(slots, c, timeout, log, ctx, progress, false, n, total);
                if (total < 0) {
                    double slowest = slots.stream().mapToDouble(s -> s.measured().get(0).wallSeconds()).max().orElse(0);
                    total = c.count(slowest);
                    progress.accept(String.format(Locale.ROOT, "  %d runs each (at least %d runs and %.0f s of measuring"
                            + "%s; the slowest first run took %.3f s)", total, c.minRuns(), c.minSeconds(),
                            c.maxRuns() > 0 ? ", at most " + c.maxRuns() : "", slowest));
                }
                if (rounds != null) {
                    rounds.afterRound(series(slots, ctx));
                }
            }
        } finally {
            if (c.cleanup() != null) {
                for (Slot s : (c.setup() != null ? setUp : slots)) {
                    try {
                        aux(s, "--cleanup", c.cleanup(), c, timeout, progress);
                    } catch (VmbenchException e) {
                        progress.accept("  " + e.getMessage());
                    }
                }
            }
        }
        List<Series> out = new ArrayList<>();
        List<Series> plain = series(slots, ctx);
        Map<VmSession, HostFigures> figures = new java.util.HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            VmSession v = slots.get(i).vm();
            HostFigures h = figures.computeIfAbsent(v, Bench::hostFigures);
            if (h != null && log != null && i < vms.size()) {
                log.appendHost(v, h, ctx.id());
            }
            out.add(plain.get(i).withHost(h));
        }
        return out;
    }

    /**
     * A guest command of the controls (setup, prepare, conclude, cleanup, the cache drop) on one slot's VM; its
     * failure stops the series in one line, unless {@code --ignore-failure}.
     */
    private static void aux(Slot s, String what, String command, Controls c, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        command = Scan.fill(command, s.parameters()); // as hyperfine: {NAME} in the controls too
        ExecResult r = GuestExec.run(s.vm(), command, timeout);
        if (r.ok()) {
            return;
        }
        String last = r.output().strip().lines().reduce((a, b) -> b).orElse("");
        String why = what + " '" + command + "' failed on " + s.vm().name() + " (" + (r.timedOut() ? "timed out"
                : "exit " + r.exitCode()) + ")" + (last.isEmpty() ? "" : ": " + last);
        if (c.ignoreFailure()) {
            progress.accept("  " + why + " (--ignore-failure: the series goes on)");
            return;
        }
        throw new VmbenchException(why + "; the series stopped (runs so far are in the results log; --ignore-failure "
                + "goes on)");
    }

    /** What the VM's hypervisor costs the host now, with its boot phases; null when it cannot be read (it ended). */
    public static HostFigures hostFigures(VmSession vm) {
        try {
            return HostFigures.of(Overhead.measure(vm).memory(),
                    vm.bootPhases().map(BootPhases::asMap).orElse(Map.of()));
        } catch (VmbenchException e) {
            return null;
        }
    }

    /** @param unrecorded why runs could not be recorded, each said once */
    private record Context(String id, double loadBefore, java.util.Set<String> unrecorded) {
    }

    /** Run n of total (-1: not known yet) on every slot in turn; each result is kept, logged and reported. */
    private static void round(List<Slot> slots, Controls c, Duration timeout, ResultsLog log, Context ctx,
                              Consumer<String> progress, boolean warmup, int n, int total) throws InterruptedException {
        String kind = warmup ? "warmup" : "run";
        for (Slot s : slots) {
            if (c.prepare() != null) {
                aux(s, "--prepare", c.prepare(), c, timeout, progress);
            }
            if (c.cold()) {
                aux(s, "--cold", Controls.DROP_CACHES, c, timeout, progress);
            }
            Measure m = s.m();
            ExecResult r = m.read(GuestExec.run(s.vm(), m.command(), timeout));
            (warmup ? s.warm() : s.measured()).add(r);
            String label = s.vm().name() + (s.parameters().isEmpty() ? "" : " " + Scan.describe(s.parameters()));
            progress.accept(line(label, (warmup ? "warm-up " : "run ") + n + "/" + (total < 0 ? "?" : total), r,
                    m.metric()));
            if (c.showOutput() && !r.output().isEmpty()) {
                r.output().lines().forEach(l -> progress.accept("    | " + l));
            }
            r.notes().forEach(note -> progress.accept("    note: " + note));
            if (log != null) {
                Map<String, Object> env = s.env();
                if (!s.parameters().isEmpty()) {
                    env = new java.util.LinkedHashMap<>(env);
                    env.put("parameters", s.parameters());
                }
                log.append(s.vm(), r, kind, n, ctx.id(), env, m.metric(), m.workload()).ifPresent(why -> {
                    if (ctx.unrecorded().add(why)) {
                        progress.accept("  warning: " + why);
                    }
                });
            }
            if (c.conclude() != null) {
                aux(s, "--conclude", c.conclude(), c, timeout, progress);
            }
        }
    }

    private static List<Series> series(List<Slot> slots, Context ctx) {
        List<Series> out = new ArrayList<>();
        double loadNow = slots.isEmpty() ? Double.NaN : slots.get(0).vm().host().loadAverage();
        for (Slot s : slots) {
            VmSession v = s.vm();
            Conditions c = new Conditions(s.env(), v.accel().label(), ctx.loadBefore(), loadNow,
                    Runtime.getRuntime().availableProcessors(), ctx.id(), v.host().name(), s.rtt());
            out.add(new Series(v.name(), v.hypervisor(), s.m().command(), s.measured(), s.warm(), c)
                    .withMetric(s.m().metric(), s.m().workload()).withParameters(s.parameters()));
        }
        return out;
    }

    static String line(String vm, String what, ExecResult r) {
        return line(vm, what, r, Metric.TIME);
    }

    static String line(String vm, String what, ExecResult r, Metric metric) {
        String guest = r.guestTime().map(g -> String.format(Locale.ROOT, ", guest real %.3f s", g.real())).orElse("");
        String status = switch (r.ending()) {
            case TIMED_OUT -> "TIMEOUT";
            case SHELL_EXITED -> "SHELL EXITED";
            case SHELL_REPLACED -> "NEW SHELL";
            case COMPLETED -> r.exitCode() == 0 ? "ok" : "exit " + r.exitCode();
            case NO_FIGURE -> "NO FIGURE";
        };
        String vmm = r.vmmCpuSeconds().isPresent()
                ? String.format(Locale.ROOT, ", VMM CPU %.3f s", r.vmmCpuSeconds().getAsDouble()) : "";
        String figure = r.figure().isPresent() ? ", " + metric.name() + " " + metric.format(r.figure().getAsDouble())
                + (metric.name().endsWith(metric.unit()) ? "" : " " + metric.unit()) : "";
        return String.format(Locale.ROOT, "  %-16s %-14s %-8s wall %.3f s%s%s%s", vm, what, status, r.wallSeconds(),
                figure, guest, vmm);
    }
}
