package dev.vmbench.guest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

import dev.vmbench.VmbenchException;
import dev.vmbench.console.ConsoleClosedException;
import dev.vmbench.console.ConsoleTimeoutException;
import dev.vmbench.console.ConsoleWatch;
import dev.vmbench.text.TerminalText;

/**
 * Runs a command in a guest's shell through its console, framed (see {@link Framing}), and tells how it
 * ended: the command's end (its output, status and times), the shell's own end ({@code exit}: a new shell
 * is awaited and checked), a new shell taking over ({@code exec sh}), the timeout (Ctrl-C to the guest),
 * Ctrl-C in vmbench (passed on to the guest), a hypervisor stopped by SIGSTOP, or the VM's death.
 *
 * <p>Deadlines of one run, written down once:
 * <ul>
 * <li>the command: the caller's timeout, from the moment the line is typed to the end marker;</li>
 * <li>the prompt after the end marker: {@link #PROMPT_AFTER_END};</li>
 * <li>after Ctrl-C (the timeout's, or the user's): {@link #AFTER_INTERRUPT} for the prompt to come back;</li>
 * <li>after the shell ended or was replaced: {@link #NEW_SHELL} for a new shell to answer the probe;</li>
 * <li>while waiting, the hypervisor's state is looked at every {@link #CHECK_EVERY}, so a stopped one is
 * reported at once instead of at the timeout.</li>
 * </ul>
 */
public final class GuestExec {

    static final Duration PROMPT_AFTER_END = Duration.ofSeconds(30);
    static final Duration AFTER_INTERRUPT = Duration.ofSeconds(15);
    static final Duration NEW_SHELL = Duration.ofSeconds(15);
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private GuestExec() {
    }

    public static ExecResult run(Guest g, String command, Duration timeout) throws InterruptedException {
        Framing f = Framing.of(command);
        if (!g.isAlive()) {
            throw dead(g, "before");
        }
        Optional<String> paused = g.paused();
        if (paused.isPresent()) {
            throw new VmbenchException(g.name() + " cannot run commands now: " + paused.get());
        }
        if (!g.commandLock().tryLock()) {
            throw new VmbenchException(g.name() + " is busy with another command: wait for it, or use another VM");
        }
        Pattern prompt = Pattern.compile(g.promptRegex());
        Instant startedAt = Instant.now();
        try (ConsoleWatch w = g.console().watch()) {
            g.console().mark("run: " + command);
            OptionalDouble cpuBefore = g.vmmCpuSeconds();
            g.console().send(f.line() + "\n");
            long deadline = System.nanoTime() + timeout.toNanos();
            Run run = new Run(g, w, prompt, command, startedAt, cpuBefore);
            try {
                run.start = run.await(f.start(), deadline);
                ConsoleWatch.Match out = run.await(f.outcome(g.promptRegex()), deadline);
                if (out.group(1) != null) {
                    return run.completed(out, Integer.parseInt(out.group(1)));
                }
                if (out.group(2) != null) {
                    return run.shellExited(out, Integer.parseInt(out.group(2)));
                }
                return run.shellReplaced(out, f, deadline);
            } catch (InterruptedException e) {
                // Ctrl-C in vmbench while a guest command runs: pass it on to the guest, as a terminal would
                g.console().send("\u0003");
                try {
                    w.await(prompt, System.nanoTime() + AFTER_INTERRUPT.toNanos());
                } catch (ConsoleTimeoutException | ConsoleClosedException again) {
                    // reported below either way; the VM's state tells the rest
                }
                throw new VmbenchException("interrupted: Ctrl-C was sent to the command in " + g.name());
            } catch (ConsoleTimeoutException e) {
                return run.timedOut(e, f, timeout);
            }
        } catch (ConsoleClosedException e) {
            throw dead(g, "during");
        } catch (IOException e) {
            throw new VmbenchException("could not type into " + g.name() + "'s console: " + e.getMessage(), e);
        } finally {
            g.commandLock().unlock();
        }
    }

    /** One run under way: the guest, its watch and what has been seen so far. */
    private static final class Run {
        final Guest g;
        final ConsoleWatch w;
        final Pattern prompt;
        final String command;
        final Instant startedAt;
        final OptionalDouble cpuBefore;
        ConsoleWatch.Match start;

        Run(Guest g, ConsoleWatch w, Pattern prompt, String command, Instant startedAt, OptionalDouble cpuBefore) {
            this.cpuBefore = cpuBefore;
            this.g = g;
            this.w = w;
            this.prompt = prompt;
            this.command = command;
            this.startedAt = startedAt;
        }

        /** Awaits a pattern, looking at the hypervisor's state now and then: a stopped one is said at once. */
        ConsoleWatch.Match await(Pattern p, long deadline) throws InterruptedException {
            while (true) {
                long slice = Math.min(deadline, System.nanoTime() + CHECK_EVERY.toNanos());
                try {
                    return w.await(p, slice);
                } catch (ConsoleTimeoutException e) {
                    if (slice >= deadline) {
                        throw e;
                    }
                    Optional<String> paused = g.paused();
                    if (paused.isPresent()) {
                        throw new VmbenchException(g.name() + " stopped answering during the command: " + paused.get());
                    }
                }
            }
        }

        /** The hypervisor's CPU seconds since the line was typed. */
        OptionalDouble vmmCpu() {
            OptionalDouble after = g.vmmCpuSeconds();
            // to the microsecond: /proc counts in clock ticks, and the subtraction would add float noise
            return cpuBefore.isPresent() && after.isPresent() ? OptionalDouble.of(Math.max(0,
                    Math.round((after.getAsDouble() - cpuBefore.getAsDouble()) * 1e6) / 1e6)) : OptionalDouble.empty();
        }

        ExecResult completed(ConsoleWatch.Match end, int status) throws InterruptedException {
            OptionalDouble cpu = vmmCpu();
            await(prompt, System.nanoTime() + PROMPT_AFTER_END.toNanos());
            String output = TerminalText.commandOutput(end.before());
            double wall = (end.nanoTime() - start.nanoTime()) / 1e9;
            List<String> notes = new ArrayList<>();
            Optional<GuestTime> time = Optional.empty();
            if (TimeParser.isTimed(command)) {
                TimeParser.Reading r = TimeParser.read(output);
                notes.addAll(r.notes());
                time = r.time().filter(t -> believable(t, wall, notes));
            }
            return new ExecResult(g.name(), command, output, status, ExecResult.Ending.COMPLETED, wall, time,
                    startedAt, notes, cpu, bytes(end.before()));
        }

        /** The command ended the shell ({@code exit}): a new shell (init starts one) is awaited and probed. */
        ExecResult shellExited(ConsoleWatch.Match marker, int status) throws InterruptedException, IOException {
            String next;
            try {
                GuestShell.awaitPrompt(w, prompt, System.nanoTime() + NEW_SHELL.toNanos());
                GuestShell.probe(g.console(), w, prompt, System.nanoTime() + NEW_SHELL.toNanos());
                next = "; a new shell started and answers (the VM is usable)";
            } catch (ConsoleTimeoutException e) {
                next = "; no new shell answered within " + NEW_SHELL.toSeconds() + " s: 'logs " + g.name()
                        + "' shows the console, 'stop " + g.name() + "' ends the VM";
            }
            return ended(marker, status, ExecResult.Ending.SHELL_EXITED,
                    "the command ended the guest's shell (exit status " + status + ")" + next);
        }

        /**
         * A prompt with busybox's cursor query came before the end marker: most likely a new shell ({@code exec sh},
         * or an interactive shell the command started). The probe tells; if nothing answers it, the output only
         * looked like a prompt and the run goes on as before (the probe line went to the command's input).
         */
        ExecResult shellReplaced(ConsoleWatch.Match seen, Framing f, long deadline)
                throws InterruptedException, IOException {
            try {
                GuestShell.probe(g.console(), w, prompt, System.nanoTime() + NEW_SHELL.toNanos());
            } catch (ConsoleTimeoutException e) {
                ConsoleWatch.Match out = await(f.endOrExit(), deadline);
                return out.group(1) != null ? completed(out, Integer.parseInt(out.group(1)))
                        : shellExited(out, Integer.parseInt(out.group(2)));
            }
            return ended(seen, -1, ExecResult.Ending.SHELL_REPLACED, "a new shell took over the console (exec, or an"
                    + " interactive shell the command started) and answers; the command's exit status is unknown and"
                    + " later commands run in the new shell");
        }

        private ExecResult ended(ConsoleWatch.Match m, int status, ExecResult.Ending ending, String note) {
            return new ExecResult(g.name(), command, TerminalText.commandOutput(m.before()), status, ending,
                    (m.nanoTime() - start.nanoTime()) / 1e9, Optional.empty(), startedAt, List.of(note), vmmCpu(),
                    bytes(m.before()));
        }

        /** The timeout passed: Ctrl-C to the guest's foreground command, then the shell must come back. */
        ExecResult timedOut(ConsoleTimeoutException e, Framing f, Duration timeout)
                throws IOException, InterruptedException {
            String sofar = e.received();
            if (start == null) {
                int at = sofar.indexOf("\u001e" + f.nonce() + "_S");
                sofar = at < 0 ? "" : sofar.substring(Math.min(sofar.length(), sofar.indexOf('\n', at) + 1));
            }
            g.console().send("\u0003");
            try {
                w.await(prompt, System.nanoTime() + AFTER_INTERRUPT.toNanos());
            } catch (ConsoleTimeoutException again) {
                Optional<String> paused = g.paused();
                throw new VmbenchException(g.name() + ": " + paused.orElse("the command did not stop on Ctrl-C within "
                        + AFTER_INTERRUPT.toSeconds() + " s after the " + timeout.toSeconds()
                        + " s timeout; the VM is still running ('logs " + g.name() + "', or 'stop " + g.name() + "')"));
            }
            return new ExecResult(g.name(), command, TerminalText.commandOutput(sofar), 130, ExecResult.Ending.TIMED_OUT,
                    timeout.toNanos() / 1e9, Optional.empty(), startedAt, List.of(), vmmCpu(), bytes(sofar));
        }

        /** Bytes as they crossed the console (the tty's carriage returns included). */
        private static long bytes(String raw) {
            return raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }

        /** A guest time longer than the whole run took on the host is not this command's time. */
        private static boolean believable(GuestTime t, double wall, List<String> notes) {
            if (t.real() <= wall * 1.5 + 0.1) {
                return true;
            }
            notes.add(String.format(Locale.ROOT, "the guest's time says real %.3f s, longer than the %.3f s the run "
                    + "took on the host: it cannot be this command's time and was ignored", t.real(), wall));
            return false;
        }
    }

    private static VmbenchException dead(Guest g, String when) throws InterruptedException {
        return new VmbenchException(g.name() + " died " + when + " the command: " + g.endDescription() + "; 'logs "
                + g.name() + "' shows its last output");
    }
}
