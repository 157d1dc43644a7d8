package dev.vmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import dev.vmbench.results.BootSeries;
import dev.vmbench.vmm.BootPhases;

class BootReportTest {

    static BootSeries boots(String hv, double... prompts) {
        List<BootPhases> b = java.util.Arrays.stream(prompts).mapToObj(p -> new BootPhases(0.2, p - 0.7,
                OptionalDouble.of(p - 1.5), p, p + 0.04)).toList();
        return new BootSeries(hv, "tcg", b, 0.1, 0.1, 2);
    }

    @Test
    void aWarningOfBothHypervisorsBootsIsSaidOnceAndOneOfOneUnderItsName() {
        String t = BootReport.table(List.of(boots("qemu-microvm", 5.0, 5.1, 5.0, 9.0, 5.05),
                boots("qemu-q35", 3.0, 3.1, 3.05)));
        String tcg = "  Warning: the guest ran under TCG";
        assertThat(t.split(java.util.regex.Pattern.quote(tcg), -1)).hasSize(2);
        assertThat(t).contains("both hypervisors' boots:\n" + tcg);
        assertThat(t).containsPattern("qemu-microvm boots:\n  Warning: 1 of 5 runs is a statistical outlier");
        assertThat(t).doesNotContain("qemu-q35 boots:");
        assertThat(t).endsWith("\n");
    }
}
