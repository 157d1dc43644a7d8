package dev.vmbench.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code sh} on a host, over the shared SSH connection, for the facts read often ({@code /proc}
 * of a hypervisor before and after every command, its state): a question costs one round trip on the link
 * instead of an ssh process started here. Each answer ends with a line of its own carrying a fresh marker and
 * the exit status. Not thread-safe: {@link SshHost} asks one question at a time.
 */
final class RemoteShell implements AutoCloseable {

    /** What came back: the output, and how the command ended. */
    record Answer(int code, String out) {
    }

    private static final Object EOF = new Object();

    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private long asked;

    RemoteShell(List<String> sshArgv) throws IOException {
        process = new ProcessBuilder(sshArgv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        in = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the shell or the link ended: EOF below says so
            }
            lines.add(EOF);
        }, "ssh-shell");
        reader.setDaemon(true);
        reader.start();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * @return the answer, or null when the shell ended or did not answer in time (it is then ended: ask ssh)
     */
    Answer ask(String script, Duration timeout) throws InterruptedException {
        String marker = "vmbench-answer-" + (++asked) + "-" + Long.toHexString(System.nanoTime());
        try {
            // the command's own output may lack a final newline: the marker line starts on a line of its own
            in.write(("{ " + script + "\n} </dev/null 2>/dev/null; printf '\\n" + marker + " %d\\n' $?\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            close();
            return null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder out = new StringBuilder();
        while (true) {
            Object o = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (o == null || o == EOF) {
                close();
                return null;
            }
            String line = (String) o;
            if (line.startsWith(marker + " ")) {
                String text = out.toString();
                if (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1); // the newline printed before the marker
                }
                return new Answer(Integer.parseInt(line.substring(marker.length() + 1).strip()), text);
            }
            out.append(line).append('\n');
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
