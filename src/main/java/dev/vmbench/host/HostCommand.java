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

import dev.vmbench.VmbenchException;

/** Runs a host program to completion (apt-get, dpkg-deb, mke2fs), with a timeout. */
public final class HostCommand {

    private HostCommand() {
    }

    /**
     * @return what the program printed (stdout and stderr together)
     * @throws VmbenchException when it cannot start, fails or times out; the message carries its last output
     */
    public static String run(List<String> argv, Path dir, Duration timeout, String hint) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new VmbenchException("could not run " + argv.get(0) + ": " + e.getMessage() + "; " + hint, e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // the program may have exited already; its status says the rest
        }
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        if (!done) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new VmbenchException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds()
                    + " s; " + hint);
        }
        String out;
        try {
            out = output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            out = "";
        }
        if (p.exitValue() != 0) {
            throw new VmbenchException(argv.get(0) + " failed (exit " + p.exitValue() + "): " + lastLine(out)
                    + "; " + hint, out.strip(), null);
        }
        return out;
    }

    static String lastLine(String out) {
        List<String> lines = out.strip().lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }
}
