package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code target/vmbench}, the launcher the build writes, linked onto PATH as the README says. */
class LauncherIT {

    static final Path LAUNCHER = Path.of("target", "vmbench").toAbsolutePath();

    @Test
    void aLinkOnPathRunsOneShotCommandsWithTheirStatus(@TempDir Path bin) throws Exception {
        assertThat(Files.isExecutable(LAUNCHER)).isTrue();
        assertThat(LAUNCHER.resolveSibling("vmbench-app").resolve("vmbench.jsa")).isNotEmptyFile();
        Files.createSymbolicLink(bin.resolve("vmbench"), LAUNCHER);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "vmbench version && vmbench logs nosuch")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("VMBENCH_HOME", TestImage.HOME.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("Build Version: ").contains("Error: no VM named 'nosuch'");
        assertThat(p.exitValue()).isEqualTo(1);
    }

    @Test
    void itOpensTheInteractiveShell() throws Exception {
        try (Tmux t = Tmux.start("launcher", 150, 40)) {
            long java = t.openVmbench(LAUNCHER.toString()).pid();
            int m = t.mark();
            t.line("help boot");
            t.waitFor("--hypervisor", m, Duration.ofSeconds(20));
            t.line("exit");
            Await.until("the shell to exit", Duration.ofSeconds(20), () -> !Await.alive(java), t::screen);
        }
    }

    /** The README's start-up and memory benchmarks run and print their figures; the figures are not judged. */
    @Test
    void theStartupAndMemoryBenchmarksPrintTheirFigures() throws Exception {
        TestImage.get();
        Cli.Result startup = Cli.run(java.util.Map.of(), "benchmark", "startup", "--runs", "1",
                "--launcher", LAUNCHER.toString(), "--jar", TestImage.JAR.toString(), "--one-shot", "version");
        assertThat(startup.code()).as(startup.out()).isZero();
        assertThat(startup.out()).containsPattern("prompt: vmbench launcher\\s+\\d+\\.\\d{3}")
                .containsPattern("to the prompt: launcher/baseline \\d+\\.\\d\\d \\(median\\)")
                .containsPattern("one-shot 'version': launcher/baseline \\d+\\.\\d\\d");
        Cli.Result memory = Cli.run(java.util.Map.of(), "benchmark", "memory", "--vms", "1",
                "--launcher", LAUNCHER.toString());
        assertThat(memory.code()).as(memory.out()).isZero();
        assertThat(memory.out()).containsPattern("idle at the prompt \\(baseline\\)\\s+\\d+\\.\\d MiB")
                .containsPattern("with 1 live VMs\\s+\\d+\\.\\d MiB");
    }
}
