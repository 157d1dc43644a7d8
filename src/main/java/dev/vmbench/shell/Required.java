package dev.vmbench.shell;

import dev.vmbench.UsageException;

/** An option a command cannot do without: left out (or given empty), it is a usage error naming it. */
final class Required {

    private Required() {
    }

    /**
     * @param usage how the command is typed, e.g. "memdiff A B"
     * @return the value
     */
    static String value(String value, String option, String usage) {
        if (value == null || value.isBlank()) {
            throw new UsageException(option + " needs a value: " + usage);
        }
        return value;
    }

    /** A count within its range, else a usage error saying the range. */
    static int count(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException("bad " + option + " " + value + ": give " + min + " to " + max);
        }
        return value;
    }
}
