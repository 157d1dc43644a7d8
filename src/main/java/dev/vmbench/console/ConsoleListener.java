package dev.vmbench.console;

/**
 * Receives a console's output, input and markers, in order, each exactly once. How it is called depends on
 * its {@link #delivery()} (see {@link Console} for the threading model):
 * <ul>
 * <li>{@link Delivery#SYNCHRONOUS}: on the console's reader thread, as each chunk is read. It must be quick
 * and never block (no I/O, no waiting): while it runs, nobody drains the hypervisor's pty.</li>
 * <li>{@link Delivery#QUEUED} (the default) and {@link Delivery#LIVE}: on a thread of its own, from a queue
 * the reader fills. It may be slow; it still gets every event, in order, with the time the output arrived.
 * If it falls more than {@link Console#MAX_BACKLOG_BYTES} behind it is dropped: {@link #onDropped} is then its
 * last call.</li>
 * </ul>
 * A listener is never called by two threads at once. It must not throw (what it throws is logged and ignored).
 */
public interface ConsoleListener {

    /** How a listener is called, and what its removal does with what was queued for it. */
    enum Delivery {
        /** On the reader thread, at once: for cheap, non-blocking listeners that need arrival order now. */
        SYNCHRONOUS,
        /**
         * On its own thread, from its own queue. {@link Console#removeListener} delivers what was queued before
         * the removal, then stops (a record: the transcript keeps everything that was read).
         */
        QUEUED,
        /**
         * On its own thread, from its own queue. {@link Console#removeListener} discards what is queued (a
         * screen: output after a detach must not appear).
         */
        LIVE
    }

    /**
     * @param text     decoded output, as it arrived (a chunk, not a line)
     * @param nanoTime {@link System#nanoTime()} when the chunk was read
     */
    void onOutput(String text, long nanoTime);

    /**
     * Text typed into the guest (by a user attached to it, or by vmbench running a command), timed when it was
     * sent, in its place among the output. A synchronous listener hears of it on the writing thread, before
     * it is written.
     */
    default void onInput(String text, long nanoTime) {
    }

    /** A named point in the session, e.g. the start of a timed run. */
    default void onMarker(String label, long nanoTime) {
    }

    /** The console reached end of stream (the hypervisor closed its side), after the last output. Called once. */
    default void onClose() {
    }

    /**
     * The console stopped delivering to this listener because it fell too far behind (a stuck terminal, a
     * hung disk); reason says so ("fell more than 64 MiB behind the console"). The last call: no
     * {@link #onClose} follows. It comes on the listener's own thread once the call it was stuck in returns.
     */
    default void onDropped(String reason) {
    }

    /** How this listener is to be called. */
    default Delivery delivery() {
        return Delivery.QUEUED;
    }

    /** A short name for its thread and for messages, e.g. "transcript". */
    default String label() {
        String n = getClass().getSimpleName();
        return n.isEmpty() || n.contains("$") ? "listener" : n;
    }
}
