package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything needed to start a hypervisor process: the exact argv, and files it reads that vmbench
 * writes first (Firecracker's JSON config, for instance).
 *
 * @param argv      the command line, argv[0] being the program
 * @param files     files to write (0600) before launch, path to content
 * @param diskCopy  a disk image to copy before launch (source to target), or null: a hypervisor that
 *                  cannot overlay a disk gets a private copy so that the shared image stays pristine
 * @param cmdline   the guest kernel command line, for display
 * @param powerOff  what to type into the guest shell to end the VM cleanly
 * @param emptied   files the hypervisor writes without truncating (Firecracker's log): created, or emptied,
 *                  before launch
 * @param hypervisorLog where the hypervisor's own log goes, or null when it has none apart from the console
 * @param sparse   files to create empty and sparse (0600) before launch, path to size in bytes: a scratch disk
 */
public record LaunchPlan(List<String> argv, Map<Path, String> files, Map.Entry<Path, Path> diskCopy, String cmdline,
                         String powerOff, List<Path> emptied, Path hypervisorLog, Map<Path, Long> sparse) {

    public LaunchPlan {
        argv = List.copyOf(argv);
        files = Map.copyOf(files);
        emptied = emptied == null ? List.of() : List.copyOf(emptied);
        sparse = sparse == null ? Map.of() : Map.copyOf(sparse);
    }

    public LaunchPlan(List<String> argv, Map<Path, String> files, Map.Entry<Path, Path> diskCopy, String cmdline,
                      String powerOff, List<Path> emptied, Path hypervisorLog) {
        this(argv, files, diskCopy, cmdline, powerOff, emptied, hypervisorLog, Map.of());
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
