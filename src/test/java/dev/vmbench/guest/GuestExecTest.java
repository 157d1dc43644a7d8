package dev.vmbench.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vmbench.VmbenchException;

/**
 * The guest protocol against busybox's shell on a pty (no VM): framing, exit codes, the shell ending or being
 * replaced, timeouts, Ctrl-C, a stopped or dead process. One shell serves every test that leaves it usable.
 */
class GuestExecTest {

    static final Duration T = Duration.ofSeconds(20);
    static PtyShell shell;

    @BeforeAll
    static void start() throws Exception {
        shell = PtyShell.start("sh1", true);
    }

    @AfterAll
    static void stop() {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void outputStatusAndWall() throws Exception {
        ExecResult r = GuestExec.run(shell, "echo hello; echo world >&2; false", T);
        assertThat(r.output()).isEqualTo("hello\nworld\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.ending()).isEqualTo(ExecResult.Ending.COMPLETED);
        assertThat(r.wallSeconds()).isBetween(0.0, 5.0);
        assertThat(GuestExec.run(shell, "exit_is_not_here() { return 7; }; exit_is_not_here", T).exitCode()).isEqualTo(7);
    }

    @Test
    void aCdPersistsAndASyntaxErrorIsStatusTwo() throws Exception {
        GuestExec.run(shell, "cd /usr", T);
        assertThat(GuestExec.run(shell, "pwd", T).output()).isEqualTo("/usr\n");
        GuestExec.run(shell, "cd /tmp", T);
        ExecResult r = GuestExec.run(shell, "if then fi", T);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(GuestExec.run(shell, "echo still", T).output()).isEqualTo("still\n");
    }

    @Test
    void exitStatusesCommentsAndSeveralLinesAreTheCommandsOwn() throws Exception {
        assertThat(GuestExec.run(shell, "no-such-command-here", T).exitCode()).isEqualTo(127);
        assertThat(GuestExec.run(shell, "sh -c 'exit 42'", T).exitCode()).isEqualTo(42);
        assertThat(GuestExec.run(shell, "echo # a comment after\necho second line", T).output())
                .isEqualTo("\nsecond line\n");
        GuestExec.run(shell, "X=42", T);
        assertThat(GuestExec.run(shell, "echo $X", T).output()).isEqualTo("42\n");
    }

    @Test
    void theGuestsTimeAndTheHostsWallAgree() throws Exception {
        ExecResult r = GuestExec.run(shell, "time sleep 0.3", T);
        double real = r.guestTime().orElseThrow().real();
        assertThat(real).isGreaterThanOrEqualTo(0.29);
        assertThat(r.wallSeconds()).isGreaterThanOrEqualTo(real - 0.05).isLessThan(real + 1.0);
    }

    @Test
    void theProcessCpuOfARunAndTheBytesItPrintedAreCounted() throws Exception {
        ExecResult busy = GuestExec.run(shell, "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done", T);
        assertThat(busy.vmmCpuSeconds()).isPresent();
        assertThat(busy.vmmCpuSeconds().getAsDouble()).isGreaterThan(0.05).isLessThan(busy.wallSeconds() + 0.1);
        assertThat(busy.consoleBytes()).isZero();
        ExecResult printing = GuestExec.run(shell, "head -c 5000 /dev/zero | tr '\\0' x", T);
        assertThat(printing.consoleBytes()).isEqualTo(5000);
        assertThat(GuestExec.run(shell, "echo é", T).consoleBytes()).isEqualTo(4); // é is 2 bytes, and the tty's CR LF
    }

    @Test
    void everyCharacterReachesTheShellAsTyped() throws Exception {
        String text = "a\\tb\\n 'q' \"d\" $HOME `x` \\\\ ~ * ! é ✓ %s %%";
        ExecResult r = GuestExec.run(shell, "printf '%s' " + Framing.quote(text), T);
        assertThat(r.output()).isEqualTo(text);
    }

    @Test
    void printedLookalikeMarkersAndPromptsChangeNothing() throws Exception {
        ExecResult r = GuestExec.run(shell, "printf '\\036deadbeefdeadbeef_E0\\n(none):~# \\n'; echo '# $ '; exit_=3; "
                + "printf 'vmbench-x-42\\n'", T);
        assertThat(r.ending()).isEqualTo(ExecResult.Ending.COMPLETED);
        assertThat(r.output()).contains("\u001edeadbeefdeadbeef_E0").contains("# $ ").contains("vmbench-x-42");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aFakeTimeLineIsNeverTheGuestsTime() throws Exception {
        ExecResult r = GuestExec.run(shell, "time true; echo 'real 0m 9.99s'", T);
        assertThat(r.guestTime()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("'real 0m 9.99s'"));
        ExecResult ok = GuestExec.run(shell, "time sleep 0.2", T);
        assertThat(ok.guestTime()).isPresent();
        assertThat(ok.guestTime().get().real()).isBetween(0.15, 3.0);
        assertThat(ok.guestTime().get().format()).isEqualTo("busybox");
    }

    @Test
    void exitEndsTheShellAndTheNewOneIsCheckedWithinSeconds() throws Exception {
        long t0 = System.nanoTime();
        ExecResult r = GuestExec.run(shell, "echo bye; exit 3", T);
        assertThat(r.ending()).isEqualTo(ExecResult.Ending.SHELL_EXITED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).isEqualTo("bye\n");
        assertThat(r.notes()).singleElement().asString().contains("ended the guest's shell (exit status 3)")
                .contains("a new shell started and answers");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(GuestExec.run(shell, "echo again", T).output()).isEqualTo("again\n");
    }

    @Test
    void execShIsANewShellTakingOver() throws Exception {
        ExecResult r = GuestExec.run(shell, "exec " + PtyShell.BUSYBOX + " sh -i", T);
        assertThat(r.ending()).isEqualTo(ExecResult.Ending.SHELL_REPLACED);
        assertThat(r.notes()).singleElement().asString().contains("a new shell took over the console");
        assertThat(GuestExec.run(shell, "echo in-new-shell", T).output()).isEqualTo("in-new-shell\n");
    }

    @Test
    void theTimeoutSendsCtrlCAndTheShellStaysUsable() throws Exception {
        ExecResult r = GuestExec.run(shell, "echo started; sleep 30", Duration.ofSeconds(1));
        assertThat(r.ending()).isEqualTo(ExecResult.Ending.TIMED_OUT);
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.output()).startsWith("started\n");
        assertThat(GuestExec.run(shell, "echo after", T).output()).isEqualTo("after\n");
    }

    @Test
    void ctrlCInVmbenchIsPassedToTheGuest() throws Exception {
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<ExecResult> f = CompletableFuture.supplyAsync(() -> {
            runner.set(Thread.currentThread());
            try {
                return GuestExec.run(shell, "echo go; sleep 30", T);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        dev.vmbench.it.Await.until("the command to start", T, () -> shell.console().scrollback().lastLines(3)
                .stream().anyMatch(l -> l.equals("go")));
        runner.get().interrupt();
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(VmbenchException.class).hasMessageContaining("Ctrl-C was sent to the command");
        assertThat(GuestExec.run(shell, "echo fine", T).output()).isEqualTo("fine\n");
    }

    @Test
    void twoCommandsNeverInterleave() throws Exception {
        shell.commandLock().lock();
        try {
            CompletableFuture<?> other = CompletableFuture.runAsync(() -> assertThatThrownBy(
                    () -> GuestExec.run(shell, "true", T)).hasMessageContaining("busy with another command"));
            other.get(10, TimeUnit.SECONDS);
        } finally {
            shell.commandLock().unlock();
        }
    }

    @Test
    void aStoppedShellIsSaidAtOnceAndADeadOneIsNamed() throws Exception {
        try (PtyShell own = PtyShell.start("sh2", false)) {
            ProcessHandle.of(own.pid()).orElseThrow();
            new ProcessBuilder("kill", "-STOP", Long.toString(own.pid())).start().waitFor();
            dev.vmbench.it.Await.until("the shell to be stopped", T, () -> own.paused().isPresent());
            assertThatThrownBy(() -> GuestExec.run(own, "true", T)).hasMessageContaining("cannot run commands now")
                    .hasMessageContaining("stopped (SIGSTOP)");
            new ProcessBuilder("kill", "-CONT", Long.toString(own.pid())).start().waitFor();
            dev.vmbench.it.Await.until("the shell to run again", T, () -> own.paused().isEmpty());
            assertThat(GuestExec.run(own, "echo resumed", T).output()).isEqualTo("resumed\n");
            // no restart loop here: exit ends the process, and the run says the guest died
            assertThatThrownBy(() -> GuestExec.run(own, "kill -9 $$", T)).isInstanceOf(VmbenchException.class)
                    .hasMessageContaining("sh2 died during the command");
        }
    }
}
