package dev.vmbench.guest;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import dev.vmbench.console.Console;
import dev.vmbench.console.ConsoleWatch;

/**
 * A test guest that needs no VM: busybox's shell (the default guest's) on a pty of its own, started the way the
 * guest's init starts it (a loop that starts a new shell when one exits), with the guest's prompt
 * {@code (none):~# }. The guest protocol is tested against it in seconds.
 */
final class PtyShell implements Guest, AutoCloseable {

    static final String BUSYBOX = "/usr/bin/busybox";
    static final String PROMPT = "[#$] ";

    private final String name;
    private static final dev.vmbench.host.ProcessReader PROC = new dev.vmbench.host.ProcessReader(
            new dev.vmbench.host.LocalHost(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))));

    private final PtyProcess process;
    private final Console console;
    private final ReentrantLock lock = new ReentrantLock();

    private PtyShell(String name, PtyProcess process, Console console) {
        this.name = name;
        this.process = process;
        this.console = console;
    }

    /** Starts the shell and waits until it answers, as a VM's boot does. */
    static PtyShell start(String name, boolean restartLoop) throws IOException, InterruptedException {
        String[] argv = restartLoop
                ? new String[] {BUSYBOX, "sh", "-c", "while true; do " + BUSYBOX + " sh -i; done"}
                : new String[] {BUSYBOX, "sh", "-i"};
        PtyProcess p = new PtyProcessBuilder(argv)
                .setEnvironment(Map.of("PS1", "(none):~# ", "HOME", "/tmp", "TERM", "vt100", "PATH",
                        "/usr/bin:/bin", "ENV", "/dev/null"))
                .setRedirectErrorStream(true).setInitialColumns(200).setInitialRows(50).start();
        Console c = new Console(p.getInputStream(), p.getOutputStream(), 2000);
        PtyShell s = new PtyShell(name, p, c);
        try (ConsoleWatch w = c.watch()) {
            c.start("pty-shell-" + name);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            GuestShell.awaitPrompt(w, Pattern.compile(PROMPT), deadline);
            GuestShell.probe(c, w, Pattern.compile(PROMPT), deadline);
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
        return s;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Console console() {
        return console;
    }

    @Override
    public String promptRegex() {
        return PROMPT;
    }

    @Override
    public ReentrantLock commandLock() {
        return lock;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public java.util.Optional<String> paused() {
        return dev.vmbench.host.ProcFs.stopped(process.pid())
                ? java.util.Optional.of("the shell (pid " + process.pid() + ") is stopped (SIGSTOP)")
                : java.util.Optional.empty();
    }

    /** The shell's own CPU seconds, read as a hypervisor's are. */
    @Override
    public java.util.OptionalDouble vmmCpuSeconds() {
        return PROC.cpuSeconds(process.pid());
    }

    @Override
    public String endDescription() throws InterruptedException {
        process.waitFor(5, TimeUnit.SECONDS);
        return process.isAlive() ? "its console closed" : "exit " + process.exitValue();
    }

    /** Waits until the console has ended (the process exited). */
    boolean awaitEnd(Duration d) throws InterruptedException {
        return console.awaitEnd(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        console.close();
    }
}
