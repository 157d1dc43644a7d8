package dev.vmbench.console;

/** A wait on the console that ended without its match; carries what arrived meanwhile. */
public abstract class ConsoleWaitException extends RuntimeException {

    private final String received;

    protected ConsoleWaitException(String message, String received) {
        super(message);
        this.received = received;
    }

    /** What arrived while waiting, not consumed by an earlier match. */
    public String received() {
        return received;
    }
}
