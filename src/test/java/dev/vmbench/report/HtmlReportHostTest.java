package dev.vmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.results.BootSeries;
import dev.vmbench.results.Conditions;
import dev.vmbench.results.ResultGroups.Group;
import dev.vmbench.results.Series;
import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.HostFigures;

/** The HTML report's boot-phase bars and host memory bars, drawn from a group built by hand. */
class HtmlReportHostTest {

    private static final Pattern SEG = Pattern.compile("<rect class=\"seg\" data-from=\"(\\w+)\" data-to=\"(\\w+)\" "
            + "x=\"([\\d.]+)\" y=\"\\d+\" width=\"([\\d.]+)\"");

    static BootPhases boot(double firstByte, double userspace, double prompt, double ready) {
        return new BootPhases(firstByte, userspace, OptionalDouble.empty(), prompt, ready);
    }

    static List<BootSeries> boots() {
        return List.of(
                new BootSeries("qemu-microvm", "kvm", List.of(boot(0.05, 0.40, 0.60, 0.65), boot(0.06, 0.42, 0.62, 0.66),
                        boot(0.04, 0.38, 0.58, 0.64)), 0.2, 0.3, 8),
                new BootSeries("qemu-q35", "kvm", List.of(boot(0.50, 2.00, 2.60, 2.70), boot(0.52, Double.NaN, 2.64, 2.72),
                        boot(0.48, 2.04, 2.56, 2.68)), 0.2, 0.3, 8));
    }

    static Series series(String vm, String hypervisor, HostFigures host) {
        List<ExecResult> runs = new ArrayList<>();
        for (double w : new double[] {1.10, 1.20, 1.15}) {
            runs.add(new ExecResult(vm, "sha256sum /random.txt", "", 0, false, w, Optional.empty(), Instant.EPOCH));
        }
        Conditions c = new Conditions(Map.of("kernel", "6.1"), "kvm", 0.2, 0.3, 8, "s1");
        return new Series(vm, hypervisor, "sha256sum /random.txt", runs, List.of(), c, host);
    }

    static Group group(List<Series> series, Map<String, Meminfo> meminfo, List<BootSeries> boots) {
        return new Group(1, "s1", "shell-1", "sha256sum /random.txt", Instant.EPOCH, series, meminfo, boots);
    }

    static Group full() {
        Map<String, Meminfo> meminfo = new LinkedHashMap<>();
        meminfo.put("micro", Meminfo.parse("MemTotal:  1000000 kB\nMemFree:  800000 kB\n", "micro"));
        meminfo.put("q35", Meminfo.parse("MemTotal:  1000000 kB\nMemFree:  700000 kB\n", "q35"));
        return group(List.of(
                series("micro", "qemu-microvm", new HostFigures(20480, 15360, 12800, 102400, Map.of("prompt", 0.6))),
                series("q35", "qemu-q35", new HostFigures(51200, 40960, 35840, 153600, Map.of("prompt", 2.6)))),
                meminfo, boots());
    }

    /** The part of the page from {@code <svg class="NAME"} to its {@code </svg>}. */
    static String svg(String html, String name) {
        int from = html.indexOf("<svg class=\"" + name + "\"");
        assertThat(from).as("svg %s", name).isGreaterThanOrEqualTo(0);
        return html.substring(from, html.indexOf("</svg>", from) + 6);
    }

    /** The segments of one hypervisor's bar: data-to → {x, width}. */
    static Map<String, double[]> segments(String svg, String hypervisor) {
        int from = svg.indexOf("<g class=\"bootbar\" data-hypervisor=\"" + hypervisor + "\">");
        assertThat(from).as("bar of %s", hypervisor).isGreaterThanOrEqualTo(0);
        String bar = svg.substring(from, svg.indexOf("</g>", from));
        Map<String, double[]> m = new LinkedHashMap<>();
        Matcher x = SEG.matcher(bar);
        while (x.find()) {
            m.put(x.group(2), new double[] {Double.parseDouble(x.group(3)), Double.parseDouble(x.group(4))});
        }
        return m;
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void bootPhasesAreOneStackedBarPerHypervisorWithLegendAndTable() {
        String html = HtmlReport.render("t", "results.jsonl", List.of(full()));
        String svg = svg(html, "bootphases");
        assertThat(count(svg, "<g class=\"bootbar\"")).isEqualTo(2);
        assertThat(svg).contains("data-hypervisor=\"qemu-microvm\"", "data-hypervisor=\"qemu-q35\"",
                "qemu-microvm (3 boots)", "qemu-q35 (3 boots)");
        assertThat(svg).contains("to first console byte", "kernel", "userspace to shell prompt", "shell answers")
                .doesNotContain(HtmlReport.MERGED_LEGEND);

        Map<String, double[]> micro = segments(svg, "qemu-microvm");
        Map<String, double[]> q35 = segments(svg, "qemu-q35");
        assertThat(micro.keySet()).containsExactly("first_byte", "userspace", "prompt", "ready");
        assertThat(q35.keySet()).containsExactly("first_byte", "userspace", "prompt", "ready");
        // every bar starts at the same x (0 s) and its segments follow on without gaps
        double left = micro.get("first_byte")[0];
        assertThat(q35.get("first_byte")[0]).isEqualTo(left);
        for (Map<String, double[]> bar : List.of(micro, q35)) {
            double at = left;
            for (double[] seg : bar.values()) {
                assertThat(seg[0]).isCloseTo(at, within(0.02));
                at = seg[0] + seg[1];
            }
        }
        double microEnd = micro.get("ready")[0] + micro.get("ready")[1] - left;
        double q35End = q35.get("ready")[0] + q35.get("ready")[1] - left;
        assertThat(q35End).isGreaterThan(microEnd);
        assertThat(q35End / microEnd).isCloseTo(2.70 / 0.65, within(0.01));
        // a segment's width is its share of the bar: microvm's kernel, first byte 0.05 → userspace 0.40 of 0.65
        assertThat(micro.get("userspace")[1] / microEnd).isCloseTo((0.40 - 0.05) / 0.65, within(0.001));
        // q35's userspace is the mean of the two boots that printed it
        assertThat(q35.get("userspace")[1] / q35End).isCloseTo((2.02 - 0.50) / 2.70, within(0.001));
        assertThat(svg).contains("<title>qemu-q35, kernel: 1.520 s (0.500 → 2.020 s)</title>");

        int table = html.indexOf("<table class=\"boots\">");
        assertThat(table).isGreaterThan(html.indexOf("<svg class=\"bootphases\""));
        String rows = html.substring(table, html.indexOf("</table>", table));
        assertThat(rows).contains("<th>first byte [s]</th>", "<th>ready [s]</th>", "<td class=\"l\">qemu-q35</td><td>3</td>",
                "2.02 ± 0.03", "2.00 … 2.04", "0.65 ± 0.01", "0.64 … 0.66");
    }

    @Test
    void aPhaseNoBootSawMergesItsSegmentIntoTheNext() {
        BootSeries quiet = new BootSeries("firecracker", "kvm", List.of(boot(0.10, Double.NaN, 0.90, 1.00),
                boot(0.12, Double.NaN, 0.92, 1.02)), 0.1, 0.1, 8);
        String svg = svg(HtmlReport.render("t", "x", List.of(group(List.of(), Map.of(), List.of(quiet)))), "bootphases");
        Map<String, double[]> bar = segments(svg, "firecracker");
        assertThat(bar.keySet()).containsExactly("first_byte", "prompt", "ready");
        assertThat(svg).contains("data-from=\"first_byte\" data-to=\"prompt\"", HtmlReport.MERGED_LEGEND,
                "firecracker, kernel + userspace to shell prompt: 0.800 s (0.110 → 0.910 s)");
    }

    @Test
    void hostMemoryBarsShowMibFromTheKibFiguresBeforeTheMeminfoBars() {
        String html = HtmlReport.render("t", "results.jsonl", List.of(full()));
        String svg = svg(html, "hostbars");
        assertThat(html).contains("<h3>" + HtmlReport.esc(HtmlReport.HOST_CAPTION) + "</h3>");
        assertThat(HtmlReport.HOST_CAPTION)
                .isEqualTo("What each hypervisor process held on the host (VMM = everything but the guest's RAM)");
        assertThat(count(svg, "<g class=\"hostbar\"")).isEqualTo(2);
        assertThat(svg).contains("120.0 MiB (VMM 20.0 MiB + guest 100.0 MiB)", "VMM PSS 15.0 MiB", "VMM USS 12.5 MiB",
                "200.0 MiB (VMM 50.0 MiB + guest 150.0 MiB)", "VMM PSS 40.0 MiB", "VMM USS 35.0 MiB",
                "micro (qemu-microvm)", "q35 (qemu-q35)");
        for (String part : HtmlReport.HOST_PARTS) {
            assertThat(svg).contains(">" + part + "</text>");
        }
        // the stacked bar: guest RAM starts where the overhead ends; q35's whole bar (200 MiB) is the widest
        Matcher rss = Pattern.compile("<rect class=\"overhead-rss\" x=\"([\\d.]+)\" y=\"\\d+\" width=\"([\\d.]+)\"")
                .matcher(svg);
        Matcher guest = Pattern.compile("<rect class=\"guest-ram\" x=\"([\\d.]+)\" y=\"\\d+\" width=\"([\\d.]+)\"")
                .matcher(svg);
        double[] total = new double[2];
        for (int i = 0; i < 2; i++) {
            assertThat(rss.find()).isTrue();
            assertThat(guest.find()).isTrue();
            double x = Double.parseDouble(rss.group(1));
            double w = Double.parseDouble(rss.group(2));
            assertThat(Double.parseDouble(guest.group(1))).isCloseTo(x + w, within(0.02));
            total[i] = w + Double.parseDouble(guest.group(2));
        }
        assertThat(total[0] / total[1]).isCloseTo(120.0 / 200.0, within(0.001));
        assertThat(html.indexOf("<svg class=\"hostbars\"")).isLessThan(html.indexOf("<svg class=\"membars\""))
                .isGreaterThan(html.indexOf("<svg class=\"bootphases\""));
    }

    @Test
    void aGroupWithoutBootsOrHostFiguresDrawsNeither() {
        Group bare = group(List.of(series("micro", "qemu-microvm", null), series("q35", "qemu-q35", null)), Map.of(),
                List.of());
        String html = HtmlReport.render("t", "results.jsonl", List.of(bare));
        assertThat(html).contains("<svg class=\"strip\"")
                .doesNotContain("bootphases", "bootbar", "<table class=\"boots\">", "hostbars", "hostbar",
                        HtmlReport.esc(HtmlReport.HOST_CAPTION));
        assertThat(HtmlReport.bootPhases(List.of())).isEmpty();
        assertThat(HtmlReport.hostBars(bare.series())).isEmpty();
    }
}
