package dev.vmbench.profile;

import dev.vmbench.UsageException;

/**
 * A boot option with a value vmbench cannot use. The message is the problem alone ("bad memory size
 * 'banana': ..."); {@link #key()} says which option it was, so a profile file can name the line it sits on.
 */
public class BadOptionException extends UsageException {

    private final String key;

    /**
     * @param key the option as a profile spells it (see {@link BootOptions#KEYS}), e.g. {@code mem}
     */
    public BadOptionException(String key, String problem) {
        super(problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
