package dev.vmbench.console;

/** The deadline passed before what was waited for arrived. */
public class ConsoleTimeoutException extends RuntimeException {

    private final String received;

    public ConsoleTimeoutException(String message, String received) {
        super(message);
        this.received = received;
    }

    /** What arrived while waiting. */
    public String received() {
        return received;
    }
}
