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
                return r.withFigure(reading.read(r.output()));
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
        String command = m.command();
        if (runs < 1) {
            throw new IllegalArgumentException("bad run count " + runs + ": give at least 1");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("bad warm-up count " + warmup + ": give 0 or more");
        }
        double loadBefore = vms.get(0).host().loadAverage();
        List<Map<String, Object>> envs = new ArrayList<>();
        List<Double> rtts = new ArrayList<>();
        for (VmSession v : vms) {
            double rtt = v.host().linkRttMillis();
            rtts.add(rtt);
            Map<String, Object> env = new java.util.LinkedHashMap<>(log == null ? Map.of() : log.environment(v));
            if (!Double.isNaN(rtt)) {
                env.put("link_rtt_ms", Math.round(rtt * 1000) / 1000.0); // the microsecond: finer is noise
            }
            envs.add(env);
        }
        Context ctx = new Context(seriesId, envs, rtts, loadBefore, new java.util.HashSet<>());
        List<List<ExecResult>> measured = new ArrayList<>();
        List<List<ExecResult>> warm = new ArrayList<>();
        vms.forEach(v -> {
            measured.add(new ArrayList<>());
            warm.add(new ArrayList<>());
        });
        for (int w = 1; w <= warmup; w++) {
            round(vms, m, timeout, log, ctx, progress, warm, "warmup", w, warmup);
        }
        for (int n = 1; n <= runs; n++) {
            round(vms, m, timeout, log, ctx, progress, measured, "run", n, runs);
            if (rounds != null) {
                rounds.afterRound(series(vms, m, measured, warm, ctx));
            }
        }
        List<Series> out = new ArrayList<>();
        List<Series> plain = series(vms, m, measured, warm, ctx);
        for (int i = 0; i < vms.size(); i++) {
            HostFigures h = hostFigures(vms.get(i));
            if (h != null && log != null) {
                log.appendHost(vms.get(i), h, ctx.id());
            }
            out.add(plain.get(i).withHost(h));
        }
        return out;
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
    private record Context(String id, List<Map<String, Object>> envs, List<Double> rtts, double loadBefore,
                           java.util.Set<String> unrecorded) {
    }

    /** Run n of total on every VM in turn; each result is kept, logged and reported as it ends. */
    private static void round(List<VmSession> vms, Measure m, Duration timeout, ResultsLog log, Context ctx,
                              Consumer<String> progress, List<List<ExecResult>> into, String kind, int n, int total)
            throws InterruptedException {
        for (int i = 0; i < vms.size(); i++) {
            ExecResult r = m.read(GuestExec.run(vms.get(i), m.command(), timeout));
            into.get(i).add(r);
            progress.accept(line(vms.get(i).name(), (kind.equals("run") ? "run " : "warm-up ") + n + "/" + total, r,
                    m.metric()));
            r.notes().forEach(note -> progress.accept("    note: " + note));
            if (log != null) {
                log.append(vms.get(i), r, kind, n, ctx.id(), ctx.envs().get(i), m.metric(), m.workload()).ifPresent(why -> {
                    if (ctx.unrecorded().add(why)) {
                        progress.accept("  warning: " + why);
                    }
                });
            }
        }
    }

    private static List<Series> series(List<VmSession> vms, Measure m, List<List<ExecResult>> measured,
                                       List<List<ExecResult>> warm, Context ctx) {
        String command = m.command();
        List<Series> out = new ArrayList<>();
        double loadNow = vms.isEmpty() ? Double.NaN : vms.get(0).host().loadAverage();
        for (int i = 0; i < vms.size(); i++) {
            Conditions c = new Conditions(ctx.envs().get(i), vms.get(i).accel().label(), ctx.loadBefore(), loadNow,
                    Runtime.getRuntime().availableProcessors(), ctx.id(), vms.get(i).host().name(), ctx.rtts().get(i));
            out.add(new Series(vms.get(i).name(), vms.get(i).hypervisor(), command, measured.get(i), warm.get(i), c)
                    .withMetric(m.metric(), m.workload()));
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
