package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything needed to start a hypervisor process: the exact argv, and files it reads that vmbench
 * writes first (Firecracker's JSON config, for instance).
 *
 * @param argv    the command line, argv[0] being the program
 * @param files   files to write before launch, path to content
 * @param cmdline the guest kernel command line, for display
 */
public record LaunchPlan(List<String> argv, Map<Path, String> files, String cmdline) {

    public LaunchPlan {
        argv = List.copyOf(argv);
        files = Map.copyOf(files);
    }

    /** The argv as a line a user can paste into a POSIX shell. */
    public String commandLine() {
        return argv.stream().map(LaunchPlan::shellQuote).collect(Collectors.joining(" "));
    }

    static String shellQuote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
