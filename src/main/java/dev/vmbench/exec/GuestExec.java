package dev.vmbench.exec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.vmbench.VmbenchException;
import dev.vmbench.console.ConsoleClosedException;
import dev.vmbench.console.ConsoleTimeoutException;
import dev.vmbench.console.ConsoleWatch;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmSession;

/** Runs a command in a live guest's shell through its console, framed (see {@link Framing}). */
public final class GuestExec {

    /** How long an interrupted command gets to give the prompt back. */
    static final Duration AFTER_INTERRUPT = Duration.ofSeconds(15);

    private GuestExec() {
    }

    public static ExecResult run(VmSession vm, String command, Duration timeout) throws InterruptedException {
        Framing f = Framing.of(command);
        if (!vm.isAlive()) {
            throw dead(vm, "before");
        }
        if (!vm.commandLock().tryLock()) {
            throw new VmbenchException(vm.name() + " is busy with another command: wait for it, or use another VM");
        }
        Pattern prompt = Pattern.compile(vm.spec().promptRegex());
        Instant startedAt = Instant.now();
        try (ConsoleWatch w = vm.console().watch()) {
            vm.console().mark("run: " + command);
            vm.console().send(f.line() + "\n");
            long deadline = System.nanoTime() + timeout.toNanos();
            ConsoleWatch.Match start = null;
            try {
                start = w.await(f.start(), deadline);
                ConsoleWatch.Match end = w.await(f.end(), deadline);
                w.await(prompt, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                String output = Framing.clean(end.before());
                Optional<GuestTime> gt = TimeParser.isTimed(command) ? TimeParser.parse(output) : Optional.empty();
                return new ExecResult(vm.name(), command, output, Integer.parseInt(end.group(1)), false,
                        (end.nanoTime() - start.nanoTime()) / 1e9, gt, startedAt);
            } catch (InterruptedException e) {
                // Ctrl-C in vmbench while a guest command runs: pass it on to the guest, as a terminal would
                vm.console().send("\u0003");
                try {
                    w.await(prompt, System.nanoTime() + AFTER_INTERRUPT.toNanos());
                } catch (ConsoleTimeoutException | ConsoleClosedException again) {
                    // reported below either way; the VM's state tells the rest
                }
                throw new VmbenchException("interrupted: Ctrl-C was sent to the command in " + vm.name());
            } catch (ConsoleTimeoutException e) {
                String sofar = e.received();
                if (start == null) {
                    int at = sofar.indexOf("\u001e" + f.nonce() + "_S");
                    sofar = at < 0 ? "" : sofar.substring(Math.min(sofar.length(), sofar.indexOf('\n', at) + 1));
                }
                return interrupt(vm, w, prompt, command, Framing.clean(sofar), startedAt, timeout);
            }
        } catch (ConsoleClosedException e) {
            throw dead(vm, "during");
        } catch (IOException e) {
            throw new VmbenchException("could not type into " + vm.name() + "'s console: " + e.getMessage(), e);
        } finally {
            vm.commandLock().unlock();
        }
    }

    /** Ctrl-C to the guest's foreground command, then wait for the shell to come back. */
    private static ExecResult interrupt(VmSession vm, ConsoleWatch w, Pattern prompt, String command,
                                        String output, Instant startedAt, Duration timeout)
            throws IOException, InterruptedException {
        vm.console().send("\u0003");
        long deadline = System.nanoTime() + AFTER_INTERRUPT.toNanos();
        try {
            w.await(prompt, deadline);
        } catch (ConsoleTimeoutException e) {
            throw new VmbenchException(vm.name() + ": the command did not stop on Ctrl-C within "
                    + AFTER_INTERRUPT.toSeconds() + " s after the " + timeout.toSeconds()
                    + " s timeout; the VM is still running ('logs " + vm.name() + "', or 'stop " + vm.name() + "')");
        }
        return new ExecResult(vm.name(), command, output, 130, true, timeout.toNanos() / 1e9, Optional.empty(),
                startedAt);
    }

    private static VmbenchException dead(VmSession vm, String when) throws InterruptedException {
        vm.awaitExit(Duration.ofSeconds(5));
        String how = vm.exit().map(VmExit::describe).orElse("its console closed");
        return new VmbenchException(vm.name() + " died " + when + " the command (" + how + "): 'logs " + vm.name()
                + "' shows its last output");
    }
}
