package dev.vmbench.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Warnings about a series of timings, each with what to do about it, in the spirit of hyperfine's: what
 * would make a quoted figure mislead.
 */
public final class Warnings {

    /** Modified z-score beyond which a run is an outlier (Iglewicz and Hoaglin). */
    public static final double OUTLIER_Z = 3.5;
    /** ... and at least this far from the median, relative to it: a 1% wobble is no outlier worth a warning. */
    public static final double OUTLIER_MIN_DEVIATION = 0.02;
    /** σ/mean above which the spread is called high. */
    public static final double HIGH_SPREAD = 0.10;
    /** The first run counts as slow when it is this much above the median of the others ... */
    public static final double FIRST_RUN_FACTOR = 1.15;

    /**
     * Console output per run above which the serial console's cost is warned of: every byte a guest writes to its
     * 8250 UART is an exit to the VMM. Measured on the development machine under TCG (README, "Console cost"):
     * 1 MB took 3.3 s on the console against 0.1 s to /dev/null, about 3 ms per KiB, so 16 KiB is some 50 ms.
     */
    public static final long CONSOLE_BYTES = 16 * 1024;

    public enum Kind { FIRST_RUN_SLOW, OUTLIERS, HIGH_SPREAD, FAILED_RUNS, TCG, BUSY_HOST, CONSOLE_OUTPUT, LINK }

    /** A link round trip above this share of the median wall time is worth a warning. */
    public static final double LINK_SHARE = 0.05;

    public record Warning(Kind kind, String message, String remedy) {
        @Override
        public String toString() {
            return "Warning: " + message + " " + remedy;
        }
    }

    /**
     * What was measured and under which conditions.
     *
     * @param times       the successful runs' times in run order, seconds
     * @param failed      how many runs failed (non-zero status or timeout)
     * @param accel       "kvm" or "tcg"
     * @param loadBefore  the host's 1-minute load average when the series started; NaN if unknown
     * @param loadAfter   ... and when it ended
     * @param hostCpus    the host's CPU count
     * @param warmups     how many warm-up runs preceded the series
     * @param maxConsoleBytes the most bytes one run printed on the guest's console
     */
    public record Input(List<Double> times, int failed, String accel, double loadBefore, double loadAfter,
                        int hostCpus, int warmups, long maxConsoleBytes, String linkHost, double linkRttMillis,
                        Metric metric, List<Double> values) {

        /**
         * @param metric what {@code values} measure (the statistical warnings are about them); time: the wall times
         * @param values the runs' figures in that metric
         */
        public Input {
            metric = metric == null ? Metric.TIME : metric;
            values = values == null ? times : values;
        }

        public Input(List<Double> times, int failed, String accel, double loadBefore, double loadAfter, int hostCpus,
                     int warmups, long maxConsoleBytes, String linkHost, double linkRttMillis) {
            this(times, failed, accel, loadBefore, loadAfter, hostCpus, warmups, maxConsoleBytes, linkHost,
                    linkRttMillis, Metric.TIME, times);
        }

        public Input(List<Double> times, int failed, String accel, double loadBefore, double loadAfter, int hostCpus,
                     int warmups, long maxConsoleBytes) {
            this(times, failed, accel, loadBefore, loadAfter, hostCpus, warmups, maxConsoleBytes, null, Double.NaN);
        }

        public Input(List<Double> times, int failed, String accel, double loadBefore, double loadAfter, int hostCpus,
                     int warmups) {
            this(times, failed, accel, loadBefore, loadAfter, hostCpus, warmups, 0);
        }
    }

    private Warnings() {
    }

    public static List<Warning> of(Input in) {
        List<Warning> w = new ArrayList<>();
        double[] t = in.values().stream().mapToDouble(Double::doubleValue).toArray();
        Metric m = in.metric();
        if (t.length >= 3 && in.warmups() == 0) {
            double[] rest = Arrays.copyOfRange(t, 1, t.length);
            double medRest = median(rest);
            boolean worse = m.better() == Metric.Better.LOWER ? t[0] > medRest * FIRST_RUN_FACTOR
                    : t[0] * FIRST_RUN_FACTOR < medRest;
            if (worse && modifiedZ(t[0], rest) > OUTLIER_Z) {
                w.add(new Warning(Kind.FIRST_RUN_SLOW, String.format(Locale.ROOT,
                        "the first run was much %s than the rest (%s %s against a median of %s %s), likely"
                                + " because caches (the guest's page cache, the host's) were cold.", m.worseWord(),
                        m.format(t[0]), m.unit(), m.format(medRest), m.unit()),
                        "Use --warmup 1 (or more) to run the command before the measured runs."));
            }
        }
        if (t.length >= 3) {
            int outliers = outliers(t).size();
            if (outliers > 0) {
                w.add(new Warning(Kind.OUTLIERS, String.format(Locale.ROOT,
                        "%d of %d runs %s (modified z-score above %.1f, and %.0f%% or more from the median).",
                        outliers, t.length, outliers == 1 ? "is a statistical outlier" : "are statistical outliers",
                        OUTLIER_Z, 100 * OUTLIER_MIN_DEVIATION),
                        "Run on a quiet host, use --warmup, or more runs to see whether they recur."));
            }
        }
        if (t.length >= 2) {
            Stats s = Stats.of(in.values());
            if (s.mean() > 0 && s.stddev() / s.mean() > HIGH_SPREAD) {
                w.add(new Warning(Kind.HIGH_SPREAD, String.format(Locale.ROOT,
                        "the spread is high: σ is %.0f%% of the mean (%s %s ± %s %s).", 100 * s.stddev() / s.mean(),
                        m.format(s.mean()), m.unit(), m.format(s.stddev()), m.unit()),
                        "Use more runs and report the median and σ with the mean, or find what disturbs the runs."));
            }
        }
        if (in.failed() > 0) {
            w.add(new Warning(Kind.FAILED_RUNS, in.failed() + (in.failed() == 1 ? " run failed and is" : " runs failed and are") + " left out of the statistics.",
                    "Look at their output ('results show'), fix the command, and run again."));
        }
        if ("tcg".equalsIgnoreCase(in.accel())) {
            w.add(new Warning(Kind.TCG, "the guest ran under TCG (software emulation): its figures are not "
                    + "comparable with figures measured under KVM, such as the seed's.",
                    "Compare only TCG with TCG, or run on a host with usable KVM."));
        }
        if (in.linkHost() != null && in.linkRttMillis() > 0 && !in.times().isEmpty()) {
            double median = Stats.of(in.times()).median();
            double share = in.linkRttMillis() / 1000 / median;
            if (share >= LINK_SHARE) {
                w.add(new Warning(Kind.LINK, String.format(Locale.ROOT, "the link to %s (round trip %.1f ms) is %.0f%% "
                                + "of the median wall time (%.3f s): host wall times include it, a command's own time "
                                + "does not.", in.linkHost(), in.linkRttMillis(), share * 100, median),
                        "Compare the guest's own 'time' figures, which the link does not touch, or time longer commands."));
            }
        }
        if (in.maxConsoleBytes() >= CONSOLE_BYTES) {
            w.add(new Warning(Kind.CONSOLE_OUTPUT, String.format(Locale.ROOT,
                    "a run printed %s on the guest's serial console, and every byte of it is an exit to the VMM: the"
                            + " time measured is largely the console's (1 MB takes seconds under TCG).",
                    bytes(in.maxConsoleBytes())),
                    "Send the output to /dev/null or to a file in the guest ('COMMAND > /dev/null'), unless the"
                            + " console is what you measure."));
        }
        double load = Math.max(nanToZero(in.loadBefore()), nanToZero(in.loadAfter()));
        if (in.hostCpus() > 0 && load > in.hostCpus()) {
            w.add(new Warning(Kind.BUSY_HOST, String.format(Locale.ROOT,
                    "the host was busy: load average %.2f on %d CPUs during the runs.", load, in.hostCpus()),
                    "Stop other work on the host and run again; a guest under TCG competes for the same CPUs."));
        }
        return w;
    }

    /**
     * Indexes of the values whose modified z-score (on the median absolute deviation) exceeds {@link #OUTLIER_Z}
     * and which lie at least {@link #OUTLIER_MIN_DEVIATION} of the median away from it (with a handful of tight
     * runs the MAD is tiny, and the score alone would flag noise).
     */
    public static List<Integer> outliers(double[] values) {
        List<Integer> out = new ArrayList<>();
        double med = median(values);
        double mad = mad(values, med);
        if (mad == 0) {
            return out;
        }
        for (int i = 0; i < values.length; i++) {
            if (Math.abs(0.6745 * (values[i] - med) / mad) > OUTLIER_Z
                    && Math.abs(values[i] - med) >= OUTLIER_MIN_DEVIATION * Math.abs(med)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Modified z-score of x against a sample. Infinite when the sample has no spread and x differs. */
    static double modifiedZ(double x, double[] sample) {
        double med = median(sample);
        double mad = mad(sample, med);
        if (mad == 0) {
            return x == med ? 0 : Double.POSITIVE_INFINITY;
        }
        return 0.6745 * (x - med) / mad;
    }

    static double mad(double[] values, double median) {
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        return median(dev);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return Stats.median(s);
    }

    private static String bytes(long n) {
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0)
                : String.format(Locale.ROOT, "%.0f KiB", n / 1024.0);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
