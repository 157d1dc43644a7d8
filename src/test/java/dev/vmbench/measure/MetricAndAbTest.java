package dev.vmbench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MetricAndAbTest {

    static final Metric IOPS = new Metric("read IOPS", "IOPS", Metric.Better.HIGHER);

    static List<Double> around(double mean, double noise, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(mean * (1 + noise * (r.nextDouble() * 2 - 1)));
        }
        return out;
    }

    @Test
    void theBestIsTheLowestTimeAndTheHighestIops() {
        assertThat(Metric.TIME.best(List.of(3.0, 1.0, 2.0))).isEqualTo(1);
        assertThat(IOPS.best(List.of(3.0, 1.0, 2.0))).isEqualTo(0);
        assertThat(IOPS.isBetter(2, 1)).isTrue();
        assertThat(Metric.TIME.isBetter(2, 1)).isFalse();
        assertThat(Metric.TIME.worseWord()).isEqualTo("slower");
        assertThat(IOPS.worseWord()).isEqualTo("worse");
        assertThat(IOPS.caption()).isEqualTo("IOPS, higher is better");
    }

    @Test
    void significanceSaysBetterOrWorseInTheMetricsUnit() {
        Significance s = Significance.welch("a", List.of(1000.0, 1010.0, 990.0), "b", List.of(800.0, 810.0, 790.0));
        // b has fewer IOPS: worse, not "faster"
        assertThat(s.describe(IOPS)).startsWith("b is 200.0 IOPS worse than a on average");
        assertThat(Significance.welch("a", List.of(1.0, 1.1, 0.9), "b", List.of(2.0, 2.1, 1.9)).describe())
                .startsWith("b is 1.000 s slower than a");
    }

    @Test
    void anAbTestCallsAChangeInTheMetricsDirection() {
        Permutation test = Permutation.defaults();
        List<AbTest.Sample> a = List.of(
                new AbTest.Sample("qemu1: fio-randread-4k", "qemu-microvm: fio-randread-4k", IOPS, around(1000, 0.01, 10, 1)),
                new AbTest.Sample("qemu1: time sha256sum /random.txt", "qemu-microvm: time sha256sum /random.txt",
                        Metric.TIME, around(1.0, 0.01, 10, 2)),
                new AbTest.Sample("qemu1: membw-dd", null, new Metric("memory GB/s", "GB/s", Metric.Better.HIGHER),
                        around(2.0, 0.01, 10, 3)));
        // a later session: the VM has another name, matched by its hypervisor; IOPS fell 10%, time fell 10%,
        // memory bandwidth the same
        List<AbTest.Sample> b = List.of(
                new AbTest.Sample("qemu7: fio-randread-4k", "qemu-microvm: fio-randread-4k", IOPS, around(900, 0.01, 10, 4)),
                new AbTest.Sample("qemu7: time sha256sum /random.txt", "qemu-microvm: time sha256sum /random.txt",
                        Metric.TIME, around(0.9, 0.01, 10, 5)),
                new AbTest.Sample("qemu1: membw-dd", null, new Metric("memory GB/s", "GB/s", Metric.Better.HIGHER),
                        around(2.0, 0.01, 10, 6)));
        AbTest.Outcome o = AbTest.compare(a, b, test);
        assertThat(o.lines()).hasSize(3);
        assertThat(o.lines().get(0).call()).isEqualTo(AbTest.Call.WORSE);   // fewer IOPS
        assertThat(o.lines().get(0).name()).isEqualTo("qemu-microvm: fio-randread-4k");
        assertThat(o.lines().get(1).call()).isEqualTo(AbTest.Call.BETTER);  // less time
        assertThat(o.lines().get(2).call()).isEqualTo(AbTest.Call.NO_CHANGE);
        assertThat(o.worse()).hasSize(1);
        assertThat(o.onlyA()).isEmpty();
        assertThat(o.lines().get(0).describe()).contains("-10.").contains("worse");
        // a 3% change with little noise is real but under the 5% floor: no change
        AbTest.Outcome small = AbTest.compare(List.of(new AbTest.Sample("x", null, IOPS, around(1000, 0.002, 10, 7))),
                List.of(new AbTest.Sample("x", null, IOPS, around(970, 0.002, 10, 8))), test);
        assertThat(small.lines().get(0).result().p()).isLessThan(0.01);
        assertThat(small.lines().get(0).call()).isEqualTo(AbTest.Call.NO_CHANGE);
    }
}
