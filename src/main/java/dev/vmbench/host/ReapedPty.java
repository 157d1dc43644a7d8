package dev.vmbench.host;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;

/**
 * A pty4j process whose console (its {@code getInputStream}, what the child prints) is closed only once pty4j's
 * reaper thread for it has finished.
 *
 * <p>Why: pty4j's reaper, once the child has exited, wakes the pty's reader by writing a byte into the pty's
 * wake-up pipe, reading the pipe's descriptor number as it does so (unix/UnixPtyProcess.Reaper.run, then
 * Pty.breakRead). Closing the pty frees that pipe's numbers; a pty opened right after (the next VM's) takes them.
 * A reaper that read the number, then lost the CPU until that moment, writes its byte into the NEW pty's pipe,
 * and the new pty's first read returns end of stream with its process alive: the next VM's console "closed"
 * before it printed anything. Reproduced here in 19 of 1,500 back-to-back pty pairs under CPU load, and in none
 * once the close waited for the reaper. This class is that wait.
 */
final class ReapedPty extends PtyProcess {

    private static final Logger log = LoggerFactory.getLogger(ReapedPty.class);
    static final String REAPER = "PtyProcess Reaper for ";
    /** The reaper ends microseconds after the exit is known; this bound is for a reaper that never does. */
    static final long REAPER_WAIT_MS = 5_000;

    private final PtyProcess process;
    private final Thread reaper;
    private InputStream in;

    private ReapedPty(PtyProcess process, Thread reaper) {
        this.process = process;
        this.reaper = reaper;
    }

    /** Reaper threads alive now: taken before a start, to tell the new one apart. */
    static Set<Thread> reapers() {
        return Set.copyOf(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(REAPER))
                .toList());
    }

    /**
     * @param before the reapers alive before {@code process} started
     * @param argv   its command line (the reaper's thread is named after it)
     */
    static PtyProcess of(PtyProcess process, Set<Thread> before, List<String> argv) {
        String name = REAPER + Arrays.toString(argv.toArray());
        List<Thread> mine = reapers().stream().filter(t -> !before.contains(t)).toList();
        if (mine.size() > 1) {
            mine = mine.stream().filter(t -> t.getName().equals(name)).toList();
        }
        if (mine.size() != 1) {
            log.debug("pty4j reaper of {} not found ({} candidates): its console closes without waiting for it",
                    argv, mine.size());
            return new ReapedPty(process, null);
        }
        return new ReapedPty(process, mine.get(0));
    }

    @Override
    public synchronized InputStream getInputStream() {
        if (in == null) {
            in = new FilterInputStream(process.getInputStream()) {
                @Override
                public void close() throws IOException {
                    awaitReaper();
                    super.close();
                }
            };
        }
        return in;
    }

    /** Once the child has exited, lets its reaper finish (and deliver its wake-up byte) first. */
    private void awaitReaper() {
        if (reaper == null || process.isAlive() || reaper == Thread.currentThread()) {
            return;
        }
        try {
            reaper.join(REAPER_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reaper.isAlive()) {
            log.warn("pty4j's reaper for pid {} still running after {} ms; closing its pty anyway", process.pid(),
                    REAPER_WAIT_MS);
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return process.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    @Override
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void destroy() {
        process.destroy();
    }

    @Override
    public Process destroyForcibly() {
        process.destroyForcibly();
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return process.supportsNormalTermination();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    @Override
    public ProcessHandle.Info info() {
        return process.info();
    }

    @Override
    public Stream<ProcessHandle> children() {
        return process.children();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return process.descendants();
    }

    @Override
    public void setWinSize(WinSize winSize) {
        process.setWinSize(winSize);
    }

    @Override
    public WinSize getWinSize() throws IOException {
        return process.getWinSize();
    }

    @Override
    public boolean isConsoleMode() {
        return process.isConsoleMode();
    }

    @Override
    public boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public byte getEnterKeyCode() {
        return process.getEnterKeyCode();
    }
}
