package dev.vmbench.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestTime;
import dev.vmbench.measure.Stats;
import dev.vmbench.report.Hyperfine;
import dev.vmbench.report.SeriesReport;

class StatsAndExportsTest {

    static ExecResult r(String vm, double wall, int exit, Double real) {
        Optional<GuestTime> g = real == null ? Optional.empty() : Optional.of(new GuestTime(real, real * 0.9, real * 0.1, "busybox"));
        return new ExecResult(vm, "time sha256sum /random.txt", "", exit, false, wall, g, Instant.EPOCH);
    }

    static Series series(String vm, String hv, double... walls) {
        List<ExecResult> runs = new ArrayList<>();
        for (double w : walls) {
            runs.add(r(vm, w, 0, w - 0.01));
        }
        return new Series(vm, hv, "time sha256sum /random.txt", runs, List.of());
    }

    @Test
    void theHostSideFiguresReachEveryExportAndTheTable() throws Exception {
        List<ExecResult> runs = new ArrayList<>();
        for (double cpu : new double[] {3.0, 3.2}) {
            runs.add(new ExecResult("qemu1", "time sha256sum /random.txt", "", 0, ExecResult.Ending.COMPLETED, 2.0,
                    Optional.of(new GuestTime(1.9, 1.0, 0.5, "busybox")), Instant.EPOCH, List.of(),
                    java.util.OptionalDouble.of(cpu), 80));
        }
        runs.add(new ExecResult("qemu1", "yes | head -c 100000", "", 0, ExecResult.Ending.COMPLETED, 2.0,
                Optional.of(new GuestTime(1.9, 1.0, 0.5, "busybox")), Instant.EPOCH, List.of(),
                java.util.OptionalDouble.of(3.1), 100_000));
        var phases = new java.util.LinkedHashMap<String, Double>();
        phases.put("first_byte", 0.2);
        phases.put("prompt", 4.4);
        Series s = new Series("qemu1", "qemu-microvm", "time sha256sum /random.txt", runs, List.of(),
                new Conditions(java.util.Map.of(), "tcg", 0.1, 0.1, 2, "x"),
                new dev.vmbench.vmm.HostFigures(110_752, 109_046, 108_488, 126_976, phases));
        assertThat(s.vmmCpu().orElseThrow().mean()).isCloseTo(3.1, within(1e-9));
        assertThat(s.vmmCpuRatio().orElseThrow()).isCloseTo(3.1 / 1.5, within(1e-9));
        assertThat(s.warnings()).anyMatch(w -> w.kind() == dev.vmbench.measure.Warnings.Kind.CONSOLE_OUTPUT
                && w.message().contains("98 KiB") && w.remedy().contains("/dev/null"));
        JsonNode host = new ObjectMapper().readTree(Hyperfine.json(List.of(s))).get("results").get(0).get("host");
        assertThat(host.get("vmm_overhead_kib").get("uss").asLong()).isEqualTo(108_488);
        assertThat(host.get("guest_ram_kib").asLong()).isEqualTo(126_976);
        assertThat(host.get("vmm_cpu_s")).hasSize(3);
        assertThat(host.get("vmm_cpu_s").get(1).asDouble()).isEqualTo(3.2);
        assertThat(host.get("boot_phases_s").get("prompt").asDouble()).isEqualTo(4.4);
        assertThat(Hyperfine.csv(List.of(s)).strip()).endsWith(",3.1,110752,109046,108488,126976,4.4");
        assertThat(Hyperfine.markdown(List.of(s))).contains("| 3.100 | 2.07 | 110752 | 109046 | 108488 | 126976 | 4.400 |");
        assertThat(SeriesReport.sideBySide(List.of(s))).contains("VMM CPU").contains("2.07×");
        assertThat(SeriesReport.runs(s)).contains("100000");
        assertThat(series("q", "qemu-microvm", 1.0, 1.1).warnings())
                .noneMatch(w -> w.kind() == dev.vmbench.measure.Warnings.Kind.CONSOLE_OUTPUT);
    }

    @Test
    void statsOfKnownValues() {
        Stats s = Stats.of(List.of(19.14, 18.89, 18.92));
        assertThat(s.mean()).isCloseTo(18.983333, within(1e-5));
        assertThat(s.median()).isEqualTo(18.92);
        assertThat(s.min()).isEqualTo(18.89);
        assertThat(s.max()).isEqualTo(19.14);
        assertThat(s.stddev()).isCloseTo(0.136504, within(1e-5));
        assertThat(Stats.of(List.of(1.0)).stddev()).isNaN();
    }

    @Property
    void orderedSummaries(@ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = 0.01, max = 1000) Double> v) {
        Stats s = Stats.of(v);
        assertThat(s.min()).isLessThanOrEqualTo(s.median());
        assertThat(s.median()).isLessThanOrEqualTo(s.max());
        assertThat(s.mean()).isBetween(s.min() - 1e-9, s.max() + 1e-9);
        assertThat(s.n()).isEqualTo(v.size());
    }

    @Test
    void failedRunsAreReportedNotAveraged() {
        List<ExecResult> runs = List.of(r("a", 1.0, 0, 0.9), r("a", 50.0, 1, null), r("a", 3.0, 0, 2.9));
        Series s = new Series("a", "qemu-microvm", "c", runs, List.of());
        assertThat(s.wall().orElseThrow().mean()).isEqualTo(2.0);
        assertThat(s.failed()).hasSize(1);
        assertThat(SeriesReport.summary(s)).contains("1 run(s) failed and are not averaged in: exit 1");
    }

    @Test
    void guestFiguresOnlyWhenEveryRunHasThem() {
        Series s = new Series("a", "h", "c", List.of(r("a", 1.0, 0, 0.9), r("a", 1.0, 0, null)), List.of());
        assertThat(s.guestReal()).isEmpty();
        assertThat(s.wall()).isPresent();
    }

    @Test
    void jsonHasHyperfinesFieldNames() throws Exception {
        List<Series> ss = List.of(series("qemu1", "qemu-microvm", 19.14, 18.89, 18.92),
                series("fc1", "firecracker", 20.36, 19.30, 19.28));
        JsonNode root = new ObjectMapper().readTree(Hyperfine.json(ss));
        JsonNode first = root.get("results").get(0);
        for (String f : List.of("command", "mean", "stddev", "median", "user", "system", "min", "max", "times",
                "exit_codes", "parameters")) {
            assertThat(first.has(f)).as(f).isTrue();
        }
        assertThat(first.get("times").size()).isEqualTo(3);
        assertThat(first.get("exit_codes").get(0).asInt()).isZero();
        // what varies: the hypervisor (one VM each, so the VM's name says nothing more)
        assertThat(first.get("parameters").has("vm")).isFalse();
        assertThat(first.get("parameters").get("hypervisor").asText()).isEqualTo("qemu-microvm");
        assertThat(first.get("environment").get("vm").asText()).isEqualTo("qemu1");
        assertThat(first.get("mean").asDouble()).isCloseTo(18.983333, within(1e-5));
    }

    @Test
    void markdownAndCsvAsHyperfineWritesThem() {
        List<Series> ss = List.of(series("qemu1", "qemu-microvm", 19.14, 18.89, 18.92),
                series("fc1", "firecracker", 20.36, 19.30, 19.28));
        String md = Hyperfine.markdown(ss);
        // hyperfine's columns, with the hypervisor (which varies) after the command
        assertThat(md).startsWith("| Command | hypervisor | Mean [s] | Min [s] | Max [s] | Relative |\n"
                + "|:---|:---|---:|---:|---:|---:|\n");
        assertThat(md).contains("| `qemu1: time sha256sum /random.txt` | qemu-microvm | 18.983 ± 0.137 | 18.890 | 19.140 | 1.00 |");
        assertThat(md).containsPattern("\\| `fc1: time sha256sum /random.txt` \\| firecracker \\| 19\\.647 ± 0\\.618 \\| 19\\.280 \\| 20\\.360 \\| 1\\.03 ± 0\\.03 \\|");
        String csv = Hyperfine.csv(ss);
        assertThat(csv).startsWith("command,mean,stddev,median,user,system,min,max,parameter_hypervisor,"
                + "vm,hypervisor,host,host_cpu,host_cpus,host_kernel,hypervisor_version,accel,guest_kernel,mem_mib,cpus,cmdline,"
                + "image_random_sha256,vmbench_version,vmm_cpu_mean,vmm_overhead_rss_kib,vmm_overhead_pss_kib,"
                + "vmm_overhead_uss_kib,guest_ram_kib,boot_prompt_s\n");
        // the seed's own figures: 3 runs each, and the difference is not told from noise at 5%
        assertThat(md).contains("fc1 is 0.663 s slower than qemu1 on average").contains("p = 0.")
                .contains("p = 0.20").contains("NOT distinguishable from noise");
        assertThat(csv.lines()).hasSize(3);
    }

    private static Series on(String host, String vm, String hv, double... walls) {
        Series s = series(vm, hv, walls);
        return new Series(s.vm(), s.hypervisor(), s.command(), s.runs(), s.warmups(),
                new Conditions(java.util.Map.of("accel", "tcg"), "tcg", 0.1, 0.1, 2, "x", host, 0.4));
    }

    @Test
    void exportsNameAsParametersOnlyWhatVaries() throws Exception {
        // one VM: nothing varies, so no parameters (as hyperfine leaves them out); the VM is in the environment
        JsonNode one = new ObjectMapper().readTree(Hyperfine.json(List.of(series("qemu1", "qemu-microvm", 1, 2))))
                .get("results").get(0);
        assertThat(one.has("parameters")).isFalse();
        assertThat(one.get("environment").get("vm").asText()).isEqualTo("qemu1");
        assertThat(one.get("environment").get("host").asText()).isEqualTo("local");
        assertThat(Hyperfine.csv(List.of(series("qemu1", "qemu-microvm", 1, 2))))
                .startsWith("command,mean,stddev,median,user,system,min,max,vm,hypervisor,host,host_cpu,");

        // compare --hosts: the same hypervisor on two hosts: the host varies (the VM's name with it), not the
        // hypervisor
        List<Series> two = List.of(on("lab1", "cmp-lab1-qemu-microvm", "qemu-microvm", 1.0, 1.1),
                on("lab3", "cmp-lab3-qemu-microvm", "qemu-microvm", 2.0, 2.1));
        assertThat(Hyperfine.varying(two)).containsExactly("host");
        JsonNode r = new ObjectMapper().readTree(Hyperfine.json(two)).get("results").get(1);
        assertThat(r.get("parameters").get("host").asText()).isEqualTo("lab3");
        assertThat(r.get("parameters").has("hypervisor")).isFalse();
        assertThat(r.get("environment").get("hypervisor").asText()).isEqualTo("qemu-microvm");
        String md = Hyperfine.markdown(two);
        assertThat(md).startsWith("| Command | host | Mean [s] | Min [s] | Max [s] | Relative |\n|:---|:---|---:|");
        assertThat(md).contains("| `cmp-lab3-qemu-microvm: time sha256sum /random.txt` | lab3 | 2.050 ± 0.071 |");
        String csv = Hyperfine.csv(two);
        assertThat(csv).startsWith("command,mean,stddev,median,user,system,min,max,parameter_host,vm,");
        assertThat(csv.lines().skip(2).findFirst().orElseThrow())
                .contains(",lab3,cmp-lab3-qemu-microvm,qemu-microvm,lab3,");
        // two VMs of one hypervisor on one host: the VM is what varies
        assertThat(Hyperfine.varying(List.of(series("a", "qemu-microvm", 1, 2), series("b", "qemu-microvm", 1, 2))))
                .containsExactly("vm");
        // the terminal table and the summary name the host too
        assertThat(SeriesReport.sideBySide(two).lines().findFirst().orElseThrow()).containsPattern("VM\\s+hypervisor\\s+host");
        assertThat(SeriesReport.summary(two.get(0))).startsWith("cmp-lab1-qemu-microvm (qemu-microvm on lab1): ");
    }

    /** A series of IOPS figures (wall 5 s each), higher is better. */
    static Series iops(String vm, String hv, double... figures) {
        List<ExecResult> runs = new ArrayList<>();
        for (double f : figures) {
            runs.add(new ExecResult(vm, "fio ...", "{}", 0, false, 5.0, Optional.empty(), Instant.EPOCH).withFigure(f));
        }
        return new Series(vm, hv, "fio ...", runs, List.of()).withMetric(
                new dev.vmbench.measure.Metric("read IOPS", "IOPS", dev.vmbench.measure.Metric.Better.HIGHER),
                "fio-randread-4k");
    }

    @Test
    void aHigherIsBetterFigureIsRelativeToTheHighestAndSaysSoEverywhere() throws Exception {
        List<Series> ss = List.of(iops("qemu1", "qemu-microvm", 1000, 1010, 990), iops("pc1", "qemu-q35", 800, 810, 790));
        List<Hyperfine.Relative> rel = Hyperfine.relative(ss);
        assertThat(rel.get(0).fastest()).isTrue(); // the most IOPS is the best, not the fewest
        assertThat(rel.get(1).value()).isCloseTo(0.8, within(1e-9));
        String table = SeriesReport.sideBySide(ss);
        assertThat(table).contains("read IOPS mean ± σ [IOPS]").contains("read IOPS: higher is better")
                .contains("pc1 is 200.0 IOPS worse than qemu1");
        String md = Hyperfine.markdown(ss);
        assertThat(md).startsWith("| Command | hypervisor | Mean [IOPS] | Min [IOPS] | Max [IOPS] | Relative |")
                .contains("| `qemu1: fio-randread-4k` | qemu-microvm | 1000.0 ± 10.00 | 990.0 | 1010.0 | 1.00 |")
                .contains("| 0.80 ± 0.01 |").contains("read IOPS: higher is better");
        JsonNode r = new ObjectMapper().readTree(Hyperfine.json(ss)).get("results").get(1);
        assertThat(r.get("mean").asDouble()).isEqualTo(5.0); // hyperfine's fields stay the wall time
        JsonNode m = r.get("metrics").get("read_iops");
        assertThat(m.get("unit").asText()).isEqualTo("IOPS");
        assertThat(m.get("better").asText()).isEqualTo("higher");
        assertThat(m.get("mean").asDouble()).isEqualTo(800.0);
        assertThat(m.get("values")).hasSize(3);
        assertThat(r.get("workload").asText()).isEqualTo("fio-randread-4k");
        assertThat(Hyperfine.csv(ss).lines().findFirst().orElseThrow())
                .endsWith(",mean [IOPS],stddev [IOPS],median [IOPS],min [IOPS],max [IOPS],metric,unit,better,workload");
        // every row has as many fields as the header, time series beside figures too
        List<Series> mixed = List.of(ss.get(0), series("qemu1", "qemu-microvm", 1.0, 1.1));
        List<String> lines = Hyperfine.csv(mixed).lines().toList();
        assertThat(lines.get(1).split(",", -1)).hasSameSizeAs(lines.get(0).split(",", -1));
        assertThat(lines.get(2).split(",", -1)).hasSameSizeAs(lines.get(0).split(",", -1));
        assertThat(dev.vmbench.report.HtmlReport.stripPlot(ss)).contains("read IOPS per run [IOPS], higher is better")
                .contains("data-better=\"higher\"");
    }

    @Test
    void anExportReadBackIsTheSameSamplesAndARegressionIsFound(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<Series> before = List.of(iops("qemu1", "qemu-microvm", 1000, 1005, 995, 1002, 998),
                series("qemu1", "qemu-microvm", 1.00, 1.01, 0.99, 1.00, 1.01));
        java.nio.file.Path json = java.nio.file.Files.writeString(dir.resolve("base.json"), Hyperfine.json(before));
        List<dev.vmbench.measure.AbTest.Sample> read = Baselines.read(json);
        assertThat(read).extracting(dev.vmbench.measure.AbTest.Sample::key)
                .containsExactlyElementsOf(Baselines.of(before).stream().map(dev.vmbench.measure.AbTest.Sample::key).toList());
        assertThat(read.get(0).values()).containsExactly(1000.0, 1005.0, 995.0, 1002.0, 998.0);
        assertThat(read.get(0).metric().better()).isEqualTo(dev.vmbench.measure.Metric.Better.HIGHER);
        // planted: IOPS down 20%, time unchanged
        List<Series> after = List.of(iops("qemu1", "qemu-microvm", 800, 805, 795, 802, 798),
                series("qemu1", "qemu-microvm", 1.00, 1.01, 0.99, 1.00, 1.01));
        dev.vmbench.measure.AbTest.Outcome o = dev.vmbench.measure.AbTest.compare(read, Baselines.of(after),
                dev.vmbench.measure.Permutation.defaults());
        assertThat(o.worse()).extracting(dev.vmbench.measure.AbTest.Line::name).containsExactly("qemu1: fio-randread-4k");
        assertThat(o.lines().get(1).call()).isEqualTo(dev.vmbench.measure.AbTest.Call.NO_CHANGE);
        // vmbench's compare --command export (a plain command: no workload) matches the log's series of that command
        Series cmd = series("cmp-qemu-microvm", "qemu-microvm", 1.0, 1.1);
        java.nio.file.Path cj = java.nio.file.Files.writeString(dir.resolve("cmd.json"), Hyperfine.json(List.of(cmd)));
        assertThat(Baselines.read(cj).get(0).key()).isEqualTo(Baselines.of(List.of(series("cmp-qemu-microvm",
                "qemu-microvm", 1.0))).get(0).key()).isEqualTo("cmp-qemu-microvm: time sha256sum /random.txt");
        // hyperfine's own export: its command and times
        java.nio.file.Path hf = java.nio.file.Files.writeString(dir.resolve("hf.json"), "{\"results\":[{\"command\":"
                + "\"sleep 0.1\",\"mean\":0.1,\"times\":[0.1,0.11,0.09],\"exit_codes\":[0,1,0]}]}");
        assertThat(Baselines.read(hf).get(0).values()).containsExactly(0.1, 0.09);
        assertThat(Baselines.read(hf).get(0).key()).isEqualTo("sleep 0.1");
    }

    @Test
    void aScanHasAColumnPerParameterARelativePerHypervisorAndALineChart() throws Exception {
        List<Series> ss = List.of(
                series("cmp-qemu-microvm-cpus1", "qemu-microvm", 2.0, 2.1).withParameters(java.util.Map.of("cpus", "1")),
                series("cmp-qemu-microvm-cpus2", "qemu-microvm", 1.0, 1.1).withParameters(java.util.Map.of("cpus", "2")),
                series("cmp-qemu-q35-cpus1", "qemu-q35", 4.0, 4.1).withParameters(java.util.Map.of("cpus", "1")),
                series("cmp-qemu-q35-cpus2", "qemu-q35", 3.0, 3.1).withParameters(java.util.Map.of("cpus", "2")));
        assertThat(Hyperfine.varying(ss)).containsExactly("hypervisor", "cpus");
        String table = SeriesReport.sideBySide(ss);
        assertThat(table.lines().findFirst().orElseThrow()).containsPattern("VM\\s+hypervisor\\s+cpus\\s+wall mean")
                .endsWith("in its hypervisor");
        // q35 with 1 vCPU: 3.86× the best overall, 1.33× the best q35
        assertThat(table).containsPattern("cmp-qemu-q35-cpus1\\s+qemu-q35\\s+1\\s.*3\\.86 ± 0\\.27\\s+1\\.33 ± 0\\.04");
        assertThat(Hyperfine.markdown(ss)).startsWith("| Command | hypervisor | cpus | Mean [s] |");
        assertThat(Hyperfine.csv(ss)).startsWith("command,mean,stddev,median,user,system,min,max,parameter_hypervisor,"
                + "parameter_cpus,vm,");
        List<String> csvLines = Hyperfine.csv(ss).lines().toList();
        assertThat(csvLines.get(3).split(",", -1)).hasSameSizeAs(csvLines.get(0).split(",", -1));
        // one hypervisor's part: the scanned value alone, as hyperfine's plot_parametrized.py needs
        JsonNode one = new ObjectMapper().readTree(Hyperfine.json(ss.subList(0, 2))).get("results").get(1);
        assertThat(one.get("parameters").toString()).isEqualTo("{\"cpus\":\"2\"}");
        assertThat(dev.vmbench.bench.Exports.perHypervisor("/x/scan.json", "qemu-q35")).isEqualTo("/x/scan.qemu-q35.json");
        String chart = dev.vmbench.report.HtmlReport.scanChart(ss);
        assertThat(chart).contains("<svg class=\"scan\"").contains("data-line=\"qemu-microvm\"")
                .contains("data-line=\"qemu-q35\"").contains("Scan over cpus");
        assertThat(chart.split("class=\"point\"", -1)).hasSize(5);
        assertThat(Hyperfine.asciidoc(ss)).startsWith("[cols=\"<,<,<,>,>,>,>\"]\n|===\n| Command \n| hypervisor \n| cpus \n"
                + "| Mean [s] \n").endsWith("|===\n");
        assertThat(Hyperfine.orgmode(ss)).startsWith("| Command  |  hypervisor |  cpus |  Mean [s] |  Min [s] |  Max [s] |  "
                + "Relative |\n|--+--+--+--+--+--+--|\n| =cmp-qemu-microvm-cpus1: time sha256sum /random.txt=  |  "
                + "qemu-microvm |  1 |  2.050 ± 0.071 |");
        assertThat(SeriesReport.sorted(ss, "mean-time")).extracting(Series::vm)
                .containsExactly("cmp-qemu-microvm-cpus2", "cmp-qemu-microvm-cpus1", "cmp-qemu-q35-cpus2",
                        "cmp-qemu-q35-cpus1");
    }

    @Test
    void aScanNamesItsSeriesByTheirParametersAndSaysAWarningSharedByAllOnce() {
        List<Series> ss = new ArrayList<>();
        for (String n : List.of("1", "2", "3")) {
            ss.add(new Series("g", "qemu-microvm", "echo " + n, List.of(r("g", 1.0 + Integer.parseInt(n), 0, null),
                    r("g", 1.1 + Integer.parseInt(n), 1, null), r("g", 1.2 + Integer.parseInt(n), 0, null)), List.of())
                    .withParameters(java.util.Map.of("n", n)));
        }
        assertThat(SeriesReport.names(ss)).containsExactly("g (n=1)", "g (n=2)", "g (n=3)");
        assertThat(SeriesReport.names(List.of(ss.get(0), series("h", "qemu-q35", 1.0)))).containsExactly("g", "h");
        String one = SeriesReport.warnings(ss.get(0));
        assertThat(one).contains("Warning: ");
        assertThat(SeriesReport.warnings(ss)).isEqualTo("\nall 3 series:\n" + one.stripTrailing());
        // a warning of one series only is said under its name
        List<Series> mixed = List.of(ss.get(0), series("h", "qemu-q35", 1.0, 1.0, 1.0));
        assertThat(SeriesReport.warnings(mixed)).isEqualTo("\ng:\n" + one.stripTrailing());
        // the same warning on two of three series, another on one: each said once, under whom it concerns
        Series slowFirst = new Series("k", "qemu-q35", "c", List.of(r("k", 9.0, 0, null), r("k", 1.0, 0, null),
                r("k", 1.0, 0, null), r("k", 1.0, 0, null), r("k", 1.0, 0, null)), List.of());
        String three = SeriesReport.warnings(List.of(ss.get(0), ss.get(1), slowFirst));
        String failed = one.lines().filter(l -> l.contains("failed")).findFirst().orElseThrow();
        assertThat(three.split(java.util.regex.Pattern.quote(failed), -1)).hasSize(2);
        assertThat(three).contains("\ng (n=1), g (n=2):\n" + failed).contains("\nk:\n");
        assertThat(SeriesReport.significance(ss)).allSatisfy(l -> assertThat(l).containsPattern("g \\(n=[23]\\)"))
                .anySatisfy(l -> assertThat(l).contains("g (n=1)"));
    }

    @Test
    void aBestMeanOfZeroIsNoBaseForARelative() {
        // commands below the console's timing resolution: their wall times are 0
        List<Series> ss = List.of(series("a", "qemu-microvm", 0, 0), series("b", "qemu-q35", 0.001, 0));
        String table = SeriesReport.sideBySide(ss);
        assertThat(table).doesNotContain("Infinity").doesNotContain("NaN");
        assertThat(Hyperfine.markdown(ss)).doesNotContain("Infinity").doesNotContain("NaN");
    }
}
