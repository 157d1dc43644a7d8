package dev.vmbench.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.pty4j.PtyProcess;

import dev.vmbench.text.TerminalText;

/**
 * Another vmbench shell, started on a pty of its own as a person's terminal would start it, for measuring
 * it from outside: when its prompt appears, how much memory it holds. It answers the terminal's cursor
 * position query as a terminal does (JLine asks it).
 */
public final class ShellUnderTest implements AutoCloseable {

    public static final String PROMPT = "vmbench:>";

    private final PtyProcess process;
    private final long startNanos;
    private final StringBuffer seen = new StringBuffer();
    private final Thread reader;

    private ShellUnderTest(PtyProcess process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
        this.reader = new Thread(this::read, "shell-under-test");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts argv on a 150x40 pty with the given variables on top of this environment. */
    public static ShellUnderTest start(dev.vmbench.host.Host host, List<String> argv, Map<String, String> env)
            throws IOException {
        return start(host, argv, env, null);
    }

    /** ... in the given working folder (null: this process's), where relative file names then land. */
    public static ShellUnderTest start(dev.vmbench.host.Host host, List<String> argv, Map<String, String> env,
                                       Path dir) throws IOException {
        Map<String, String> all = new HashMap<>();
        all.put("TERM", "xterm-256color");
        all.putAll(env);
        long t0 = System.nanoTime();
        return new ShellUnderTest(host.startOnPty(new dev.vmbench.host.PtyCommand(argv, all, dir, 150, 40)), t0);
    }

    private void read() {
        byte[] buf = new byte[8192];
        // a character split across two reads is kept whole
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(buf.length + 8);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(buf.length + 8);
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytes.put(buf, 0, n).flip();
                decoder.decode(bytes, chars, false);
                bytes.compact();
                chars.flip();
                String text = chars.toString();
                chars.clear();
                if (text.contains(TerminalText.CURSOR_QUERY)) {
                    send(TerminalText.CURSOR_AT_TOP_LEFT);
                }
                synchronized (seen) {
                    seen.append(text);
                    seen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the pty closed: the shell ended
        }
        synchronized (seen) {
            seen.notifyAll();
        }
    }

    /** Length of the output so far: pass it to {@link #await} to look only at what comes after. */
    public int mark() {
        return seen.length();
    }

    /**
     * Waits until text appears after {@code from}.
     *
     * @return seconds since the process started, at the read that brought the text
     * @throws IOException when the text does not appear in time or the shell ends first
     */
    public double await(String text, int from, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (seen) {
            while (seen.indexOf(text, from) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen.indexOf(text, from) < 0)) {
                    String tail = seen.substring(Math.max(0, seen.length() - 300));
                    throw new IOException("'" + text + "' did not appear within " + timeoutSeconds + " s"
                            + (process.isAlive() ? "" : " (the shell ended)") + "; last output: "
                            + readable(tail));
                }
                seen.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 100_000_000L))));
            }
        }
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Terminal output as one line for an error message: escape sequences gone, whitespace collapsed. */
    static String readable(String output) {
        return TerminalText.plain(output).replaceAll("\\s+", " ").strip();
    }

    /** What JLine writes when a line is accepted (keypad mode off): the line's end, before any output of it. */
    static final String LINE_DONE = "\u001b[?1l";

    /**
     * Types a line and waits for the prompt after it. JLine redraws the prompt while a line is typed (the
     * highlighter colours command names), so only a prompt after the line was accepted counts.
     */
    public String command(String line, long timeoutSeconds) throws IOException, InterruptedException {
        int from = mark();
        send(line + "\r");
        awaitNextPrompt(from, timeoutSeconds);
        return seen.substring(from);
    }

    /** Waits for the prompt that follows the line typed after {@code from} (see {@link #command}). */
    public void awaitNextPrompt(int from, long timeoutSeconds) throws IOException, InterruptedException {
        await(LINE_DONE, from, timeoutSeconds);
        await(PROMPT, seen.indexOf(LINE_DONE, from), timeoutSeconds);
    }

    public void send(String text) {
        sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Types raw bytes, UTF-8 or not, as a terminal would pass them on. */
    public void sendBytes(byte[] bytes) {
        try {
            process.getOutputStream().write(bytes);
            process.getOutputStream().flush();
        } catch (IOException e) {
            // the shell ended; await() reports it
        }
    }

    /** Everything printed since {@code from} (a {@link #mark}). */
    public String output(int from) {
        return seen.substring(Math.min(from, seen.length()));
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the process, from /proc. */
    public static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /** Waits for the process to end; returns true if it did in time. */
    public boolean awaitExit(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** Types exit; if the shell has not ended in 20 s, it and everything it started are killed. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            send("exit\r");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
