package dev.vmbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vmbench.measure.Permutation.Result;
import dev.vmbench.measure.Permutation.Verdict;

/** The permutation test's p-values, its verdict's two thresholds, its false-positive rate and its determinism. */
class PermutationTest {

    static final Permutation DEFAULTS = Permutation.defaults();

    /** n values around mean with a relative noise (standard deviation sd * mean), from a seeded generator. */
    static List<Double> noisy(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(mean * (1 + sd * r.nextGaussian()));
        }
        return out;
    }

    @Test
    void defaultsAreAbTestPys() {
        assertThat(DEFAULTS.resamples()).isEqualTo(9_999);
        assertThat(DEFAULTS.alpha()).isEqualTo(0.01);
        assertThat(DEFAULTS.minChange()).isEqualTo(0.05);
        assertThat(DEFAULTS.seed()).isEqualTo(Permutation.DEFAULT_SEED);
    }

    @Test
    void identicalSamplesShowNoChange() {
        List<Double> a = noisy(1, 30, 100, 0.02);
        Result r = DEFAULTS.compare(a, a);
        assertThat(r.verdict()).isEqualTo(Verdict.NO_CHANGE);
        assertThat(r.p()).isEqualTo(1.0);
        assertThat(r.difference()).isZero();
        assertThat(r.relativeChange()).isZero();
        assertThat(r.tested()).isTrue();
        assertThat(r.changed()).isFalse();
    }

    @Test
    void identicalConstantSamplesHavePOne() {
        List<Double> a = List.of(0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
        Result random = DEFAULTS.compare(a, a);
        assertThat(random.exact()).isFalse();
        assertThat(random.p()).isEqualTo(1.0);
        assertThat(random.verdict()).isEqualTo(Verdict.NO_CHANGE);
        Result exact = DEFAULTS.compare(List.of(2.0, 2.0, 2.0), List.of(2.0, 2.0));
        assertThat(exact.exact()).isTrue();
        assertThat(exact.p()).isEqualTo(1.0);
    }

    @Test
    void aTenPercentShiftWithLowNoiseIsDetected() {
        List<Double> a = noisy(11, 10, 100, 0.01);
        List<Double> b = noisy(12, 10, 110, 0.01);
        Result up = DEFAULTS.compare(a, b);
        assertThat(up.p()).isLessThan(0.01);
        assertThat(up.relativeChange()).isCloseTo(0.10, within(0.01));
        assertThat(up.verdict()).isEqualTo(Verdict.HIGHER);
        assertThat(up.changed()).isTrue();
        // Every one of the 9,999 random splits is less extreme than the measured one: p is 1 / 10,000, never 0.
        assertThat(up.p()).isEqualTo(1.0 / 10_000);
        assertThat(up.splits()).isEqualTo(9_999);

        Result down = DEFAULTS.compare(b, a);
        assertThat(down.p()).isLessThan(0.01);
        assertThat(down.verdict()).isEqualTo(Verdict.LOWER);
        assertThat(down.relativeChange()).isCloseTo(-0.0909, within(0.01));
    }

    @Test
    void aThreePercentShiftIsSignificantButBelowTheFivePercentFloor() {
        List<Double> a = noisy(21, 10, 100, 0.01);
        List<Double> b = noisy(22, 10, 103, 0.01);
        Result r = DEFAULTS.compare(a, b);
        assertThat(r.p()).isLessThan(0.01);
        assertThat(r.relativeChange()).isCloseTo(0.03, within(0.01));
        assertThat(r.verdict()).isEqualTo(Verdict.NO_CHANGE);

        assertThat(DEFAULTS.withMinChange(0).compare(a, b).verdict()).isEqualTo(Verdict.HIGHER);
        assertThat(DEFAULTS.withMinChange(0.02).compare(a, b).verdict()).isEqualTo(Verdict.HIGHER);
    }

    @Test
    void aLargeShiftInNoisyDataIsNotSignificant() {
        List<Double> a = noisy(31, 5, 100, 0.5);
        List<Double> b = noisy(32, 5, 110, 0.5);
        Result r = DEFAULTS.compare(a, b);
        assertThat(Math.abs(r.relativeChange())).isGreaterThan(0.05);
        assertThat(r.p()).isGreaterThan(0.01);
        assertThat(r.verdict()).isEqualTo(Verdict.NO_CHANGE);
    }

    /**
     * Series of one distribution, 200 pairs: a test at p &lt; 0.01 should flag about 1% of them. Measured with these
     * seeds: 1 of 200 (0.5%) at 0.01, and 9 of 200 (4.5%) at 0.05.
     */
    @Test
    void equalDistributionsAreFlaggedAtAboutTheSignificanceLevel() {
        Permutation byPAlone = DEFAULTS.withMinChange(0);
        int pairs = 200;
        int flagged = 0;
        int below5 = 0;
        for (int i = 0; i < pairs; i++) {
            Result r = byPAlone.compare(noisy(1000 + 2L * i, 15, 50, 0.05), noisy(1001 + 2L * i, 15, 50, 0.05));
            if (r.changed()) {
                flagged++;
                assertThat(r.p()).isLessThan(0.01);
            }
            if (r.p() < 0.05) {
                below5++;
            }
        }
        assertThat((double) flagged / pairs).as("fraction flagged at p < 0.01").isLessThanOrEqualTo(0.02);
        assertThat((double) below5 / pairs).as("fraction with p < 0.05").isBetween(0.01, 0.09);
    }

    @Test
    void theSameSeedGivesTheSameResult() {
        List<Double> a = noisy(41, 20, 10, 0.05);
        List<Double> b = noisy(42, 20, 10.2, 0.05);
        Result one = DEFAULTS.compare(a, b);
        Result two = Permutation.defaults().compare(new ArrayList<>(a), new ArrayList<>(b));
        assertThat(two).isEqualTo(one);
        assertThat(DEFAULTS.withSeed(7).compare(a, b)).isEqualTo(DEFAULTS.withSeed(7).compare(a, b));

        // Another seed draws other splits: a p-value a little different, as close as 9,999 draws make it.
        Result other = DEFAULTS.withSeed(7).compare(a, b);
        assertThat(one.p()).isStrictlyBetween(0.02, 0.98);
        assertThat(other.p()).isNotEqualTo(one.p()).isCloseTo(one.p(), within(0.03));
    }

    @Test
    void fewerThanTwoValuesOnASideIsNoTestAndNoException() {
        Result oneEach = DEFAULTS.compare(List.of(1.0), List.of(2.0));
        assertThat(oneEach.verdict()).isEqualTo(Verdict.NOT_TESTED);
        assertThat(oneEach.tested()).isFalse();
        assertThat(oneEach.p()).isNaN();
        assertThat(oneEach.meanA()).isEqualTo(1.0);
        assertThat(oneEach.meanB()).isEqualTo(2.0);
        assertThat(oneEach.relativeChange()).isEqualTo(1.0);
        assertThat(oneEach.note()).contains("at least 2 values on each side", "A has 1", "B has 1");
        assertThat(oneEach.describe()).startsWith("no permutation test: ");

        Result empty = DEFAULTS.compare(List.of(), List.of(1.0, 2.0, 3.0));
        assertThat(empty.verdict()).isEqualTo(Verdict.NOT_TESTED);
        assertThat(empty.meanA()).isNaN();
        assertThat(empty.meanB()).isEqualTo(2.0);
        assertThat(empty.note()).contains("A has 0", "B has 3");

        assertThat(DEFAULTS.compare(new double[0], new double[0]).verdict()).isEqualTo(Verdict.NOT_TESTED);
    }

    @Test
    void smallSeriesAreTestedOnEverySplitExactly() {
        // 3 and 3 values split 20 ways; only the measured split and its mirror are as far apart: p = 2 / 20.
        Result r = DEFAULTS.compare(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0));
        assertThat(r.exact()).isTrue();
        assertThat(r.splits()).isEqualTo(20);
        assertThat(r.p()).isEqualTo(0.1);
        assertThat(r.verdict()).isEqualTo(Verdict.NO_CHANGE);

        // 2 and 3 values split 10 ways; the measured split (means 1.5 and 4) and {4, 5} against {1, 2, 3} (4.5 and 2)
        // are the two 2.5 apart: p = 2 / 10 (scipy: twice the one-sided 1 / 10, the same).
        Result uneven = DEFAULTS.compare(List.of(1.0, 2.0), List.of(3.0, 4.0, 5.0));
        assertThat(uneven.splits()).isEqualTo(10);
        assertThat(uneven.p()).isEqualTo(0.2);
        assertThat(uneven.difference()).isEqualTo(2.5);
    }

    @Test
    void theExactPValueIsABruteForceCountOfAllSplits() {
        List<Double> a = noisy(51, 6, 10, 0.1);
        List<Double> b = noisy(52, 7, 10.5, 0.1);
        Result r = DEFAULTS.compare(a, b);
        assertThat(r.exact()).isTrue();
        assertThat(r.splits()).isEqualTo(1716);
        assertThat(r.p()).isCloseTo(bruteForceP(a, b), within(1e-12));
    }

    @Test
    void randomSplitsAgreeWithAllSplits() {
        List<Double> a = noisy(61, 7, 10, 0.1);
        List<Double> b = noisy(62, 7, 10.4, 0.1);
        Result exact = DEFAULTS.compare(a, b);
        Result random = DEFAULTS.withResamples(3000).compare(a, b);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.splits()).isEqualTo(3432);
        assertThat(random.exact()).isFalse();
        assertThat(random.splits()).isEqualTo(3000);
        assertThat(exact.p()).isStrictlyBetween(0.01, 0.5);
        assertThat(random.p()).isCloseTo(exact.p(), within(0.02));
    }

    @Test
    void unevenSidesAreTestedOnTheirRandomSplits() {
        List<Double> a = noisy(71, 30, 200, 0.01);
        List<Double> b = noisy(72, 8, 185, 0.01);
        Result r = DEFAULTS.compare(a, b);
        assertThat(r.exact()).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.LOWER);
        assertThat(r.p()).isEqualTo(1.0 / 10_000);
        assertThat(r.nA()).isEqualTo(30);
        assertThat(r.nB()).isEqualTo(8);
    }

    @Test
    void theAlphaIsSettable() {
        List<Double> a = noisy(81, 8, 100, 0.08);
        List<Double> b = noisy(82, 8, 110, 0.08);
        Result r = DEFAULTS.compare(a, b);
        assertThat(r.p()).isStrictlyBetween(0.01, 0.2);
        assertThat(r.verdict()).isEqualTo(Verdict.NO_CHANGE);
        assertThat(DEFAULTS.withAlpha(0.2).compare(a, b).verdict()).isEqualTo(Verdict.HIGHER);
    }

    @Test
    void meansAndRelativeChange() {
        Result r = DEFAULTS.compare(List.of(9.0, 11.0), List.of(10.0, 12.0, 14.0));
        assertThat(r.meanA()).isEqualTo(10.0);
        assertThat(r.meanB()).isEqualTo(12.0);
        assertThat(r.difference()).isEqualTo(2.0);
        assertThat(r.relativeChange()).isCloseTo(0.2, within(1e-12));

        Result fromZero = DEFAULTS.compare(List.of(-1.0, 1.0), List.of(1.0, 3.0));
        assertThat(fromZero.relativeChange()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(DEFAULTS.compare(List.of(-1.0, 1.0), List.of(2.0, -2.0)).relativeChange()).isZero();
    }

    @Test
    void describeSaysItInOneLine() {
        Result r = DEFAULTS.compare(noisy(11, 10, 100, 0.01), noisy(12, 10, 110, 0.01));
        assertThat(r.describe()).startsWith("B is 9.6% higher than A (100.204 -> 109.843)").contains("% higher than A", "p = 0.0001", "9999 random splits",
                ": HIGHER");
        assertThat(DEFAULTS.compare(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0)).describe())
                .contains("B is 150.0% higher than A", "p = 0.1000", "20 exact, all splits", "NO_CHANGE");
    }

    @Test
    void badInputAndSettingsAreRefused() {
        assertThatThrownBy(() -> DEFAULTS.compare(List.of(1.0, Double.NaN), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample A");
        assertThatThrownBy(() -> DEFAULTS.compare(new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample B");
        assertThatThrownBy(() -> DEFAULTS.withResamples(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withAlpha(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withAlpha(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withMinChange(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInputIsLeftAsItWas() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        double[] b = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
        double[] a0 = a.clone();
        double[] b0 = b.clone();
        DEFAULTS.compare(a, b);
        assertThat(a).containsExactly(a0);
        assertThat(b).containsExactly(b0);
    }

    @Test
    void splitCounts() {
        assertThat(Permutation.splits(3, 3, 9999)).isEqualTo(20);
        assertThat(Permutation.splits(2, 139, 9999)).isEqualTo(9870);
        assertThat(Permutation.splits(2, 140, 9999)).isZero();
        assertThat(Permutation.splits(10, 10, 9999)).isZero();
        assertThat(Permutation.splits(10, 10, 1_000_000)).isEqualTo(184_756);
        assertThat(Permutation.splits(30, 30, Integer.MAX_VALUE)).isZero();
    }

    /** 9,999 resamples of 2 x 30 values take a few milliseconds once the JIT has warmed up (measured: about 1 ms). */
    @Test
    void nineThousandNineHundredNinetyNineResamplesOfTwiceThirtyAreQuick() {
        List<Double> a = noisy(91, 30, 1, 0.05);
        List<Double> b = noisy(92, 30, 1.01, 0.05);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            DEFAULTS.compare(a, b);
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertThat(best / 1e6).as("best of 20 runs, ms").isLessThan(50);
    }

    /** The exact two-sided p-value by listing every subset of the pool as A's side, independently of Permutation. */
    static double bruteForceP(List<Double> a, List<Double> b) {
        double[] pool = new double[a.size() + b.size()];
        for (int i = 0; i < a.size(); i++) {
            pool[i] = a.get(i);
        }
        for (int i = 0; i < b.size(); i++) {
            pool[a.size() + i] = b.get(i);
        }
        double observed = Math.abs(mean(b) - mean(a));
        int n = pool.length;
        long as = 0;
        long count = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != a.size()) {
                continue;
            }
            as++;
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    sa += pool[i];
                } else {
                    sb += pool[i];
                }
            }
            if (Math.abs(sb / b.size() - sa / a.size()) >= observed - 1e-9) {
                count++;
            }
        }
        return (double) count / as;
    }

    static double mean(List<Double> v) {
        return Arrays.stream(v.stream().mapToDouble(Double::doubleValue).toArray()).average().orElseThrow();
    }
}
