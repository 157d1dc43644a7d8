package dev.vmbench.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a process's entries in the local {@code /proc}. */
public final class ProcFs {

    private ProcFs() {
    }

    /**
     * The process's state letter from {@code /proc/PID/stat} (R running, S sleeping, T stopped by a signal,
     * t stopped by a tracer, Z zombie ...), or empty when the process is gone.
     */
    public static Optional<Character> state(long pid) {
        try {
            return parseState(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The state field of a {@code /proc/PID/stat} line: the first field after the command's closing paren. */
    static Optional<Character> parseState(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return Optional.empty();
        }
        return Optional.of(stat.charAt(close + 2));
    }

    /** Whether the process is stopped by a signal (SIGSTOP, SIGTSTP) or a tracer. */
    public static boolean stopped(long pid) {
        return state(pid).map(c -> c == 'T' || c == 't').orElse(false);
    }
}
