package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 18's scan over VM configurations, end to end: {@code compare --scan cpus=1,2} on two hypervisors boots four
 * VMs (as many at a time as this machine allows: two here), prints one table with a cpus column and the relative column within each hypervisor,
 * exports parameters.cpus (and a file per hypervisor with cpus alone, for hyperfine's plot_parametrized.py), and
 * the report draws the scan as a line chart per hypervisor (checked in headless Chromium).
 */
class ScanIT {

    @Test
    void compareScansCpusOnTwoHypervisors(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        // the tests' image, in a home of its own so the report holds this comparison alone
        Files.createDirectories(home.resolve("images"));
        Files.createSymbolicLink(home.resolve("images").resolve("default"), TestImage.get().dir());
        Map<String, String> env = Map.of("VMBENCH_HOME", home.toString());
        Path json = dir.resolve("scan.json");
        Cli.Result r = Cli.run(env, "compare", "--scan", "cpus=1,2", "--hypervisors", "qemu-microvm,qemu-q35", "--runs",
                "3", "--boots", "1",
                "--export-json", json.toString(), "--export-markdown", dir.resolve("scan.md").toString());
        assertThat(r.code()).as(r.out()).isZero();
        // no --parallel: what this machine allows, said once (2 cores here: two at a time, in 2 batches)
        java.util.regex.Matcher said = java.util.regex.Pattern.compile("at most (\\d+) VM\\(s\\) at once here: \\d+ "
                + "MiB available holds \\d+ of 1224 MiB \\(guest RAM \\+ VMM\\), \\d+ cores").matcher(r.out());
        assertThat(said.find()).as(r.out()).isTrue();
        int n = Integer.parseInt(said.group(1));
        if (n < 4) {
            assertThat(r.out()).contains("4 VMs, at most " + n + " at once: " + (4 + n - 1) / n + " batches");
        }
        assertThat(r.out())
                .containsPattern("VM\\s+hypervisor\\s+cpus\\s+wall mean")
                .containsPattern("cmp-qemu-q35-cpus2\\s+qemu-q35\\s+2\\s")
                .contains("in its hypervisor");
        JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
        assertThat(results).hasSize(4);
        for (JsonNode x : results) {
            assertThat(x.get("parameters").has("cpus")).isTrue();
            assertThat(x.get("parameters").has("vm")).isFalse();
            assertThat(x.get("environment").get("cpus").asText()).isEqualTo(x.get("parameters").get("cpus").asText());
        }
        for (String hv : new String[] {"qemu-microvm", "qemu-q35"}) {
            JsonNode part = new ObjectMapper().readTree(dir.resolve("scan." + hv + ".json").toFile()).get("results");
            assertThat(part).hasSize(2);
            assertThat(part.get(0).get("parameters").toString()).isEqualTo("{\"cpus\":\"1\"}");
        }
        assertThat(Files.readString(dir.resolve("scan.md"))).startsWith("| Command | hypervisor | cpus | Mean [s] |");
        assertThat(VmLifecycleIT.qemuProcessesNamed("cmp-qemu-q35-cpus2")).isEmpty();

        Path html = dir.resolve("report.html");
        Cli.Result report = Cli.run(env, "report", "--out", html.toString());
        assertThat(report.code()).as(report.out()).isZero();
        Assumptions.assumeTrue(TestImage.host().findProgram("chromium").isPresent(),
                "chromium is not installed (.ci/install-host-packages installs it)");
        String dom = ReportIT.chromium(dir, "--dump-dom", html.toUri().toString());
        assertThat(dom).contains("<svg class=\"scan\"").contains("data-line=\"qemu-microvm\"")
                .contains("data-line=\"qemu-q35\"");
    }
}
