package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A new user's first session, typed into the real vmbench jar in a tmux pane: build the image, boot both
 * machine types, list, read logs, make mistakes, complete a name with Tab, stop one, exit. No qemu
 * process may be left afterwards.
 */
class ShellJourneyIT {

    static final Duration BOOT = Duration.ofSeconds(150);
    static final Duration QUICK = Duration.ofSeconds(30);

    @Test
    void newUserSession() throws Exception {
        TestImage.get();
        List<ProcessHandle> qemus = List.of();
        ProcessHandle java = null;
        try (Tmux t = Tmux.start("journey", 160, 50)) {
            java = t.openVmbench("java -jar " + TestImage.JAR);

            int m = t.mark();
            t.line("image build");
            t.waitFor("Image ready: kernel .* /random.txt 64 MiB", m, Duration.ofMinutes(5));
            assertThat(t.waitFor("vmbench:>", m, QUICK)).contains("[5/5] root disk with 64 MiB /random.txt (reused)");

            m = t.mark();
            t.line("boot --hypervisor qemu-microvm");
            String out = t.waitFor("qemu1 is ready: guest prompt after [0-9.]+ (s|ms)", m, BOOT);
            assertThat(out).contains("booting qemu1 (qemu-microvm");

            m = t.mark();
            t.line("boot --hypervisor qemu-q35");
            t.waitFor("qemu2 is ready: guest prompt after", m, BOOT);

            m = t.mark();
            t.line("vms");
            out = t.waitFor("qemu2.*ready", m, QUICK);
            assertThat(out).containsPattern("qemu1\\s*│local\\s*│qemu-microvm\\s*│(tcg|kvm)")
                    .containsPattern("qemu2\\s*│local\\s*│qemu-q35");

            m = t.mark();
            t.line("logs qemu2 --lines 5");
            t.waitFor("\\(none\\):~#", m, QUICK);

            m = t.mark();
            t.line("run qemu2 'echo hello world; uname -r; false'");
            out = t.waitFor("exit 1  wall ([0-9.]+ s \\(host\\)|below the console's timing resolution)", m, QUICK);
            assertThat(out).contains("hello world\n").containsPattern("\\d+\\.\\d+\\.\\d+-\\d+-cloud-amd64");

            m = t.mark();
            t.line("run qemu2 'sleep 1' --repeat 100");
            t.waitFor("qemu2\\s+run 1/100\\s+ok", m, QUICK); // the series is under way
            t.keys("C-c");
            t.waitFor("Error: interrupted: Ctrl-C was sent to the command in qemu2", m, QUICK);
            m = t.mark();
            t.line("run qemu2 'echo still-here'");
            t.waitFor("still-here\\s+exit 0", m, QUICK);

            // hyperfine's -L twice: two lists in hyperfine's own form, combined as a product
            java.nio.file.Path lists = TestImage.HOME.resolve("journey-lists.json");
            m = t.mark();
            t.line("bench --vms qemu2 --command 'echo {n}{m}' --runs 1 --parameter-list n 1,2 --parameter-list m x,y "
                    + "--style basic --export-json " + lists);
            out = t.waitFor("wrote .*journey-lists.json|Error: .*", m, QUICK);
            assertThat(out).doesNotContain("Error");
            com.fasterxml.jackson.databind.JsonNode scanned = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(lists.toFile()).get("results");
            java.util.List<String> pairs = new java.util.ArrayList<>();
            scanned.forEach(r -> pairs.add(r.get("parameters").get("n").asText() + r.get("parameters").get("m").asText()));
            assertThat(pairs).containsExactlyInAnyOrder("1x", "1y", "2x", "2y");

            m = t.mark();
            t.line("meminfo qemu1 --save " + TestImage.HOME.resolve("qemu1.meminfo"));
            t.waitFor("saved .*qemu1.meminfo and qemu1.meminfo.json", m, QUICK);
            m = t.mark();
            java.nio.file.Path diffJson = TestImage.HOME.resolve("journey-memdiff.json");
            t.line("memdiff " + TestImage.HOME.resolve("qemu1.meminfo") + " qemu2 --changed-only --export-json " + diffJson);
            out = t.waitFor("wrote .*journey-memdiff.json", m, QUICK);
            assertThat(out).containsPattern("field\\s+qemu1\\s+qemu2\\s+delta\\s+delta %");
            // both sides carry their environment: the saved file through its sidecar, the live VM as captured
            com.fasterxml.jackson.databind.JsonNode env = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(diffJson.toFile()).get("environment");
            assertThat(env.get("a").get("hypervisor").asText()).isEqualTo("qemu-microvm");
            assertThat(env.get("b").get("hypervisor").asText()).isEqualTo("qemu-q35");
            assertThat(env.get("b").get("guest_kernel").asText()).matches("\\d+\\.\\d+.*");

            m = t.mark();
            t.line("boot --kernel /nonexistent/vmlinuz");
            t.waitFor("Error: no file /nonexistent/vmlinuz: give a kernel image", m, QUICK);
            t.line("boot --mem 12x");
            t.waitFor("Error: bad memory size '12x': use a number of MiB or a size such as 512M or 1G", m, QUICK);
            t.line("boot --name qemu1");
            t.waitFor("Error: a VM named 'qemu1' already exists", m, QUICK);
            t.line("logs nosuch");
            t.waitFor("Error: no VM named 'nosuch': 'vms' lists them \\(qemu1, qemu2\\)", m, QUICK);
            t.line("run nosuch true");
            t.waitFor("Error: no VM named 'nosuch'", m, QUICK);
            t.line("boot --hypervisor xen");
            t.waitFor("Error: unknown hypervisor 'xen': use one of qemu-microvm, qemu-q35, firecracker", m, QUICK);
            assertThat(t.screen()).doesNotContain("\tat ").doesNotContain("Exception");

            m = t.mark();
            t.type("logs qe");
            t.keys("Tab");
            t.waitFor("qemu1\\s+qemu2|qemu2\\s+qemu1", m, QUICK);
            t.keys("C-u");

            qemus = java.children().filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                    .toList();
            assertThat(qemus).hasSize(2);

            // The completion menu may leave the screen after this point, shifting offsets: count matches instead.
            t.line("stop qemu1");
            t.waitForMore("qemu1 stopped \\(exit 0\\)", 0, QUICK);
            int deadRows = t.count("dead \\(exit 0, stopped\\)");
            t.line("vms");
            t.waitForMore("dead \\(exit 0, stopped\\)", deadRows, QUICK);
            t.line("exit");
            t.line("echo vmbench-exit=$?");
            t.waitForMore("vmbench-exit=0", 0, QUICK);
            ProcessHandle j = java;
            Await.until("the JVM to end", QUICK, () -> !j.isAlive());
        } finally {
            if (java != null && java.isAlive()) {
                java.destroyForcibly();
            }
        }
        for (ProcessHandle q : qemus) {
            Await.until("qemu " + q.pid() + " to end", Duration.ofSeconds(15), () -> !q.isAlive());
        }
    }
}
