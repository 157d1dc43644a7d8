package dev.vmbench.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads a process's entries in the local {@code /proc}. */
public final class ProcFs {

    private ProcFs() {
    }

    /**
     * The process's state letter from {@code /proc/PID/stat} (R running, S sleeping, T stopped by a signal,
     * t stopped by a tracer, Z zombie ...), or empty when the process is gone.
     */
    public static Optional<Character> state(long pid) {
        return text(pid, "stat").flatMap(ProcFs::parseState);
    }

    /** A file of a process's /proc folder, or empty when it is gone or unreadable. */
    static Optional<String> text(long pid, String name) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid)).resolve(name)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The entries of a folder of a process's /proc folder, or empty when it is gone or unreadable. */
    static Optional<List<String>> list(long pid, String name) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid)).resolve(name))) {
            return Optional.of(s.map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The state field of a {@code /proc/PID/stat} line. */
    static Optional<Character> parseState(String stat) {
        try {
            return Optional.of(dev.vmbench.vmm.ProcStat.parse(stat).state());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the process is stopped by a signal (SIGSTOP, SIGTSTP) or a tracer. */
    public static boolean stopped(long pid) {
        return state(pid).map(c -> c == 'T' || c == 't').orElse(false);
    }
}
