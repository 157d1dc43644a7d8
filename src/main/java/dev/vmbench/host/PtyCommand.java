package dev.vmbench.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program to start on a pseudo-terminal of its own: the hypervisor of a VM (whose serial console is then that
 * pty), or another shell measured from outside.
 *
 * @param argv    the command line, argv[0] the program
 * @param env     variables set on top of the host's environment (TERM included)
 * @param dir     the working folder, or null for the host's default
 * @param columns the pty's width
 * @param rows    its height
 */
public record PtyCommand(List<String> argv, Map<String, String> env, Path dir, int columns, int rows) {

    public PtyCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** A hypervisor's console: a vt100 the size of a roomy terminal. */
    public static PtyCommand console(List<String> argv, Path dir) {
        return new PtyCommand(argv, Map.of("TERM", "vt100"), dir, 160, 50);
    }
}
