package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attach and transcripts, as a person uses them: vmbench in a tmux pane, keys typed into it, the screen
 * read back; the recording then played by Debian's asciinema.
 */
class AttachIT {

    static final Duration QUICK = Duration.ofSeconds(30);
    static final Duration BOOT = Duration.ofSeconds(150);

    @Test
    void attachTypeInterruptDetachAndTheTranscriptPlays(@TempDir Path dir) throws Exception {
        TestImage.get();
        Path cast = dir.resolve("session.cast");
        ProcessHandle java = null;
        try (Tmux t = Tmux.start("attach", 150, 40)) {
            java = t.openVmbench("java -jar " + TestImage.JAR);
            int m = t.mark();
            t.line("boot");
            t.waitFor("qemu1 is ready", m, BOOT);
            t.line("transcript start --vm qemu1 --file " + cast);
            t.waitFor("recording qemu1 to " + cast, m, QUICK);

            m = t.mark();
            t.line("attach qemu1");
            t.waitFor("Connected to qemu1\\. Escape character is \\^]", m, QUICK);
            t.line("echo hello-from-$((6*7))");
            t.waitFor("\\nhello-from-42", m, QUICK);

            t.line("sleep 300");
            t.waitFor("# sleep 300", m, QUICK);
            t.keys("C-c");
            t.waitFor("\\^C", m, QUICK);
            t.line("echo back-$((1+1))");
            t.waitFor("\\nback-2", m, QUICK); // the guest took Ctrl-C, vmbench did not

            t.keys("C-]");
            t.waitFor("Detached from qemu1 \\(it keeps running\\)\\.\\s+vmbench:>", m, QUICK);
            m = t.mark();
            t.line("vms");
            t.waitFor("qemu1.*ready", m, QUICK);
            t.line("attach nosuch");
            t.waitFor("Error: no VM named 'nosuch'", m, QUICK);
            t.line("transcript stop");
            t.waitFor("stopped qemu1: \\d+ events in " + cast, m, QUICK);
            t.line("exit");
            ProcessHandle j = java;
            Await.until("the JVM to end", QUICK, () -> !j.isAlive());
        } finally {
            if (java != null && java.isAlive()) {
                java.destroyForcibly();
            }
        }
        String played = asciinemaCat(cast);
        assertThat(played).contains("hello-from-42").contains("back-2").contains("^C");
        assertThat(Files.readString(cast)).contains("\"i\", \"echo hello-from-$((6*7))");
    }

    @Test
    void aTranscriptSurvivesSigkillOfVmbench(@TempDir Path dir) throws Exception {
        TestImage.get();
        Path cast = dir.resolve("crash.cast");
        ProcessHandle java = null;
        try (Tmux t = Tmux.start("crash", 150, 40)) {
            java = t.openVmbench("java -jar " + TestImage.JAR);
            int m = t.mark();
            t.line("boot");
            t.waitFor("qemu1 is ready", m, BOOT);
            t.line("transcript start --vm qemu1 --file " + cast);
            t.line("run qemu1 'echo before-the-crash'");
            t.waitFor("before-the-crash\\s+exit 0", m, QUICK);
            java.destroyForcibly();
            ProcessHandle j = java;
            Await.until("the JVM to die", QUICK, () -> !j.isAlive());
        } finally {
            if (java != null && java.isAlive()) {
                java.destroyForcibly();
            }
        }
        String played = asciinemaCat(cast);
        assertThat(played).contains("before-the-crash");
        assertThat(Files.readString(cast)).contains("\"m\", \"run: echo before-the-crash\"");
    }

    @Test
    void attachWithoutATerminalIsAClearErrorAndTheConsoleLogIsWritten() throws Exception {
        TestImage.get();
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", TestImage.JAR.toString())
                .redirectErrorStream(true);
        pb.environment().put("VMBENCH_HOME", TestImage.HOME.toString());
        Process p = pb.start();
        p.getOutputStream().write("boot --name piped --log\nattach piped\nvms\nrun piped 'echo logged-$((2*21))'\nexit\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("piped is ready")
                .contains("Error: attach needs an interactive terminal (input is piped or the terminal is dumb)")
                .containsPattern("piped.*ready");
        assertThat(VmLifecycleIT.qemuProcessesNamed("piped")).isEmpty();
        java.util.regex.Matcher logFile = java.util.regex.Pattern.compile("console log: (\\S+/piped-\\d{8}-\\d{6}(-\\d+)?\\.log)")
                .matcher(out);
        assertThat(logFile.find()).as(out).isTrue();
        String log = Files.readString(Path.of(logFile.group(1)));
        assertThat(log).contains("Run /init as init process").contains("\nlogged-42\n").contains("reboot: Power down")
                .doesNotContain("\r");
    }

    /** asciinema wants a terminal even for cat: give it one with script(1). */
    static String asciinemaCat(Path cast) throws Exception {
        Process p = new ProcessBuilder(List.of("script", "-qec", "asciinema cat " + cast, "/dev/null"))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
