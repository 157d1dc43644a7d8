package dev.vmbench.session;

import java.util.List;

/**
 * How a hypervisor process ended.
 *
 * @param code      the exit status as the shell shows it (128+N for signal N)
 * @param requested true when vmbench ended it on the user's request (stop, kill, exit)
 * @param lastLines the end of the console when it ended
 * @param lostHost  the host whose SSH connection was lost, ending the VM's console (null: not so)
 */
public record VmExit(int code, boolean requested, List<String> lastLines, String lostHost) {

    public VmExit(int code, boolean requested, List<String> lastLines) {
        this(code, requested, lastLines, null);
    }

    /** The kernel's panic line, which names the panic after the colon. */
    public static final String PANIC = "Kernel panic - not syncing";

    public VmExit {
        lastLines = List.copyOf(lastLines);
    }

    /** The guest's panic line ("Kernel panic - not syncing: Attempted to kill init! ..."), if it printed one. */
    public java.util.Optional<String> panic() {
        return lastLines.stream().filter(l -> l.contains(PANIC) && !l.contains("end " + PANIC)).findFirst()
                .map(l -> l.substring(l.indexOf(PANIC)).strip());
    }

    /**
     * What happened, in words: "the guest kernel panicked: ... (exit 0)", "the guest powered off or rebooted
     * (exit 0)", "killed by signal 9 (KILL)", "stopped (exit 0)" for a requested end.
     */
    public String describe() {
        String status = status();
        if (requested) {
            return "stopped (" + status + ")";
        }
        if (lostHost != null) {
            return "connection to " + lostHost + " lost";
        }
        java.util.Optional<String> panic = panic();
        if (panic.isPresent()) {
            return "the guest kernel panicked: " + panic.get() + " (" + status + ")";
        }
        if (code == 0) {
            return "the guest powered off or rebooted (" + status + ")";
        }
        if (code > 128 && code < 128 + 65) {
            return "the hypervisor was killed (" + status + ")";
        }
        return "the hypervisor failed (" + status + ")";
    }

    /** "exit 0", "exit 137, signal 9 (KILL)". */
    public String status() {
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
