package dev.vmbench.console;

/**
 * Receives a console's output, in order, on the console's reader thread. Implementations must be
 * quick (hand slow work to a queue of their own) and must not throw.
 */
public interface ConsoleListener {

    /**
     * @param text     decoded output, as it arrived (a chunk, not a line)
     * @param nanoTime {@link System#nanoTime()} when the chunk was read
     */
    void onOutput(String text, long nanoTime);

    /**
     * Text typed into the guest (by a user attached to it, or by vmbench running a command), on the
     * writing thread, before it is written.
     */
    default void onInput(String text, long nanoTime) {
    }

    /** A named point in the session, e.g. the start of a timed run. */
    default void onMarker(String label, long nanoTime) {
    }

    /** The console reached end of stream (the hypervisor closed its side). Called once. */
    default void onClose() {
    }
}
