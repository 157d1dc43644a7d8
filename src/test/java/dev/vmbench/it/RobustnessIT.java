package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A shell trusted with live VMs, typed into as a person would (vmbench in a tmux pane): Ctrl-C at the prompt
 * and during commands, Ctrl-D with live VMs, quoting of every character class, a guest shell that exits or is
 * replaced, a stopped hypervisor, a guest panic. One shell and one VM serve the tests in order; every test
 * checks afterwards that the VM still answers, and the last one quits with Ctrl-D.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RobustnessIT {

    static final Duration QUICK = Duration.ofSeconds(30);
    static final Duration BOOT = Duration.ofSeconds(180);

    static Tmux t;
    static ProcessHandle java;
    static List<ProcessHandle> qemus = List.of();

    @BeforeAll
    static void openAShellWithAVm() throws Exception {
        TestImage.get();
        t = Tmux.start("robust", 200, 50);
        t.line("umask 022");
        java = t.openVmbench(TestImage.LAUNCHER.toString());
        int m = t.mark();
        t.line("boot --name g --mem 256M --cpus 1 --log");
        t.waitFor("g is ready", m, BOOT);
        qemus = qemuChildren();
        assertThat(qemus).hasSize(1);
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (java != null && java.isAlive()) {
                java.destroyForcibly();
            }
        } finally {
            if (t != null) {
                t.close();
            }
        }
        for (ProcessHandle q : qemus) {
            Await.until("qemu " + q.pid() + " to end", QUICK, () -> !q.isAlive());
        }
    }

    static List<ProcessHandle> qemuChildren() {
        return java.children().filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                .toList();
    }

    /** g's console as vmbench logs it (boot --log). */
    static String consoleLog() {
        try (var files = Files.list(TestImage.HOME.resolve("state/logs"))) {
            Path log = files.filter(p -> p.getFileName().toString().startsWith("g-")).max(
                    Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** The VM answers a command: nothing above broke it. */
    static void stillAnswers(String vm) throws Exception {
        int before = t.count("alive-" + vm + "-42");
        int m = t.mark();
        t.line("run " + vm + " 'echo alive-" + vm + "-$((6*7))'");
        t.waitForMore("\\nalive-" + vm + "-42\\n", before, QUICK);
        t.waitFor("exit 0.*\\n+vmbench:>\\s*$", m, QUICK); // the prompt is back: keys go to the next line

    }

    @Test
    @Order(1)
    void ctrlCAtThePromptClearsTheLineAndNeverQuits() throws Exception {
        int prompts = t.count("vmbench:>");
        t.type("vms --not-run");
        t.keys("C-c");
        t.waitForMore("vmbench:>", prompts, QUICK); // a new, empty prompt, as bash gives
        prompts = t.count("vmbench:>");
        t.keys("C-c");
        t.waitForMore("vmbench:>", prompts, QUICK);
        int m = t.mark();
        t.line("vms");
        String out = t.waitFor("g\\s*│local\\s*│qemu-microvm.*ready", m, QUICK);
        assertThat(out).doesNotContain("not-run");
        assertThat(java.isAlive()).isTrue();
        stillAnswers("g");
    }

    @Test
    @Order(2)
    void ctrlCDuringAGuestCommandStopsThatCommandOnly() throws Exception {
        int m = t.mark();
        t.line("run g 'echo started-$((6*7)); sleep 300'");
        // run prints the output when the command ends; the console log shows it has started
        Await.until("the guest command to start", QUICK, () -> consoleLog().contains("started-42"));
        t.keys("C-c");
        t.waitFor("Error: interrupted: Ctrl-C was sent to the command in g", m, QUICK);
        t.waitFor("vmbench:>\\s*$", m, QUICK);
        assertThat(java.isAlive()).isTrue();
        stillAnswers("g");
    }

    @Test
    @Order(3)
    void aFifoOrADeviceIsRefusedAtOnceInsteadOfHanging() throws Exception {
        Path fifo = TestImage.HOME.resolve("robust.fifo");
        Files.deleteIfExists(fifo);
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        int m = t.mark();
        t.line("memdiff " + fifo + " g");
        t.waitFor("Error: " + fifo + " is not a regular file", m, QUICK);
        t.line("memdiff /dev/zero g");
        t.waitFor("Error: /dev/zero is not a regular file", m, QUICK);
        Files.deleteIfExists(fifo);
        stillAnswers("g");
    }

    /** Every class of character, typed as the README says, reaches the guest as it was: printf '%s' gives it back. */
    @Test
    @Order(4)
    void everyCharacterClassReachesTheGuestByteForByte() throws Exception {
        List<String> texts = List.of("back\\slash \\\\ \\t \\n", "single ' quote", "double \" quote", "dollar $HOME $(id)",
                "back`tick`", "glob * ? [a] ~ !! !x", "utf-8 é ü 中文 ✓ 🙂", "semi ; amp & pipe | lt < gt >",
                "percent %s %d %%", "  leading and trailing  ");
        for (String text : texts) {
            String guest = "printf '<%s>' " + posixQuote(text);
            String line = "run g " + posixQuote(guest);
            int m = t.mark();
            t.line(line);
            String out = t.waitFor("exit \\d+", m, QUICK);
            assertThat(out).as("typed: %s", line).contains("<" + text + ">").contains("exit 0");
        }
        stillAnswers("g");
    }

    static String posixQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    @Order(5)
    void exitAndExecShInTheGuestAreSaidForWhatTheyAre() throws Exception {
        int m = t.mark();
        t.line("run g 'exit 4'");
        String out = t.waitFor("vmbench:>\\s*$", m, QUICK);
        assertThat(out).contains("shell exited (status 4)")
                .contains("the command ended the guest's shell (exit status 4); a new shell started and answers");
        stillAnswers("g");
        m = t.mark();
        t.line("run g 'exec sh'");
        out = t.waitFor("vmbench:>\\s*$", m, QUICK);
        assertThat(out).contains("shell replaced").contains("a new shell took over the console");
        stillAnswers("g");
    }

    @Test
    @Order(6)
    void aStoppedHypervisorIsSaidAsSuch() throws Exception {
        long pid = qemus.get(0).pid();
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        try {
            int m = t.mark();
            t.line("vms");
            t.waitFor("stopped \\(SIGSTOP\\)", m, QUICK);
            t.line("run g true");
            t.waitFor("Error: g cannot run commands now: its hypervisor \\(pid " + pid + "\\) is stopped \\(SIGSTOP\\): "
                    + "'kill -CONT " + pid + "' on the host resumes it", m, QUICK);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        }
        stillAnswers("g");
    }

    /** busybox asks the terminal where the cursor is after every prompt; a replay must not ask the user's. */
    @Test
    @Order(7)
    void aReplayedTranscriptNeverMakesTheTerminalAnswer() throws Exception {
        Path cast = TestImage.HOME.resolve("robust-replay.cast");
        Files.deleteIfExists(cast);
        int m = t.mark();
        t.line("transcript start --vm g --file " + cast);
        t.waitFor("recording g to", m, QUICK);
        stillAnswers("g");
        t.line("transcript stop");
        t.waitFor("stopped g", m, QUICK);
        assertThat(Files.readString(cast)).containsIgnoringCase("\\u001b[6n"); // the recording holds the queries
        t.line("transcript play --file " + cast + " --speed 20");
        t.waitFor("\\(end of " + cast + "\\)", m, QUICK);
        m = t.mark();
        t.line("vms");
        String out = t.waitFor("vmbench:>\\s*$", m, QUICK);
        assertThat(out).startsWith("vms\n").doesNotContain("No command found").doesNotContainPattern("\\d+;\\d+R");
        stillAnswers("g");
    }

    @Test
    @Order(8)
    void ctrlDWithLiveVmsAsksOnce() throws Exception {
        int m = t.mark();
        t.keys("C-d");
        t.waitFor("1 VM is still running \\(g\\): quitting stops it\\.\\s+Quit and stop it\\? \\[y/N\\]", m, QUICK);
        t.line("n");
        t.waitFor("vmbench:>\\s*$", m, QUICK);
        assertThat(java.isAlive()).isTrue();
        stillAnswers("g");
    }

    @Test
    @Order(9)
    void aGuestPanicIsNamedAndTheOtherVmIsUntouched() throws Exception {
        int m = t.mark();
        t.line("boot --name p --mem 256M --cpus 1");
        t.waitFor("p is ready", m, BOOT);
        List<ProcessHandle> both = qemuChildren();
        m = t.mark();
        t.line("run p 'echo c > /proc/sysrq-trigger'");
        t.waitFor("Error: p died during the command: the guest kernel panicked: Kernel panic - not syncing: sysrq "
                + "triggered crash", m, Duration.ofSeconds(60));
        t.line("vms");
        t.waitFor("dead \\(the guest kernel panicked: Kernel panic - not syncing", m, QUICK);
        assertThat(both).hasSize(2);
        assertThat(qemuChildren()).hasSize(1);
        stillAnswers("g");
    }

    @Test
    @Order(10)
    void ctrlDTwiceQuitsAndStopsTheVms() throws Exception {
        int m = t.mark();
        t.keys("C-d");
        t.waitFor("Quit and stop it\\? \\[y/N\\]", m, QUICK);
        t.keys("C-d");
        ProcessHandle j = java;
        Await.until("the JVM to end", QUICK, () -> !j.isAlive());
        for (ProcessHandle q : qemus) {
            Await.until("qemu " + q.pid() + " to end", Duration.ofSeconds(15), () -> !q.isAlive());
        }
        assertThat(t.screen()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
