package dev.vmbench.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.vmbench.console.ConsoleListener;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.Framing;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.measure.Stats;
import dev.vmbench.session.VmSession;

/**
 * The per-command overhead of {@code run VM true} against a raw baseline on the same VM: the same framed
 * line written to the console, and a minimal listener that only looks for the end marker and the prompt
 * after it. Alternating, ABBA. Then how far the host-side wall time and the guest's own {@code real} agree
 * over timed runs of a real workload.
 */
public final class RunOverhead {

    /** Both measurements. */
    public record Result(String vm, Stats raw, Stats vmbench, String workload, Stats wall, Stats real) {

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, """
                    round trip of 'true' on %s, %d runs each, alternating (ABBA)
                      raw framed write + minimal reader (baseline)  median %.2f ms   mean %.2f ms ± %.2f
                      vmbench run                                   median %.2f ms   mean %.2f ms ± %.2f
                      ratio vmbench / raw: medians %.3f, means %.3f
                    """, vm, raw.n(), raw.median() * 1e3, raw.mean() * 1e3, raw.stddev() * 1e3,
                    vmbench.median() * 1e3, vmbench.mean() * 1e3, vmbench.stddev() * 1e3,
                    vmbench.median() / raw.median(), vmbench.mean() / raw.mean()));
            if (wall != null) {
                sb.append(String.format(Locale.ROOT, """
                        '%s' on %s, %d runs: host wall against the guest's own real
                          wall mean %.3f s, guest real mean %.3f s, wall - real %.1f ms on average (wall/real %.4f)
                        """, workload, vm, wall.n(), wall.mean(), real.mean(), (wall.mean() - real.mean()) * 1e3,
                        wall.mean() / real.mean()));
            }
            return sb.toString();
        }
    }

    private RunOverhead() {
    }

    public static Result run(VmSession vm, int runs, String workload, int workloadRuns, Consumer<String> progress)
            throws InterruptedException, IOException {
        Duration timeout = Duration.ofMinutes(5);
        Pattern prompt = Pattern.compile(vm.spec().promptRegex());
        GuestExec.run(vm, "true", timeout); // warm both paths' code before measuring
        raw(vm, prompt);
        List<Double> raw = new ArrayList<>();
        List<Double> vmb = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            if (i % 2 == 1) {
                raw.add(raw(vm, prompt));
                vmb.add(viaVmbench(vm, timeout));
            } else {
                vmb.add(viaVmbench(vm, timeout));
                raw.add(raw(vm, prompt));
            }
        }
        progress.accept(runs + " round trips of each done");
        Stats wall = null;
        Stats real = null;
        if (workloadRuns > 0) {
            List<Double> w = new ArrayList<>();
            List<Double> r = new ArrayList<>();
            for (int i = 1; i <= workloadRuns; i++) {
                ExecResult e = GuestExec.run(vm, "time " + workload, timeout);
                if (e.ok() && e.guestTime().isPresent()) {
                    w.add(e.wallSeconds());
                    r.add(e.guestTime().get().real());
                }
                progress.accept(String.format(Locale.ROOT, "%s run %d/%d: wall %.3f s, real %s", workload, i,
                        workloadRuns, e.wallSeconds(), e.guestTime().map(g -> g.real() + " s").orElse("-")));
            }
            if (!w.isEmpty()) {
                wall = Stats.of(w);
                real = Stats.of(r);
            }
        }
        return new Result(vm.name(), Stats.of(raw), Stats.of(vmb), workload, wall, real);
    }

    private static double viaVmbench(VmSession vm, Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        GuestExec.run(vm, "true", timeout);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The same framed line, written straight to the console; a listener that looks for nothing else. */
    static double raw(VmSession vm, Pattern prompt) throws IOException, InterruptedException {
        Framing f = Framing.of("true");
        String end = "\u001e" + f.nonce() + "_E";
        CountDownLatch done = new CountDownLatch(1);
        long[] at = new long[1];
        ConsoleListener l = new ConsoleListener() {
            private final StringBuilder seen = new StringBuilder();
            private int endAt = -1;

            /** The baseline: no thread hop, no I/O; a search in what one short command printed. */
            @Override
            public Delivery delivery() {
                return Delivery.SYNCHRONOUS;
            }

            @Override
            public String label() {
                return "raw-probe";
            }

            @Override
            public void onOutput(String text, long nanoTime) {
                seen.append(text);
                if (endAt < 0) {
                    endAt = seen.indexOf(end);
                }
                if (endAt >= 0 && done.getCount() > 0 && prompt.matcher(seen).region(endAt, seen.length()).find()) {
                    at[0] = nanoTime;
                    done.countDown();
                }
            }
        };
        vm.commandLock().lock();
        try {
            vm.console().addListener(l);
            long t0 = System.nanoTime();
            vm.console().send(f.line() + "\n");
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IOException("raw round trip saw no end marker within 60 s");
            }
            return (at[0] - t0) / 1e9;
        } finally {
            vm.console().removeListener(l);
            vm.commandLock().unlock();
        }
    }
}
