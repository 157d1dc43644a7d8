package dev.vmbench.console;

/** The deadline passed before what was waited for arrived. */
public class ConsoleTimeoutException extends ConsoleWaitException {

    public ConsoleTimeoutException(String message, String received) {
        super(message, received);
    }
}
