package dev.vmbench.console;

/** The console ended (the hypervisor exited) before what was waited for arrived. */
public class ConsoleClosedException extends ConsoleWaitException {

    public ConsoleClosedException(String message, String received) {
        super(message, received);
    }
}
