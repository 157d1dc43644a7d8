package dev.vmbench.shell;

import org.springframework.boot.ExitCodeGenerator;

/**
 * The exit status of a one-shot command ({@code vmbench COMMAND ...}): 0 when it succeeded, 1 when it failed,
 * 2 for a usage error (an unknown command or option, a bad value), 130 when interrupted.
 */
public final class ExitStatus implements ExitCodeGenerator {

    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERRUPTED = 130;

    private volatile int code;

    public void set(int code) {
        this.code = code;
    }

    /** Keeps the first failure of a command: a later success does not hide it. */
    public void fail(int code) {
        if (this.code == 0) {
            this.code = code;
        }
    }

    @Override
    public int getExitCode() {
        return code;
    }
}
