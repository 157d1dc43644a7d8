package dev.vmbench.measure;

import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics of a series of timings, in seconds, as hyperfine reports them.
 *
 * @param stddev sample standard deviation; NaN for fewer than two values
 */
public record Stats(int n, double mean, double stddev, double median, double min, double max) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(v).sum() / v.length;
        double sd = Double.NaN;
        if (v.length > 1) {
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            sd = Math.sqrt(ss / (v.length - 1));
        }
        return new Stats(v.length, mean, sd, median(v), v[0], v[v.length - 1]);
    }

    /** The p-th percentile (0 to 100) by nearest rank: a value that was measured, never one between two. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.min(v.length - 1, Math.max(0, rank - 1))];
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
