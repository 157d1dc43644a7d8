package dev.vmbench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vmbench.measure.Warnings.Kind;

/** The warnings' triggers, the outlier rule and the significance test, on generated data. */
class WarningsTest {

    static Warnings.Input quiet(List<Double> times) {
        return new Warnings.Input(times, 0, "kvm", 0.1, 0.2, 2, 0);
    }

    static List<Kind> kinds(Warnings.Input in) {
        return Warnings.of(in).stream().map(Warnings.Warning::kind).toList();
    }

    static List<Double> normal(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        return r.doubles(n).map(u -> 0).boxed().map(x -> mean + sd * r.nextGaussian()).toList();
    }

    @Test
    void aSteadySeriesOnAQuietKvmHostHasNoWarnings() {
        assertThat(kinds(quiet(normal(1, 20, 1.0, 0.01)))).isEmpty();
    }

    @Test
    void theSeedsColdFirstRunIsCaughtAndWarmupSuggested() {
        // the seed's Firecracker table: 7.8 s, then 6.8 s and 6.8 s
        List<Warnings.Warning> w = Warnings.of(quiet(List.of(7.83, 6.81, 6.79)));
        assertThat(w).extracting(Warnings.Warning::kind).contains(Kind.FIRST_RUN_SLOW);
        assertThat(w.get(0).remedy()).contains("--warmup");
        // with a warm-up run the first measured run is not suspected
        assertThat(kinds(new Warnings.Input(List.of(7.83, 6.81, 6.79), 0, "kvm", 0, 0, 2, 1)))
                .doesNotContain(Kind.FIRST_RUN_SLOW);
    }

    @Test
    void outliersByModifiedZScoreOnTheMedianAbsoluteDeviation() {
        double[] v = {1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.50};
        assertThat(Warnings.outliers(v)).containsExactly(6);
        assertThat(Warnings.outliers(new double[] {1, 1, 1, 1})).isEmpty();
        // five tight runs: 0.900 has a modified z-score near 4 but is only 1.6% off the median
        assertThat(Warnings.outliers(new double[] {0.878, 0.8865, 0.900, 0.886, 0.8835})).isEmpty();
        assertThat(kinds(quiet(List.of(1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.50)))).contains(Kind.OUTLIERS);
    }

    @Test
    void highSpreadFailedRunsTcgAndABusyHost() {
        assertThat(kinds(quiet(normal(2, 20, 1.0, 0.3)))).contains(Kind.HIGH_SPREAD);
        assertThat(kinds(quiet(normal(3, 20, 1.0, 0.05)))).doesNotContain(Kind.HIGH_SPREAD);
        assertThat(kinds(new Warnings.Input(List.of(1.0, 1.0), 1, "kvm", 0, 0, 2, 0))).containsExactly(Kind.FAILED_RUNS);
        assertThat(kinds(new Warnings.Input(List.of(1.0, 1.0), 0, "tcg", 0, 0, 2, 0))).containsExactly(Kind.TCG);
        assertThat(kinds(new Warnings.Input(List.of(1.0, 1.0), 0, "kvm", 1.5, 3.1, 2, 0))).containsExactly(Kind.BUSY_HOST);
        assertThat(kinds(new Warnings.Input(List.of(1.0, 1.0), 0, "kvm", Double.NaN, Double.NaN, 2, 0))).isEmpty();
    }

    @Test
    void welchTellsARealDifferenceFromNoise() {
        Significance real = Significance.welch("a", normal(4, 10, 1.0, 0.02), "b", normal(5, 10, 1.1, 0.02));
        assertThat(real.p()).isLessThan(0.001);
        assertThat(real.distinguishable()).isTrue();
        assertThat(real.low()).isGreaterThan(0.05);
        assertThat(real.high()).isLessThan(0.15);
        assertThat(real.describe()).containsPattern("b is 0\\.(09|1)\\d+ s slower than a").contains("distinguishable from noise");
        Significance same = Significance.welch("a", normal(6, 10, 1.0, 0.05), "b", normal(7, 10, 1.0, 0.05));
        assertThat(same.distinguishable()).isFalse();
        assertThat(same.low()).isNegative();
        assertThat(same.high()).isPositive();
        assertThat(same.describe()).contains("NOT distinguishable");
        assertThat(Significance.welch("a", List.of(1.0), "b", List.of(1.0, 2.0))).isNull();
    }

    @Test
    void falsePositivesStayNearTheNominalRate() {
        int hits = 0;
        for (int i = 0; i < 400; i++) {
            Significance s = Significance.welch("a", normal(1000 + i, 8, 1.0, 0.1), "b", normal(5000 + i, 8, 1.0, 0.1));
            hits += s.distinguishable() ? 1 : 0;
        }
        assertThat(hits / 400.0).isBetween(0.01, 0.10);
    }

    @Test
    void aLinkThatIsANotableShareOfTheWallTimeIsNamed() {
        Warnings.Input slowLink = new Warnings.Input(List.of(0.10, 0.10, 0.11), 0, "kvm", 0, 0, 2, 1, 0, "lab1", 12.0);
        assertThat(kinds(slowLink)).containsExactly(Kind.LINK);
        assertThat(Warnings.of(slowLink).get(0).message()).startsWith("the link to lab1 (round trip 12.0 ms) is 12% of "
                + "the median wall time (0.100 s)");
        Warnings.Input fastLink = new Warnings.Input(List.of(1.0, 1.0, 1.0), 0, "kvm", 0, 0, 2, 1, 0, "lab1", 0.2);
        assertThat(kinds(fastLink)).isEmpty();
        Warnings.Input local = new Warnings.Input(List.of(0.01, 0.01, 0.01), 0, "kvm", 0, 0, 2, 1, 0, null, Double.NaN);
        assertThat(kinds(local)).isEmpty();
    }
}
