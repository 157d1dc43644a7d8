package dev.vmbench;

/**
 * A mistake in what the user typed (a bad option value, a count out of range, an unknown name): one line
 * saying what was wrong and how to type it; exit status 2 from the command line, as usage errors have.
 */
public class UsageException extends VmbenchException {

    public UsageException(String message) {
        super(message);
    }
}
