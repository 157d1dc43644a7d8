package dev.vmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vmbench.results.Series;
import dev.vmbench.vmm.HostFigures;

/** The host side: a row per hypervisor, or per VM when a hypervisor has several; a VM's series in one row. */
class HostSideTest {

    static final HostFigures MICRO = new HostFigures(20480, 15360, 12800, 102400, Map.of("prompt", 0.6));
    static final HostFigures Q35 = new HostFigures(51200, 40960, 35840, 153600, Map.of("prompt", 2.6));

    @Test
    void aRowPerHypervisor() {
        String t = HostCostReport.hostSide(List.of(HtmlReportHostTest.series("micro", "qemu-microvm", MICRO),
                HtmlReportHostTest.series("q35", "qemu-q35", Q35)), List.of());
        assertThat(t.lines().skip(1).findFirst().orElseThrow()).startsWith("hypervisor ");
        assertThat(t).containsPattern("\\nqemu-microvm +0\\.60 +20\\.0 MiB").containsPattern("\\nqemu-q35 +2\\.60 +50\\.0 MiB");
    }

    @Test
    void aScanOnOneVmIsOneRowAndSeveralVmsOfOneHypervisorARowEach() {
        List<Series> scan = List.of(
                HtmlReportHostTest.series("p1", "qemu-microvm", MICRO).withParameters(Map.of("n", "1")),
                HtmlReportHostTest.series("p1", "qemu-microvm", MICRO).withParameters(Map.of("n", "2")));
        String one = HostCostReport.hostSide(scan, List.of());
        assertThat(one.lines().count()).isEqualTo(3); // the caption, the header, one row
        assertThat(one).contains("min … max over each VM's series");
        String two = HostCostReport.hostSide(List.of(HtmlReportHostTest.series("cmp-q35-cpus1", "qemu-q35", Q35),
                HtmlReportHostTest.series("cmp-q35-cpus2", "qemu-q35", Q35)), List.of());
        assertThat(two).contains("VM (hypervisor)").contains("\ncmp-q35-cpus1 (qemu-q35)").contains("\ncmp-q35-cpus2 (qemu-q35)");
    }
}
