package dev.vmbench.measure;

import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Whether two series differ by more than noise: Welch's t-test (unequal variances) on the means, and the
 * 95% confidence interval of the difference, by Commons Math.
 *
 * @param difference mean of b minus mean of a, seconds
 * @param low        lower end of the 95% interval of the difference
 * @param high       upper end
 * @param p          two-sided p-value
 */
public record Significance(String a, String b, double difference, double low, double high, double p) {

    public static final double ALPHA = 0.05;

    /** @return null when either side has fewer than two values, or neither has any spread */
    public static Significance welch(String a, List<Double> as, String b, List<Double> bs) {
        if (as.size() < 2 || bs.size() < 2) {
            return null;
        }
        double[] x = as.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = bs.stream().mapToDouble(Double::doubleValue).toArray();
        Stats sx = Stats.of(as);
        Stats sy = Stats.of(bs);
        double vx = sx.stddev() * sx.stddev() / x.length;
        double vy = sy.stddev() * sy.stddev() / y.length;
        if (vx + vy == 0) {
            return null;
        }
        double df = (vx + vy) * (vx + vy) / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        double tCrit = new TDistribution(df).inverseCumulativeProbability(1 - ALPHA / 2);
        double diff = sy.mean() - sx.mean();
        double half = tCrit * Math.sqrt(vx + vy);
        double p = new TTest().tTest(x, y);
        return new Significance(a, b, diff, diff - half, diff + half, p);
    }

    public boolean distinguishable() {
        return p < ALPHA;
    }

    /** One line: "b is 0.120 s slower than a (95% CI 0.050 to 0.190 s); Welch's t-test p = 0.003: ..." */
    public String describe() {
        return describe(Metric.TIME);
    }

    /**
     * ... in the metric's unit and direction: "b is 812 IOPS worse than a ..." when higher is better and b is
     * lower.
     */
    public String describe(Metric m) {
        boolean bBetter = m.isBetter(difference, 0);
        String dir = difference == 0 ? "no different" : bBetter ? m.betterWord() : m.worseWord();
        return String.format(Locale.ROOT, "%s is %s %s %s than %s on average (95%% CI of the difference %s to %s %s);"
                        + " Welch's t-test p = %s: %s", b, m.format(Math.abs(difference)), m.unit(), dir, a,
                m.formatSigned(low), m.formatSigned(high), m.unit(), pValue(),
                distinguishable() ? "distinguishable from noise at the 5% level"
                        : "NOT distinguishable from noise at the 5% level (more runs may tell)");
    }

    private String pValue() {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
