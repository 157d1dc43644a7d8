package dev.vmbench.vmm;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * A process's CPU seconds sampled over time, kept for a short window, so "CPU used over the last 10 s" can be
 * read at any moment. Thread-safe.
 */
public final class CpuWindow {

    private record Sample(long nanos, double cpu) {
    }

    /** CPU seconds used over wall seconds. */
    public record Usage(double cpuSeconds, double wallSeconds) {

        /** Share of one CPU (1.0 = a whole core busy). */
        public double share() {
            return wallSeconds <= 0 ? 0 : cpuSeconds / wallSeconds;
        }
    }

    private final long keepNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** @param keepSeconds how far back samples are kept (a little more than the longest window asked for) */
    public CpuWindow(double keepSeconds) {
        this.keepNanos = (long) (keepSeconds * 1e9);
    }

    public synchronized void add(long nanos, double cpuSeconds) {
        samples.addLast(new Sample(nanos, cpuSeconds));
        while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > keepNanos) {
            samples.removeFirst();
        }
    }

    /**
     * The CPU seconds used from the newest sample at least {@code seconds} old to the newest sample, with the
     * wall seconds between them; empty until the samples span that long.
     */
    public synchronized Optional<Usage> over(double seconds) {
        if (samples.size() < 2) {
            return Optional.empty();
        }
        Sample last = samples.peekLast();
        Sample from = null;
        for (Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (last.nanos() - s.nanos() >= seconds * 1e9) {
                from = s;
                break;
            }
        }
        if (from == null) {
            return Optional.empty();
        }
        return Optional.of(new Usage(last.cpu() - from.cpu(), (last.nanos() - from.nanos()) / 1e9));
    }
}
