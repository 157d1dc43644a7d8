package dev.vmbench.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads the cause of a failed host program out of what it printed: a full disk, a permission problem, a
 * package apt does not know, a network failure. Each becomes one line that names it and says what to do,
 * instead of the caller's generic hint.
 */
final class ProgramFailure {

    static final String APT_UPDATE = "run 'apt-get update' as root, then try again";
    private static final int MAX_QUOTE = 200;

    private static final List<String> NO_SPACE = List.of("no space left on device", "disk quota exceeded");
    private static final List<String> PERMISSION = List.of("permission denied", "operation not permitted",
            "are you root?");
    private static final List<String> NOT_FOUND = List.of("unable to locate package", "couldn't find any package",
            "has no installation candidate", "no packages found", "can't select candidate version",
            "can't select versions", "404  not found", "404 not found", "is not available");
    private static final List<String> NETWORK = List.of("could not resolve", "temporary failure resolving",
            "could not connect", "connection failed", "connection timed out", "connection refused",
            "unable to connect", "network is unreachable", "failed to fetch");

    private ProgramFailure() {
    }

    /**
     * @param program  the program's name as the user knows it ("apt-get download")
     * @param output   what it printed
     * @param writesTo the folder it was writing into, or null
     * @return the one-line explanation, or empty when the output names no cause vmbench knows
     */
    static Optional<String> explain(String program, String output, Path writesTo) {
        List<String> lines = meaningful(output);
        Optional<String> full = first(lines, NO_SPACE);
        if (full.isPresent()) {
            return Optional.of(program + " failed: no space left on device" + in(writesTo)
                    + ": free some space there and try again");
        }
        Optional<String> denied = first(lines.stream().filter(l -> !l.startsWith("W:")).toList(), PERMISSION);
        if (denied.isPresent()) {
            return Optional.of(program + " failed: permission denied (" + denied.get() + "): "
                    + (writesTo == null ? "run it as a user allowed to do this"
                    : "fix the permissions of " + writesTo + ", or set VMBENCH_HOME to a folder you own"));
        }
        Optional<String> unknown = first(lines, NOT_FOUND);
        if (unknown.isPresent()) {
            return Optional.of(program + " failed: package not found (" + unknown.get() + "): " + APT_UPDATE);
        }
        return first(lines, NETWORK).map(l -> program + " failed: network failure (" + l
                + "): check the network connection and any proxy settings, then try again");
    }

    /**
     * The lines that can explain a failure: apt's "Download is performed unsandboxed as root" warning (it says
     * "Permission denied" about user _apt, and is harmless) is left out.
     */
    static List<String> meaningful(String output) {
        return output.lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.contains("performed unsandboxed")).toList();
    }

    private static Optional<String> first(List<String> lines, List<String> needles) {
        Predicate<String> matches = l -> {
            String lower = l.toLowerCase(Locale.ROOT);
            return needles.stream().anyMatch(lower::contains);
        };
        return lines.stream().filter(matches).findFirst().map(ProgramFailure::quote);
    }

    static String quote(String line) {
        return line.length() <= MAX_QUOTE ? line : line.substring(0, MAX_QUOTE) + "...";
    }

    private static String in(Path folder) {
        return folder == null ? "" : " in " + folder;
    }
}
