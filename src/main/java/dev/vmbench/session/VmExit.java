package dev.vmbench.session;

import java.util.List;

/**
 * How a hypervisor process ended.
 *
 * @param code      the exit status as the shell shows it (128+N for signal N)
 * @param requested true when vmbench ended it on the user's request (stop, kill, exit)
 * @param lastLines the end of the console when it ended
 */
public record VmExit(int code, boolean requested, List<String> lastLines) {

    public VmExit {
        lastLines = List.copyOf(lastLines);
    }

    /** "exit 0", "signal 9 (KILL)". */
    public String describe() {
        if (code > 128 && code < 128 + 65) {
            int sig = code - 128;
            return "exit " + code + ", signal " + sig + signalName(sig);
        }
        return "exit " + code;
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 1 -> " (HUP)";
            case 2 -> " (INT)";
            case 6 -> " (ABRT)";
            case 9 -> " (KILL)";
            case 11 -> " (SEGV)";
            case 15 -> " (TERM)";
            default -> "";
        };
    }
}
