package dev.vmbench.measure;

import java.util.List;
import java.util.Locale;

/**
 * What a series measures: a name, its unit, and which way is better. Time is lower-is-better; IOPS, MiB/s and
 * GB/s are higher-is-better, and every table, label, chart and verdict asks the metric which way that is (a tool
 * that assumed lower once called an improvement a regression: cloud-hypervisor#6738).
 *
 * @param name   what the figure is ("time", "read IOPS", ...)
 * @param unit   its unit as printed ("s", "IOPS", "MiB/s", "GB/s")
 * @param better which way is better
 */
public record Metric(String name, String unit, Better better) {

    /** Which way a figure is better. */
    public enum Better {
        LOWER, HIGHER;

        /** "lower is better" / "higher is better". */
        public String phrase() {
            return name().toLowerCase(Locale.ROOT) + " is better";
        }

        /** As written in files: "lower" / "higher". */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Better parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "lower", "less", "lower is better" -> LOWER;
                case "higher", "more", "higher is better" -> HIGHER;
                default -> throw new IllegalArgumentException("'" + text + "' is not a direction: use lower or higher");
            };
        }
    }

    /** The host wall time of a run, in seconds: what vmbench measures unless a workload says otherwise. */
    public static final Metric TIME = new Metric("time", "s", Better.LOWER);

    public Metric {
        if (name == null || name.isBlank() || unit == null || unit.isBlank() || better == null) {
            throw new IllegalArgumentException("a metric needs a name, a unit and a direction");
        }
    }

    public boolean isTime() {
        return equals(TIME);
    }

    /** Whether {@code a} is better than {@code b}. */
    public boolean isBetter(double a, double b) {
        return better == Better.LOWER ? a < b : a > b;
    }

    /** The index of the best of these values (NaN skipped), or -1 when there is none. */
    public int best(List<Double> values) {
        int best = -1;
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v != null && !v.isNaN() && (best < 0 || isBetter(v, values.get(best)))) {
                best = i;
            }
        }
        return best;
    }

    /** The word for a better value: "faster" for time, else "better". */
    public String betterWord() {
        return isTime() ? "faster" : "better";
    }

    /** The word for a worse value: "slower" for time, else "worse". */
    public String worseWord() {
        return isTime() ? "slower" : "worse";
    }

    /** "IOPS, higher is better", for headings and captions. */
    public String caption() {
        return unit + ", " + better.phrase();
    }

    /** A value of this metric as tables print it: 3 decimals for seconds, fewer as values grow. */
    public String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String f = isTime() || a < 10 ? "%.3f" : a < 100 ? "%.2f" : a < 10_000 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, f, v);
    }

    /** ... with its sign. */
    public String formatSigned(double v) {
        return (v >= 0 ? "+" : "") + format(v);
    }
}
