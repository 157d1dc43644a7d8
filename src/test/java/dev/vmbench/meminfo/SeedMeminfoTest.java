package dev.vmbench.meminfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.vmbench.report.MeminfoReport;

/** The two dumps of the seed write-up (Firecracker, then QEMU), as pasted there. */
class SeedMeminfoTest {

    static String resource(String name) throws IOException {
        try (InputStream in = SeedMeminfoTest.class.getResourceAsStream("/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MeminfoDiff seed() throws IOException {
        return MeminfoDiff.of("firecracker", Meminfo.parse(resource("firecracker-meminfo.txt"), "firecracker"),
                "qemu", Meminfo.parse(resource("qemu-meminfo.txt"), "qemu"));
    }

    @Test
    void bothDumpsParseWithAllTheirFields() throws IOException {
        MeminfoDiff d = seed();
        assertThat(d.rows()).hasSize(47).noneMatch(MeminfoDiff.Row::oneSided);
        assertThat(d.rows().get(0).field()).isEqualTo("MemTotal");
        assertThat(d.rows().get(d.rows().size() - 1).field()).isEqualTo("DirectMap2M");
    }

    @Test
    void theFiguresOfTheDiff() throws IOException {
        MeminfoDiff d = seed();
        MeminfoDiff.Row cached = d.rows().stream().filter(r -> r.field().equals("Cached")).findFirst().orElseThrow();
        assertThat(cached.a()).isEqualTo(923436);
        assertThat(cached.b()).isEqualTo(8400);
        assertThat(cached.delta()).isEqualTo(-915036);
        MeminfoDiff.Row free = d.rows().stream().filter(r -> r.field().equals("MemFree")).findFirst().orElseThrow();
        assertThat(free.delta()).isEqualTo(909996);
        assertThat(d.largest(3)).extracting(MeminfoDiff.Row::field).containsExactly("Cached", "Inactive(file)", "MemFree");

        String table = MeminfoReport.table(d, MeminfoReport.Options.defaults());
        assertThat(table).containsPattern("Cached\\s+901\\.8 MiB\\s+8\\.2 MiB\\s+-893\\.6 MiB\\s+-99\\.1%\\s+◀");
        assertThat(table).containsPattern("MemFree\\s+72\\.1 MiB\\s+960\\.8 MiB\\s+\\+888\\.7 MiB\\s+\\+1232\\.5%\\s+◀");
        assertThat(table).containsPattern("HugePages_Total\\s+0\\s+0\\s+0\\s+0\\.0%");
        assertThat(table).containsPattern("Dirty\\s+0 kB\\s+36 kB\\s+\\+36 kB\\s+new");

        String summary = MeminfoReport.summary(d, 3);
        assertThat(summary).contains("Cached (file cache): firecracker has 893.6 MiB more (firecracker 901.8 MiB, qemu 8.2 MiB), -99.1%");
        assertThat(summary).contains("MemFree (free memory): qemu has 888.7 MiB more");
    }

    @Test
    void changedOnlyWithThresholdAndColour() throws IOException {
        MeminfoDiff d = seed();
        String t = MeminfoReport.table(d, new MeminfoReport.Options(true, 50, MeminfoReport.Sort.DELTA,
                MeminfoReport.Unit.KB, true, 3));
        assertThat(t.lines().skip(1).findFirst().orElseThrow()).contains("Cached").contains("-915036 kB").startsWith("\u001b[1;31m");
        assertThat(t).doesNotContain("MemTotal").doesNotContain("◀");
    }

    @Test
    void exportsCarryEveryField() throws IOException {
        MeminfoDiff d = seed();
        assertThat(MeminfoReport.csv(d).lines()).hasSize(48).first().isEqualTo("field,unit,a,b,delta,delta_pct");
        assertThat(MeminfoReport.csv(d)).contains("Cached,kB,923436,8400,-915036,-99.090\n");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(MeminfoReport.json(d));
        assertThat(json.get("a").asText()).isEqualTo("firecracker");
        assertThat(json.get("fields")).hasSize(47);
        var huge = json.get("fields").get(39);
        assertThat(huge.get("field").asText()).isEqualTo("HugePages_Total");
        assertThat(huge.get("unit").isNull()).isTrue();
        assertThat(json.get("fields").get(4).get("delta").asLong()).isEqualTo(-915036);
        assertThat(MeminfoReport.markdown(d, MeminfoReport.Options.defaults()))
                .startsWith("| Field | firecracker | qemu | Delta | Delta % |\n|:---|---:|---:|---:|---:|\n");
    }
}
