package dev.vmbench.guest;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import dev.vmbench.console.Console;

/**
 * A shell reached through a console: what the guest protocol ({@link GuestExec}, {@link GuestShell}) needs
 * of a VM, and no more. A live VM is one; so is a plain shell on a pty, which the protocol's tests use.
 */
public interface Guest {

    String name();

    Console console();

    /** The regular expression of the shell's prompt. */
    String promptRegex();

    /** Held while a command runs, so that two commands never interleave on one console. */
    ReentrantLock commandLock();

    /** Whether the process behind the console still runs. */
    boolean isAlive();

    /** Why a live guest cannot answer now (its hypervisor stopped by SIGSTOP, with how to resume it), if so. */
    default Optional<String> paused() {
        return Optional.empty();
    }

    /** CPU seconds the process behind the console has used so far (user + system), when that can be read. */
    default java.util.OptionalDouble vmmCpuSeconds() {
        return java.util.OptionalDouble.empty();
    }

    /** How it ended, in words ("the guest kernel panicked: ..."), after its console closed; may wait briefly. */
    String endDescription() throws InterruptedException;
}
