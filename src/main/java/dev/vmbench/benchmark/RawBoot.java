package dev.vmbench.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.pty4j.PtyProcess;

/**
 * The baseline vmbench's boot is measured against: the same hypervisor command line on a pty, read by
 * the smallest loop that can see the prompt (no decoder, no scrollback, no listeners), then killed.
 */
public final class RawBoot {

    /** Each read is searched together with this much of what came before, as vmbench's console does. */
    static final int LOOKBACK = 256;

    private RawBoot() {
    }

    /** @return seconds from process start to the read that completed the prompt */
    public static double measure(dev.vmbench.host.Host host, List<String> argv, Pattern prompt, long timeoutSeconds)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        PtyProcess p = host.startOnPty(dev.vmbench.host.PtyCommand.console(argv, null));
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[16 * 1024];
            StringBuilder seen = new StringBuilder();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                long now = System.nanoTime();
                int from = Math.max(0, seen.length() - LOOKBACK);
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (prompt.matcher(seen).region(from, seen.length()).find()) {
                    return (now - t0) / 1e9;
                }
            }
            throw new IOException("raw boot saw no prompt within " + timeoutSeconds + " s");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("raw boot")) {
                throw e;
            }
            throw new IOException("raw boot: the hypervisor ended before the prompt", e);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
