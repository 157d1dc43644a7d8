package dev.vmbench.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.vmbench.VmbenchException;

/**
 * Runs a host program to completion (apt-get, dpkg-deb, mke2fs), with a timeout. A failure is one line:
 * the cause read from the program's output when it names one ({@link ProgramFailure}), else its last line
 * and the caller's hint. An interrupt (Ctrl-C) kills the program and everything it started.
 */
public final class HostCommand {

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int DETAIL_LINES = 20;

    private HostCommand() {
    }

    /**
     * @return what the program printed (stdout and stderr together)
     * @throws VmbenchException when it cannot start, fails or times out
     */
    public static String run(List<String> argv, Path dir, Duration timeout, String hint) throws InterruptedException {
        return run(argv, dir, dir, timeout, hint);
    }

    /**
     * @param writesTo the folder the program writes into, named when it fails for want of space or permission
     */
    public static String run(List<String> argv, Path dir, Path writesTo, Duration timeout, String hint)
            throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before " + argv.get(0) + " started");
        }
        Process p = start(argv, dir, hint);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p));
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(p);
            throw e;
        }
        if (!done) {
            killTree(p);
            throw new VmbenchException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds()
                    + " s; " + hint);
        }
        String out = collect(output);
        if (p.exitValue() != 0) {
            throw failure(argv, p.exitValue(), out, writesTo, hint);
        }
        return out;
    }

    private static Process start(List<String> argv, Path dir, String hint) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new VmbenchException("could not run " + argv.get(0) + ": " + e.getMessage() + "; " + hint, e);
        }
    }

    private static String readAll(Process p) {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String collect(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    static VmbenchException failure(List<String> argv, int exit, String out, Path writesTo, String hint) {
        String program = name(argv);
        return ProgramFailure.explain(program, out, writesTo)
                .map(VmbenchException::new)
                .orElseGet(() -> new VmbenchException(program + " failed (exit " + exit + "): " + lastLine(out)
                        + "; " + hint, tail(out), null));
    }

    /** "apt-get download", "dpkg-deb", "mke2fs": the program and its subcommand, if it has one. */
    static String name(List<String> argv) {
        String program = Path.of(argv.get(0)).getFileName().toString();
        return argv.size() > 1 && argv.get(1).matches("[a-z][a-z-]*") ? program + " " + argv.get(1) : program;
    }

    /**
     * Kills the program and all it started (apt-get's download methods), and waits a little for them to be
     * gone, so nothing writes into a folder the caller is about to delete.
     */
    static void killTree(Process p) {
        List<ProcessHandle> all = new java.util.ArrayList<>(p.descendants().toList());
        all.add(0, p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep the news; we are leaving anyway
                return;
            } catch (ExecutionException | TimeoutException e) {
                // gone or stuck in the kernel: nothing more to do
            }
        }
    }

    static String lastLine(String out) {
        List<String> lines = ProgramFailure.meaningful(out);
        List<String> errors = lines.stream().filter(l -> l.startsWith("E:")).toList();
        List<String> pick = errors.isEmpty() ? lines : errors;
        return pick.isEmpty() ? "(no output)" : ProgramFailure.quote(pick.get(pick.size() - 1));
    }

    private static String tail(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.isEmpty() ? null
                : String.join("\n", lines.subList(Math.max(0, lines.size() - DETAIL_LINES), lines.size()));
    }
}
