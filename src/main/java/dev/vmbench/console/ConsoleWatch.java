package dev.vmbench.console;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expect-style reader of one console: a FIFO of everything printed since it was opened, which
 * {@link #await} searches and consumes up to each match. Open it before writing to the guest, so
 * that no reply can slip past. Close it when done (it stops buffering).
 */
public final class ConsoleWatch implements ConsoleListener, AutoCloseable {

    /** Oldest text is dropped past this many buffered chars, so a forgotten watch cannot grow forever. */
    static final int MAX_BUFFER = 8 * 1024 * 1024;

    /**
     * A search after new output re-reads only this many chars before the new text, so waiting through a
     * long boot log that arrives a few bytes per read costs linear, not quadratic, time (under TCG the guest
     * competes with vmbench for the host's CPUs). A match must be shorter than this; prompts and markers are.
     */
    static final int LOOKBACK = 256;

    private final Console console;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder buffer = new StringBuilder();
    /** The nanoTime of the newest chunk. */
    private long lastArrival;
    /** Absolute offset (since the watch opened) of buffer[0]. */
    private long base;
    /** Each buffered chunk's absolute end offset and arrival time, oldest first. */
    private final java.util.ArrayDeque<long[]> chunks = new java.util.ArrayDeque<>();
    private boolean closed;
    /** What {@link #await} is waiting for; the reader thread wakes it only when this matches. */
    private Pattern awaited;
    private boolean awaitedFound;

    ConsoleWatch(Console console) {
        this.console = console;
    }

    /**
     * A match found in the console output.
     *
     * @param before   what was printed between the previous match (or the opening) and this one
     * @param matched  the matched text
     * @param groups   the regex groups, index 0 being the whole match
     * @param nanoTime when the chunk holding the match's last char was read
     */
    public record Match(String before, String matched, String[] groups, long nanoTime) {
        public String group(int i) {
            return groups[i];
        }
    }

    /** On the reader thread: a match's time is the arrival of its bytes, and an await wakes at once. */
    @Override
    public Delivery delivery() {
        return Delivery.SYNCHRONOUS;
    }

    @Override
    public String label() {
        return "watch";
    }

    @Override
    public void onOutput(String text, long nanoTime) {
        lock.lock();
        try {
            int before = buffer.length();
            buffer.append(text);
            if (buffer.length() > MAX_BUFFER) {
                int drop = buffer.length() - MAX_BUFFER;
                consume(drop);
                before = Math.max(0, before - drop);
            }
            lastArrival = nanoTime;
            chunks.addLast(new long[] {base + buffer.length(), nanoTime});
            if (awaited != null && !awaitedFound && find(awaited, Math.max(0, before - LOOKBACK)) != null) {
                awaitedFound = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClose() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code pattern} matches the buffered output, then consumes through the match.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @throws ConsoleTimeoutException when the deadline passes first
     * @throws ConsoleClosedException  when the console ends first
     * @throws InterruptedException    when the waiting thread is interrupted (Ctrl-C in the shell)
     */
    public Match await(Pattern pattern, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            int from = 0;
            awaited = pattern;
            while (true) {
                awaitedFound = false;
                Matcher m = find(pattern, from);
                if (m != null) {
                    String[] groups = new String[m.groupCount() + 1];
                    for (int i = 0; i < groups.length; i++) {
                        groups[i] = m.group(i);
                    }
                    Match match = new Match(buffer.substring(0, m.start()), m.group(), groups,
                            arrivalOf(base + m.end()));
                    consume(m.end());
                    return match;
                }
                from = Math.max(0, buffer.length() - LOOKBACK);
                if (closed) {
                    throw new ConsoleClosedException("console closed while waiting for /" + pattern + "/",
                            buffer.toString());
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new ConsoleTimeoutException("timed out waiting for /" + pattern + "/", buffer.toString());
                }
                changed.awaitNanos(left);
            }
        } finally {
            awaited = null;
            lock.unlock();
        }
    }

    /** When the chunk holding the char before absolute offset {@code end} arrived. Caller holds the lock. */
    private long arrivalOf(long end) {
        for (long[] c : chunks) {
            if (c[0] >= end) {
                return c[1];
            }
        }
        return lastArrival;
    }

    /** Drops the first n buffered chars. Caller holds the lock. */
    private void consume(int n) {
        buffer.delete(0, n);
        base += n;
        while (!chunks.isEmpty() && chunks.peekFirst()[0] <= base) {
            chunks.removeFirst();
        }
    }

    /** Searches the buffer from {@code from}; lookbehind may see text before it. Caller holds the lock. */
    private Matcher find(Pattern pattern, int from) {
        Matcher m = pattern.matcher(buffer).useTransparentBounds(true).useAnchoringBounds(false);
        m.region(Math.min(from, buffer.length()), buffer.length());
        return m.find() ? m : null;
    }

    /** Waits with a timeout instead of a deadline. */
    public Match await(Pattern pattern, long timeout, TimeUnit unit) throws InterruptedException {
        return await(pattern, System.nanoTime() + unit.toNanos(timeout));
    }

    /** Everything buffered and not yet consumed. */
    public String pending() {
        lock.lock();
        try {
            return buffer.toString();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        console.removeListener(this);
        lock.lock();
        try {
            consume(buffer.length());
        } finally {
            lock.unlock();
        }
    }
}
