package dev.vmbench;

/**
 * An error the user can act on. Its message is one line that says what was wrong and what to do;
 * the shell prints it without a stack trace.
 */
public class VmbenchException extends RuntimeException {

    private final String details;

    public VmbenchException(String message) {
        this(message, null, null);
    }

    public VmbenchException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param details further lines shown under the message (the end of a guest's console, say)
     */
    public VmbenchException(String message, String details, Throwable cause) {
        super(message, cause);
        this.details = details;
    }

    public String details() {
        return details;
    }
}
