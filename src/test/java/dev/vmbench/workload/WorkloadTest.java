package dev.vmbench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vmbench.VmbenchException;
import dev.vmbench.measure.Metric;

class WorkloadTest {

    static String fixture(String name) throws Exception {
        try (var in = WorkloadTest.class.getResourceAsStream("/fio/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBuiltInCatalogueHasTheIssuesWorkloadsWithTheirDirections() {
        Map<String, Workload> all = new Workloads(Path.of("/nonexistent/workloads.yaml")).all();
        assertThat(all).containsKeys("sha256", "fio-randread-4k", "fio-randwrite-4k", "fio-seqread-1m", "fio-seqwrite-1m",
                "membw-dd", "boot");
        assertThat(all.get("sha256").metric()).isEqualTo(Metric.TIME);
        assertThat(all.get("sha256").guestCommand()).isEqualTo("time sha256sum /random.txt");
        assertThat(all.get("fio-randread-4k").metric().better()).isEqualTo(Metric.Better.HIGHER);
        assertThat(all.get("fio-randread-4k").metric().unit()).isEqualTo("IOPS");
        assertThat(all.get("fio-seqwrite-1m").metric().unit()).isEqualTo("MiB/s");
        assertThat(all.get("fio-randread-4k").tools()).containsExactly("fio");
        assertThat(all.get("fio-randread-4k").scratch()).isTrue();
        assertThat(all.get("fio-randread-4k").command()).contains("--filename=/dev/vdb").contains("--output-format=json")
                .contains("--direct=1");
        assertThat(all.get("membw-dd").metric().unit()).isEqualTo("GB/s");
        assertThat(all.get("boot").metric().better()).isEqualTo(Metric.Better.LOWER);
        assertThatThrownBy(() -> new Workloads(Path.of("/nonexistent/w.yaml")).get("fio-rand"))
                .hasMessageStartingWith("no workload 'fio-rand': 'workload list' shows them (sha256, fio-randread-4k");
    }

    @Test
    void fioFiguresAreReadFromFiosOwnOutputInAConsole() throws Exception {
        String console = "fio --name=randread ...\r\n" + fixture("randread.json").replace("\n", "\r\n") + "(none):~# ";
        Workload w = Workloads.builtIn().stream().filter(x -> x.name().equals("fio-randread-4k")).findFirst().orElseThrow();
        double iops = w.reading().read(console);
        assertThat(iops).isEqualTo(FioOutput.parse(fixture("randread.json")).total().read().iops()).isPositive();
        assertThatThrownBy(() -> new Workload.Fio("write_iops").read(fixture("randread.json")))
                .hasMessage("fio did no write I/O");
        assertThat(new Workload.Fio("write_mibs").read(fixture("seqwrite.json")))
                .isCloseTo(FioOutput.parse(fixture("seqwrite.json")).total().write().mibPerSecond(), within(1e-9));
        assertThatThrownBy(() -> new Workload.Fio("read_iops").read("sh: fio: not found\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fio printed no JSON");
    }

    @Test
    void ddsSummaryGivesGigabytesPerSecondFromItsExactCounts() {
        // busybox dd, and GNU coreutils' dd
        assertThat(new Workload.Dd().read("2048+0 records in\n2048+0 records out\n2147483648 bytes (2.0GB) copied, "
                + "0.858912 seconds, 2.3GB/s\n")).isCloseTo(2147483648L / 0.858912 / 1e9, within(1e-9));
        assertThat(new Workload.Dd().read("2147483648 bytes (2.1 GB, 2.0 GiB) copied, 0.5 s, 4.3 GB/s\n"))
                .isCloseTo(4.294967296, within(1e-9));
        assertThatThrownBy(() -> new Workload.Dd().read("dd: can't open '/dev/zero'"))
                .hasMessageContaining("dd printed no");
        // Debian's busybox: records only; the bandwidth from the guest's time
        dev.vmbench.guest.ExecResult run = new dev.vmbench.guest.ExecResult("q", "time dd ...", "2048+0 records in\n"
                + "2048+0 records out\n", 0, false, 1.1, java.util.Optional.of(new dev.vmbench.guest.GuestTime(0.5, 0.0,
                0.5, "busybox")), java.time.Instant.EPOCH);
        assertThat(new Workload.Dd().read(run)).isCloseTo(2048.0 * 1048576 / 0.5 / 1e9, within(1e-9));
        // a user's dd workload counts its records in its own bs
        assertThat(Workload.Dd.blockSize("time dd if=/dev/zero of=/dev/null bs=4k count=100000")).isEqualTo(4096);
        assertThat(Workload.Dd.blockSize("dd if=/dev/zero of=/dev/null count=10")).isEqualTo(512);
        Workload mine = Workloads.parse("workloads:\n  z:\n    command: time dd if=/dev/zero of=/dev/null bs=4k "
                + "count=2048\n    read: dd\n    unit: GB/s\n    better: higher\n", Path.of("w.yaml")).get(0);
        assertThat(mine.reading().read(run)).isCloseTo(2048.0 * 4096 / 0.5 / 1e9, within(1e-12));
    }

    @Test
    void usersWorkloadsComeFromYamlAndEachMistakeIsOneLine() {
        List<Workload> ws = Workloads.parse("""
                workloads:
                  xz:
                    description: compress
                    command: xz -T1 -c /random.txt > /dev/null
                    tools: [xz]
                  ops:
                    command: my-bench --ops
                    read: 'regex:([0-9.]+) ops/s'
                    unit: ops/s
                    better: higher
                """, Path.of("w.yaml"));
        assertThat(ws).hasSize(2);
        assertThat(ws.get(0).isTime()).isTrue();
        assertThat(ws.get(0).tools()).containsExactly("xz");
        assertThat(ws.get(1).reading().read("warm\n1234.5 ops/s\n")).isEqualTo(1234.5);
        assertThat(ws.get(1).metric()).isEqualTo(new Metric("ops", "ops/s", Metric.Better.HIGHER));
        assertThatThrownBy(() -> Workloads.parse("workloads:\n  a:\n    command: x\n    read: 'regex:([0-9]+)'\n"
                + "    unit: n\n", Path.of("w.yaml"))).isInstanceOf(VmbenchException.class)
                .hasMessage("w.yaml: workload a: say which way is better (better: higher, or lower)");
        assertThatThrownBy(() -> Workloads.parse("workloads:\n  a:\n    command: x\n    read: 'regex:[0-9]+'\n"
                + "    unit: n\n    better: higher\n", Path.of("w.yaml")))
                .hasMessage("w.yaml: workload a: regex '[0-9]+' needs a group around the number: (\\d+)");
        assertThatThrownBy(() -> Workloads.parse("workloads:\n  a:\n    command: x\n    read: fio:iops\n",
                Path.of("w.yaml"))).hasMessageStartingWith("w.yaml: workload a: fio figure 'iops' is not one of read_iops");
    }
}
