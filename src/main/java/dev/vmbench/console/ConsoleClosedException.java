package dev.vmbench.console;

/** The console ended (the hypervisor exited) before what was waited for arrived. */
public class ConsoleClosedException extends RuntimeException {

    private final String received;

    public ConsoleClosedException(String message, String received) {
        super(message);
        this.received = received;
    }

    /** What arrived while waiting. */
    public String received() {
        return received;
    }
}
