package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;
import dev.vmbench.bench.Bench;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.report.Hyperfine;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.session.VmState;

/** Framed commands in real guests: output fidelity, exit statuses, timeouts, repeats, exports. */
class ExecIT {

    static final Duration T = Duration.ofSeconds(60);
    static final SessionRegistry registry = new SessionRegistry();
    static final VmLauncher launcher = TestImage.launcher();
    static VmSession vm;
    static VmSession pc;

    @BeforeAll
    static void boot() throws InterruptedException {
        vm = launcher.start(launcher.prepare(TestImage.spec("exec-microvm", "qemu-microvm")), T, l -> { });
        registry.add(vm);
        pc = launcher.start(launcher.prepare(TestImage.spec("exec-q35", "qemu-q35")), T, l -> { });
        registry.add(pc);
    }

    @AfterAll
    static void end() {
        registry.close();
        assertThat(Await.alive(vm.pid())).isFalse();
        assertThat(Await.alive(pc.pid())).isFalse();
    }

    static ExecResult run(String command) throws InterruptedException {
        return GuestExec.run(vm, command, T);
    }

    @Test
    void outputIsExactlyWhatTheCommandPrinted() throws Exception {
        assertThat(run("printf 'a\\nb\\n\\nc\\n'").output()).isEqualTo("a\nb\n\nc\n");
        assertThat(run("printf abc").output()).isEqualTo("abc");
        assertThat(run("true").output()).isEmpty();
        assertThat(run("printf '\\001\\002\\tx\\033[1my\\033[0m'").output()).isEqualTo("\u0001\u0002\tx\u001b[1my\u001b[0m");
        assertThat(run("echo 'grüße ✓'").output()).isEqualTo("grüße ✓\n");
        String longLine = "x".repeat(300);
        assertThat(run("printf '%s\\n' " + longLine).output()).isEqualTo(longLine + "\n");
        assertThat(run("seq 1 2000 | tail -n 1").output()).isEqualTo("2000\n");
    }

    @Test
    void lookalikeTextCannotEndTheCommandOrChangeItsFigures() throws Exception {
        ExecResult r = run("printf '\\036deadbeefdeadbeef_E0\\n'; echo '(none):~# '; echo 'real 0m 9.99s'; echo after");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo("\u001edeadbeefdeadbeef_E0\n(none):~# \nreal 0m 9.99s\nafter\n");
        assertThat(r.guestTime()).as("not run under time: nothing parsed").isEmpty();

        ExecResult timed = run("time sh -c 'echo real 0m 9.99s; echo user 0m 9.99s'");
        assertThat(timed.guestTime()).isPresent();
        assertThat(timed.guestTime().get().real()).isLessThan(9);
        assertThat(timed.guestTime().get().format()).isEqualTo("busybox");
    }

    @Test
    void exitStatusesAreTheCommandsOwn() throws Exception {
        assertThat(run("true").exitCode()).isZero();
        assertThat(run("false").exitCode()).isEqualTo(1);
        assertThat(run("no-such-command-here").exitCode()).isEqualTo(127);
        assertThat(run("sh -c 'exit 42'").exitCode()).isEqualTo(42);
        ExecResult syntax = run("if then fi (");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(run("echo # a comment after\necho second line").output()).isEqualTo("\nsecond line\n");
    }

    @Test
    void theShellStateCarriesOverBetweenRuns() throws Exception {
        run("cd /tmp && X=42");
        assertThat(run("pwd; echo $X").output()).isEqualTo("/tmp\n42\n");
        run("cd ~");
    }

    @Test
    void timeoutInterruptsTheGuestCommandAndTheVmStaysUsable() throws Exception {
        ExecResult r = GuestExec.run(vm, "echo started; sleep 60; echo never", Duration.ofSeconds(2));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.output()).contains("started").doesNotContain("never");
        assertThat(run("echo alive").output()).isEqualTo("alive\n");
        assertThat(vm.state()).isEqualTo(VmState.READY);
    }

    @Test
    void guestTimeAndHostWallAgree() throws Exception {
        ExecResult r = run("time sha256sum /random.txt");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).containsPattern("[0-9a-f]{64}  /random.txt");
        double real = r.guestTime().orElseThrow().real();
        assertThat(r.wallSeconds()).isGreaterThanOrEqualTo(real - 0.05).isLessThan(real + 1.0);
    }

    @Test
    void repeatsWithWarmupAndAResultsLogLine(@TempDir Path dir) throws Exception {
        ResultsLog log = new ResultsLog(dir.resolve("results.jsonl"));
        List<Series> s = Bench.run(List.of(vm), "time ls /", 3, 1, T, log, l -> { }, null);
        Series one = s.get(0);
        assertThat(one.runs()).hasSize(3);
        assertThat(one.warmups()).hasSize(1);
        assertThat(one.wall().orElseThrow().n()).isEqualTo(3);
        assertThat(one.guestReal()).isPresent();
        List<String> lines = Files.readAllLines(log.file());
        assertThat(lines).hasSize(5); // a warm-up, three runs, and the VM's host figures at the end
        JsonNode host = new ObjectMapper().readTree(lines.get(4));
        assertThat(host.get("kind").asText()).isEqualTo("host");
        assertThat(host.get("guest_ram_kib").asLong()).isPositive();
        JsonNode rec = new ObjectMapper().readTree(lines.get(3));
        assertThat(rec.get("vm").asText()).isEqualTo("exec-microvm");
        assertThat(rec.get("kind").asText()).isEqualTo("run");
        assertThat(rec.get("exit_code").asInt()).isZero();
        assertThat(rec.get("real").isNumber()).isTrue();
        assertThat(rec.get("hypervisor").asText()).isEqualTo("qemu-microvm");
    }

    @Test
    void benchAlternatesBetweenVmsAndExportsParseAsHyperfines() throws Exception {
        List<Series> s = Bench.run(List.of(vm, pc), "time sha256sum /random.txt", 2, 0, T, null, l -> { }, null);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).runs().get(0).startedAt()).isBefore(s.get(1).runs().get(0).startedAt());
        assertThat(s.get(1).runs().get(0).startedAt()).isBefore(s.get(0).runs().get(1).startedAt());
        JsonNode results = new ObjectMapper().readTree(Hyperfine.json(s)).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(1).get("parameters").get("hypervisor").asText()).isEqualTo("qemu-q35");
        assertThat(results.get(0).get("times")).hasSize(2);
        assertThat(results.get(0).get("user").isNumber()).isTrue();
        assertThat(Hyperfine.markdown(s)).contains("| 1.00 |");
    }

    @Test
    void aVmThatDiesDuringACommandIsNamed() throws Exception {
        VmSession doomed = launcher.start(launcher.prepare(TestImage.spec("exec-doomed", "qemu-microvm")), T, l -> { });
        registry.add(doomed);
        // The hypervisor is killed from the host while the command runs: deterministic, unlike a guest
        // panic, whose handling depends on the kernel and on how loaded the machine is.
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return GuestExec.run(doomed, "echo doomed-started; sleep 300", T);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the command to start", T,
                () -> doomed.console().scrollback().lastLines(50).stream().anyMatch(l -> l.equals("doomed-started")),
                () -> String.join("\n", doomed.console().scrollback().lastLines(10)));
        ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertThatThrownBy(() -> running.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(VmbenchException.class)
                .cause().hasMessageContaining("exec-doomed died during the command: the hypervisor was killed (exit");
        assertThatThrownBy(() -> GuestExec.run(doomed, "true", T)).hasMessageContaining("died before the command");
        assertThat(vm.state()).isEqualTo(VmState.READY);
    }

    /**
     * bench --baseline FILE --fail-on-regression, as CI would use it: a saved export whose times were planted at
     * half the real ones makes this bench a regression (exit 1 in a one-shot run); without the flag it says
     * "worse" and succeeds.
     */
    @Test
    void benchAgainstABaselineFailsOnAPlantedRegression(@TempDir Path dir) throws Exception {
        dev.vmbench.shell.ExecCommands cmds = commands(dir);
        Path base = dir.resolve("base.json");
        bench(cmds, "time sleep 0.2", null, false, 6, base.toString());
        // planted: the baseline twice as fast as the VM really is
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(base.toFile());
        com.fasterxml.jackson.databind.node.ArrayNode times = (com.fasterxml.jackson.databind.node.ArrayNode)
                root.get("results").get(0).get("times");
        for (int i = 0; i < times.size(); i++) {
            times.set(i, times.get(i).asDouble() / 2);
        }
        Path planted = Files.writeString(dir.resolve("planted.json"), root.toString());
        String said = bench(cmds, "time sleep 0.2", planted.toString(), false, 6, null);
        assertThat(said).contains("against the baseline:").containsPattern(vm.name() + ": time sleep 0.2 .*worse");
        assertThatThrownBy(() -> bench(cmds, "time sleep 0.2", planted.toString(), true, 6, null))
                .isInstanceOf(VmbenchException.class)
                .hasMessage("1 regression(s) against the baseline: " + vm.name() + ": time sleep 0.2");
        // against the real baseline the same VM and command are matched (whether a drift of the host shows is
        // not this test's business)
        assertThat(bench(cmds, "time sleep 0.2", base.toString(), false, 6, null))
                .contains("1 compared: ").doesNotContain("only in");
    }

    /** bench with hyperfine's controls left at their defaults. */
    static String bench(dev.vmbench.shell.ExecCommands cmds, String command, String baseline, boolean fail, int runs,
                        String json) throws InterruptedException {
        return benchAll(cmds, command, vm.name(), null, baseline, fail, runs, 0, "1m", json, null, null, null, null, null,
                null, false, false, false, 10, 0, null, null, null);
    }

    /** The bench command with every option before hyperfine's output ones; those at their defaults. */
    static String benchAll(dev.vmbench.shell.ExecCommands c, String command, String vms, String workload,
                           String baseline, boolean fail, int runs, int warmup, String timeout, String json, String md,
                           String csv, String setup, String cleanup, String prepare, String conclude, boolean cold,
                           boolean ignoreFailure, boolean showOutput, int minRuns, int maxRuns, String[] scan,
                           String step, String[] lists) throws InterruptedException {
        return c.bench(command, vms, workload, baseline, fail, runs, warmup, timeout, json, md, csv, setup, cleanup,
                prepare, conclude, cold, ignoreFailure, showOutput, minRuns, maxRuns, scan, step, lists, null, null,
                "auto", "full");
    }

    static dev.vmbench.shell.ExecCommands commands(Path dir) throws java.io.IOException {
        org.jline.terminal.Terminal dumb = org.jline.terminal.TerminalBuilder.builder().dumb(true)
                .streams(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream()).build();
        dev.vmbench.shell.Out out = new dev.vmbench.shell.Out(dumb,
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(org.jline.reader.LineReader.class));
        return new dev.vmbench.shell.ExecCommands(registry, new ResultsLog(dir.resolve("results.jsonl")), out, null,
                new dev.vmbench.workload.Workloads(dir.resolve("workloads.yaml")));
    }

    /**
     * Issue 18's run controls on a live guest: --prepare runs before every run and is not timed; --cold makes
     * every read of a file a read from the disk; a failing --setup stops the series in one line; a scan over {n}
     * gives a result per value with parameters.n alone in the export; without --runs, hyperfine's rule.
     */
    @Test
    void hyperfinesRunControlsInsideTheGuest(@TempDir Path dir) throws Exception {
        List<Series> plain = Bench.run(Bench.newSeriesId(), List.of(vm), Bench.Measure.time("time true"), List.of(
                java.util.Map.of()), Bench.Controls.runs(4, 0), T, null, l -> { }, null);
        Bench.Controls prep = new Bench.Controls(null, null, "sleep 1; echo prepared >> /tmp/prep-count", null, false,
                false, false, 4, 0, 10, 0, 3);
        GuestExec.run(vm, "rm -f /tmp/prep-count", T);
        List<Series> prepared = Bench.run(Bench.newSeriesId(), List.of(vm), Bench.Measure.time("time true"), List.of(
                java.util.Map.of()), prep, T, null, l -> { }, null);
        assertThat(GuestExec.run(vm, "wc -l < /tmp/prep-count", T).output().strip()).isEqualTo("4");
        // the second of sleep 1 before every run is in none of them
        assertThat(prepared.get(0).wall().orElseThrow().mean()).isLessThan(plain.get(0).wall().orElseThrow().mean() + 0.5);
        assertThat(prepared.get(0).conditions().environment()).containsKey("prepare");

        // warm: the first read of the file fills the guest's page cache, the later ones are served from it; cold:
        // every read comes from the disk
        GuestExec.run(vm, Bench.Controls.DROP_CACHES, T);
        Series warm = Bench.run(Bench.newSeriesId(), List.of(vm), Bench.Measure.time("time cat /random.txt > /dev/null"),
                List.of(java.util.Map.of()), Bench.Controls.runs(3, 0), T, null, l -> { }, null).get(0);
        Series cold = Bench.run(Bench.newSeriesId(), List.of(vm), Bench.Measure.time("time cat /random.txt > /dev/null"),
                List.of(java.util.Map.of()), new Bench.Controls(null, null, null, null, true, false, false, 3, 0, 10, 0, 3),
                T, null, l -> { }, null).get(0);
        List<Double> w = warm.times();
        List<Double> c = cold.times();
        assertThat(w.get(0)).as("warm: the first read is the slow one %s", w).isGreaterThan(2 * Math.max(w.get(1), w.get(2)));
        assertThat(java.util.Collections.min(c)).as("cold: every read like the first %s (warm %s)", c, w)
                .isGreaterThan(2 * Math.max(w.get(1), w.get(2)));
        assertThat(cold.conditions().environment().get("cache").toString()).startsWith("cold: ");

        // a failing setup: one line, nothing measured
        dev.vmbench.shell.ExecCommands cmds = commands(dir);
        assertThatThrownBy(() -> benchAll(cmds, "time true", vm.name(), null, null, false, 3, 0, "1m", null, null, null,
                "false", null, null, null, false, false, false, 10, 0, null, null, null))
                .isInstanceOf(VmbenchException.class).hasMessage("--setup 'false' failed on " + vm.name()
                        + " (exit 1); the series stopped (runs so far are in the results log; --ignore-failure goes on)");

        // a scan over {n}: one result per value, parameters.n and nothing else (one VM)
        Path json = dir.resolve("scan.json");
        benchAll(cmds, "time sleep 0.{n}", vm.name(), null, null, false, 2, 0, "1m", json.toString(), null, null, null, null,
                null, null, false, false, false, 10, 0, null, null, new String[] {"n", "1", "2", "3"});
        JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode params = results.get(i).get("parameters");
            assertThat(params.size()).isEqualTo(1);
            assertThat(params.get("n").asText()).isEqualTo(Integer.toString(i + 1));
        }
        assertThat(results.get(2).get("mean").asDouble()).isGreaterThan(results.get(0).get("mean").asDouble());
        assertThatThrownBy(() -> benchAll(cmds, "time true", vm.name(), null, null, false, 2, 0, "1m", null, null, null,
                null, null, null, null, false, false, false, 10, 0, null, null, new String[] {"n", "1,2"}))
                .hasMessage("the command does not use the parameter {n}: put {n} where its value goes");

        // run --repeat takes bench's controls too: prepare before every run, setup and cleanup once
        GuestExec.run(vm, "rm -f /tmp/run-prep /tmp/run-setup /tmp/run-cleanup", T);
        assertThat(cmds.run(vm.name(), "time true", 3, 0, "1m", true, "echo p >> /tmp/run-prep", null, false,
                "echo s >> /tmp/run-setup", "echo c >> /tmp/run-cleanup", false)).contains("3 runs");
        assertThat(GuestExec.run(vm, "wc -l < /tmp/run-prep", T).output().strip()).isEqualTo("3");
        assertThat(GuestExec.run(vm, "cat /tmp/run-setup /tmp/run-cleanup", T).output().strip()).isEqualTo("s\nc");
        // a failing setup stops the series; --ignore-failure goes on
        assertThatThrownBy(() -> cmds.run(vm.name(), "time true", 2, 0, "1m", true, null, null, false, "false", null,
                false)).isInstanceOf(VmbenchException.class).hasMessageStartingWith("--setup 'false' failed on " + vm.name());
        assertThat(cmds.run(vm.name(), "time true", 2, 0, "1m", true, null, null, false, "false", null, true))
                .contains("2 runs");

        // without --runs: hyperfine's rule, at least 10 runs and 3 s of measuring (a 0.4 s command: 3 s would take
        // 8 runs, so 10), and --max-runs caps it (0.05 s: 3 s would take 60)
        assertThat(benchAll(cmds, "time sleep 0.4", vm.name(), null, null, false, 0, 0, "1m", null, null, null, null,
                null, null, null, false, false, false, 10, 0, null, null, null)).containsPattern("\\s10/10\\s");
        assertThat(benchAll(cmds, "time sleep 0.05", vm.name(), null, null, false, 0, 0, "1m", null, null, null, null,
                null, null, null, false, false, false, 2, 3, null, null, null)).containsPattern("\\s3/3\\s");
    }
}
