package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real session (compare: two VMs, three runs each), its results log, and the report made from it, opened in
 * headless Chromium: the DOM it builds and a screenshot.
 */
class ReportIT {

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aSessionsReportShowsChartsTablesWarningsAndEnvironmentInChromium(@TempDir Path dir) throws Exception {
        TestImage.get();
        Path resultsLog = TestImage.HOME.resolve("state/results.jsonl");
        int before = Files.exists(resultsLog) ? Files.readAllLines(resultsLog).size() : 0;
        Cli.Result compare = Cli.run(Map.of(), "compare", "--runs", "3");
        assertThat(compare.code()).as(compare.out()).isZero();
        assertThat(compare.out()).contains("Welch's t-test p = ").contains("Warning: the guest ran under")
                .doesNotContain("\tat ");

        // this session's records only
        List<String> lines = Files.readAllLines(resultsLog);
        Path session = dir.resolve("session.jsonl");
        Files.write(session, lines.subList(before, lines.size()));
        // 3 boots per hypervisor, 6 runs, each VM's host figures, 2 meminfo captures
        assertThat(lines.size() - before).isEqualTo(6 + 6 + 2 + 2);
        JsonNode run = null;
        for (String l : lines.subList(before, lines.size())) {
            JsonNode n = new ObjectMapper().readTree(l);
            if (n.path("kind").asText().equals("run") && run == null) {
                run = n;
            }
        }
        assertThat(run).isNotNull();
        assertThat(run.get("vmm_cpu_s").asDouble()).isPositive();
        assertThat(compare.out()).contains("the host side: what each hypervisor process cost")
                .contains("Which uses less memory, on the host: ").containsPattern("qemu-q35\\s+3\\s+[0-9.]+ ± [0-9.]+");
        JsonNode env = run.get("environment");
        for (String field : List.of("host_cpu", "host_cpus", "host_kernel", "hypervisor_version", "accel",
                "guest_kernel", "mem_mib", "cpus", "cmdline", "image_random_sha256", "vmbench_version")) {
            assertThat(env.hasNonNull(field)).as(field).isTrue();
        }
        assertThat(env.get("hypervisor_version").asText()).startsWith("QEMU emulator version");
        assertThat(env.get("guest_kernel").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(env.get("image_random_sha256").asText()).hasSize(64);

        Cli.Result list = Cli.run(Map.of(), "results", "list", "--from", session.toString());
        assertThat(list.out()).containsPattern("1\\s+\\S+ \\S+\\s+6\\s+\\d+\\s+cmp-qemu-microvm,cmp-qemu-q35\\s+time sha256sum /random.txt");
        Cli.Result show = Cli.run(Map.of(), "results", "show", "1", "--from", session.toString());
        assertThat(show.out()).contains("environment of cmp-qemu-q35").contains("guest_kernel")
                .contains("boot phases [s from the hypervisor's start").contains("the host side");

        Path html = dir.resolve("report.html");
        Cli.Result report = Cli.run(Map.of(), "report", "--from", session.toString(), "--out", html.toString());
        assertThat(report.code()).as(report.out()).isZero();
        Cli.Result md = Cli.run(Map.of(), "report", "--from", session.toString(), "--format", "md", "--out",
                dir.resolve("report.md").toString());
        assertThat(md.code()).isZero();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| Command | hypervisor | Mean [s] |").contains("| meminfo field |");

        Assumptions.assumeTrue(TestImage.host().findProgram("chromium").isPresent(),
                "chromium is not installed (.ci/install-host-packages installs it)");
        String dom = chromium(dir, "--dump-dom", html.toUri().toString());
        assertThat(count(dom, "<svg class=\"strip\"")).isEqualTo(1);
        assertThat(count(dom, "<circle class=\"run\"")).isEqualTo(6);
        assertThat(count(dom, "<line class=\"mean\"")).isEqualTo(2);
        assertThat(count(dom, "<svg class=\"membars\"")).isEqualTo(1);
        assertThat(count(dom, "<rect class=\"bar\"")).isBetween(1, 8);
        assertThat(count(dom, "<table class=\"relative\">")).isEqualTo(1);
        assertThat(dom).contains("Welch's t-test").contains("<h3>Environment</h3>").contains("guest_kernel");
        if (TestImage.host().kvm().usable()) {
            assertThat(dom).doesNotContain("ran under TCG");
        } else {
            assertThat(dom).contains("class=\"warn\"").contains("ran under TCG");
        }
        Path png = dir.resolve("report.png");
        chromium(dir, "--screenshot=" + png, "--window-size=1100,1400", html.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        // not a blank page: the charts' colours are on it
        boolean coloured = false;
        for (int y = 0; y < image.getHeight() && !coloured; y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 180 && g < 80 && b < 80) { // the red of the second VM / the bars
                    coloured = true;
                    break;
                }
            }
        }
        assertThat(coloured).isTrue();
    }

    static String chromium(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium-profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
