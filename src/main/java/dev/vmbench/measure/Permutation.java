package dev.vmbench.measure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An A/B comparison the way Firecracker's {@code tools/ab_test.py} makes one: a two-sided permutation test on the
 * difference of the means (B minus A), and a verdict that asks for both a small p-value and a change large enough to
 * matter ({@code ab_test.py}'s defaults: p &lt; 0.01 and at least 5% relative change).
 *
 * <p>The test pools both series, splits the pool at random into a side the size of A and a side the size of B, and
 * counts how often such a split moves the means at least as far apart as the measured split did. With
 * {@code resamples} random splits the p-value is {@code (count + 1) / (resamples + 1)}: the measured split counts as
 * one of the splits, so p is never 0 (Phipson and Smyth's correction, which scipy applies to a randomised test too).
 * When the pool can be split in no more ways than {@code resamples}, every split is tried once and p is
 * {@code count / splits}, exactly, as {@code scipy.stats.permutation_test} does for {@code n_resamples} at least
 * the number of distinct splits (2 and 3 values, say, have 10).
 *
 * <p>Where it differs from scipy: "at least as far apart" is {@code |diff| >= |observed|}, one count on the absolute
 * difference. scipy's two-sided p-value is instead twice the smaller of the two one-sided p-values (clipped to 1).
 * For series of equal sizes the split distribution of the difference is symmetric (swapping the labels negates it),
 * and the two agree but for the random draw; for unequal sizes they can differ a little. Values within a relative
 * 1e-12 of the observed difference count as equal to it, as scipy counts values within 100 ulps of it, so that
 * splits equal to the observed one in exact arithmetic are not lost to rounding (identical series give p = 1).
 *
 * <p>The random splits come from a {@link SplittableRandom} with a fixed seed: the same series and settings give the
 * same p-value on every run and every JVM.
 *
 * @param resamples random splits to try (scipy's and ab_test.py's 9,999 by default)
 * @param seed      seed of the random splits
 * @param alpha     a change needs p below this
 * @param minChange a change needs |relative change| at least this (0.05 is 5%); 0 judges by p alone
 */
public record Permutation(int resamples, long seed, double alpha, double minChange) {

    public static final int DEFAULT_RESAMPLES = 9_999;
    /** "vmbench" in ASCII. */
    public static final long DEFAULT_SEED = 0x76_6D_62_65_6E_63_68L;
    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_MIN_CHANGE = 0.05;

    /** Relative tolerance within which a split's difference counts as equal to the observed one. */
    static final double TIE = 1e-12;

    /** What the comparison says about B against A; neutral about which direction is better. */
    public enum Verdict {
        /** B's mean is higher than A's, significantly and by at least the floor. */
        HIGHER,
        /** B's mean is lower than A's, significantly and by at least the floor. */
        LOWER,
        /** Not significant, or significant but smaller than the floor. */
        NO_CHANGE,
        /** A side has fewer than two values: no test was made. */
        NOT_TESTED
    }

    public Permutation {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, not " + resamples);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], not " + alpha);
        }
        if (!(minChange >= 0) || Double.isInfinite(minChange)) {
            throw new IllegalArgumentException("minChange must be 0 or more, not " + minChange);
        }
    }

    /** 9,999 resamples, the fixed default seed, p &lt; 0.01 and at least 5% change. */
    public static Permutation defaults() {
        return new Permutation(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_ALPHA, DEFAULT_MIN_CHANGE);
    }

    public Permutation withResamples(int n) {
        return new Permutation(n, seed, alpha, minChange);
    }

    public Permutation withSeed(long s) {
        return new Permutation(resamples, s, alpha, minChange);
    }

    public Permutation withAlpha(double a) {
        return new Permutation(resamples, seed, a, minChange);
    }

    public Permutation withMinChange(double m) {
        return new Permutation(resamples, seed, alpha, m);
    }

    /**
     * The outcome of one comparison.
     *
     * @param meanA          mean of the baseline; NaN when A is empty
     * @param meanB          mean of the candidate; NaN when B is empty
     * @param difference     meanB - meanA
     * @param relativeChange (meanB - meanA) / meanA; 0 when both means are 0, infinite when only meanA is
     * @param p              two-sided p-value; NaN when no test was made
     * @param splits         splits the p-value was counted over (all of them when {@code exact}); 0 when no test
     * @param exact          every possible split was tried, rather than {@code splits} random ones
     * @param note           why no test was made; empty otherwise
     */
    public record Result(int nA, int nB, double meanA, double meanB, double difference, double relativeChange,
                         double p, long splits, boolean exact, Verdict verdict, String note) {

        public boolean tested() {
            return verdict != Verdict.NOT_TESTED;
        }

        public boolean changed() {
            return verdict == Verdict.HIGHER || verdict == Verdict.LOWER;
        }

        /** One line: "B is 10.2% higher than A (12.30 -> 13.55), permutation test p = 0.0001 (9999 splits): HIGHER". */
        public String describe() {
            if (!tested()) {
                return "no permutation test: " + note;
            }
            String dir = difference > 0 ? "higher" : difference < 0 ? "lower" : "different";
            String by = difference == 0 ? "B's mean equals A's"
                    : String.format(Locale.ROOT, "B is %.1f%% %s than A", Math.abs(relativeChange) * 100, dir);
            return String.format(Locale.ROOT, "%s (%.6g -> %.6g), permutation test p = %s (%d %s splits): %s", by,
                    meanA, meanB, pValue(), splits, exact ? "exact, all" : "random", verdict);
        }

        /** The p-value as tables show it: "0.0123", "<0.0001", or "-" when not tested. */
        public String pValue() {
            return Double.isNaN(p) ? "-" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
        }

        /** B's change against A as tables show it: "+10.2%", or "-" when there is none to show. */
        public String change() {
            return Double.isFinite(relativeChange) ? String.format(Locale.ROOT, "%+.1f%%", 100 * relativeChange) : "-";
        }
    }

    /** Compares candidate B with baseline A; never throws for too few values (the result says so). */
    public Result compare(List<Double> a, List<Double> b) {
        return compare(a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** @throws IllegalArgumentException when a value is NaN or infinite */
    public Result compare(double[] a, double[] b) {
        finite("A", a);
        finite("B", b);
        double meanA = a.length == 0 ? Double.NaN : Stats.of(boxed(a)).mean();
        double meanB = b.length == 0 ? Double.NaN : Stats.of(boxed(b)).mean();
        double difference = meanB - meanA;
        double relative = relative(meanA, meanB);
        if (a.length < 2 || b.length < 2) {
            String note = String.format(Locale.ROOT, "a permutation test needs at least 2 values on each side, A has %d and B has %d",
                    a.length, b.length);
            return new Result(a.length, b.length, meanA, meanB, difference, relative, Double.NaN, 0, false,
                    Verdict.NOT_TESTED, note);
        }

        double[] pool = new double[a.length + b.length];
        System.arraycopy(a, 0, pool, 0, a.length);
        System.arraycopy(b, 0, pool, a.length, b.length);
        double total = sum(pool, 0, pool.length);
        // The split statistic is computed the same way for the measured split and every other one.
        double observed = statistic(sum(a, 0, a.length), total, a.length, b.length);
        double scale = sumAbs(pool) / pool.length;
        double threshold = Math.abs(observed) - TIE * Math.max(Math.abs(observed), scale);

        long all = splits(a.length, b.length, resamples);
        double p;
        long splits;
        boolean exact = all > 0;
        if (exact) {
            splits = all;
            p = (double) countAll(pool, a.length, b.length, total, threshold) / all;
        } else {
            splits = resamples;
            p = (countRandom(pool, a.length, b.length, total, threshold) + 1.0) / (resamples + 1.0);
        }
        p = Math.min(1.0, p);

        Verdict verdict = Verdict.NO_CHANGE;
        if (p < alpha && difference != 0 && Math.abs(relative) >= minChange) {
            verdict = difference > 0 ? Verdict.HIGHER : Verdict.LOWER;
        }
        return new Result(a.length, b.length, meanA, meanB, difference, relative, p, splits, exact, verdict, "");
    }

    /** Mean of B minus mean of A, from the sum of A's side and the sum of the pool. */
    private static double statistic(double sumA, double total, int nA, int nB) {
        return (total - sumA) / nB - sumA / nA;
    }

    /** Random splits: a partial Fisher-Yates shuffle puts a uniformly random set of the smaller side's size first. */
    private long countRandom(double[] pool, int nA, int nB, double total, double threshold) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = pool.length;
        int m = Math.min(nA, nB);
        boolean firstIsA = nA <= nB;
        long count = 0;
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                int j = k + random.nextInt(n - k);
                double t = pool[j];
                pool[j] = pool[k];
                pool[k] = t;
                s += t;
            }
            double sumA = firstIsA ? s : total - s;
            if (Math.abs(statistic(sumA, total, nA, nB)) >= threshold) {
                count++;
            }
        }
        return count;
    }

    /** Every split once: each set of nA positions of the pool, in lexicographic order, is A's side. */
    private static long countAll(double[] pool, int nA, int nB, double total, double threshold) {
        int n = pool.length;
        int[] idx = new int[nA];
        for (int i = 0; i < nA; i++) {
            idx[i] = i;
        }
        long count = 0;
        while (true) {
            double sumA = 0;
            for (int i : idx) {
                sumA += pool[i];
            }
            if (Math.abs(statistic(sumA, total, nA, nB)) >= threshold) {
                count++;
            }
            int i = nA - 1;
            while (i >= 0 && idx[i] == n - nA + i) {
                i--;
            }
            if (i < 0) {
                return count;
            }
            idx[i]++;
            for (int k = i + 1; k < nA; k++) {
                idx[k] = idx[k - 1] + 1;
            }
        }
    }

    /** The number of ways to split nA + nB values into sides of nA and nB, or 0 when it exceeds limit. */
    static long splits(int nA, int nB, long limit) {
        int k = Math.min(nA, nB);
        int n = nA + nB;
        long c = 1;
        for (int i = 1; i <= k; i++) {
            // c * (n - k + i) / i stays an integer: it is C(n - k + i, i).
            c = c * (n - k + i) / i;
            if (c > limit) {
                return 0;
            }
        }
        return c;
    }

    private static double relative(double meanA, double meanB) {
        if (meanA == 0) {
            return meanB == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, meanB);
        }
        return (meanB - meanA) / meanA;
    }

    private static void finite(String side, double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sample " + side + " holds a value that is not a finite number: " + v);
            }
        }
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double sum(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }

    private static double sumAbs(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.abs(x);
        }
        return s;
    }
}
