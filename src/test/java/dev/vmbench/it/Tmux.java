package dev.vmbench.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a terminal program as a person would: a private tmux server, a bash in a pane, keys typed with
 * send-keys, the screen read with capture-pane.
 */
public final class Tmux implements AutoCloseable {

    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts a tmux server with one pane running bash, in the given size. */
    public static Tmux start(String name, int width, int height) throws IOException, InterruptedException {
        Tmux t = new Tmux("vmbench-it-" + name + "-" + ProcessHandle.current().pid());
        t.run("new-session", "-d", "-s", "main", "-x", Integer.toString(width), "-y", Integer.toString(height),
                "env", "-i", "PATH=" + System.getenv("PATH"), "HOME=" + System.getProperty("user.home"),
                "TERM=xterm-256color", "LANG=C.UTF-8", "PS1=$ ", "bash", "--norc", "--noprofile");
        t.run("set-option", "-t", "main", "history-limit", "5000");
        return t;
    }

    public String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /**
     * Runs vmbench in the pane (command: "java -jar ..." or the launcher) with the tests' VMBENCH_HOME and
     * waits up to 30 s for its prompt.
     *
     * @return its JVM
     */
    public ProcessHandle openVmbench(String command) throws IOException, InterruptedException {
        line("export VMBENCH_HOME=" + TestImage.HOME);
        line(command);
        waitFor("vmbench:>", 0, Duration.ofSeconds(30));
        return javaChild().orElseThrow();
    }

    /** Types text literally, then Enter. */
    public void line(String text) throws IOException, InterruptedException {
        type(text);
        keys("Enter");
    }

    public void type(String text) throws IOException, InterruptedException {
        run("send-keys", "-t", "main", "-l", text);
    }

    /** Named keys: Enter, Tab, C-c, C-d, C-u ... */
    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** The screen and its scrollback, wrapped lines joined. */
    public String screen() {
        try {
            return run("capture-pane", "-p", "-J", "-t", "main", "-S", "-5000");
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "(capture-pane failed: " + e.getMessage() + ")";
        }
    }

    /** What the pane shows now, and only that (a full-screen view's screen, not the scrollback). */
    public String visible() {
        try {
            return run("capture-pane", "-p", "-t", "main");
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "(capture-pane failed: " + e.getMessage() + ")";
        }
    }

    /** Waits until what the pane shows now matches the regex. */
    public String waitForVisible(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        Await.until("/" + regex + "/ on the visible screen", timeout, () -> p.matcher(visible()).find(), this::visible);
        return visible();
    }

    /** Waits until the screen, after {@code from} chars, matches the regex; returns the new part. */
    public String waitFor(String regex, int from, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        Await.until("/" + regex + "/ on the screen", timeout,
                () -> p.matcher(tail(screen(), from)).find(), this::screen);
        return tail(screen(), from);
    }

    /** How many times the regex matches the whole screen and scrollback now. */
    public int count(String regex) {
        Matcher m = Pattern.compile(regex).matcher(screen());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Waits until the regex matches more often than {@code before} times on the whole screen. Unlike
     * {@link #waitFor} this does not depend on offsets, which shift when a completion menu leaves the screen.
     */
    public void waitForMore(String regex, int before, Duration timeout) throws InterruptedException {
        Await.until("one more /" + regex + "/ on the screen", timeout, () -> count(regex) > before, this::screen);
    }

    /** Length of what the screen holds now: pass it to {@link #waitFor} to look only at what comes after. */
    public int mark() {
        return screen().stripTrailing().length();
    }

    private static String tail(String s, int from) {
        return s.length() <= from ? "" : s.substring(from);
    }

    public long panePid() throws IOException, InterruptedException {
        return Long.parseLong(run("display-message", "-p", "-t", "main", "#{pane_pid}").strip());
    }

    /** The java process started from the pane's bash. */
    public Optional<ProcessHandle> javaChild() throws IOException, InterruptedException {
        return ProcessHandle.of(panePid()).orElseThrow().children()
                .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(false)).findFirst();
    }

    @Override
    public void close() {
        try {
            run("kill-server");
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
