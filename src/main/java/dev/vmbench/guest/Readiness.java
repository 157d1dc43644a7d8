package dev.vmbench.guest;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.vmbench.console.ConsoleWatch;

/**
 * When a booting guest counts as ready, and how long it may take (after testcontainers' wait strategies): the
 * deadline is held here, once, and every wait of the boot runs against it.
 *
 * <ul>
 * <li>{@link #shellPrompt()} (the default): the prompt appears (that moment is the boot time), then the shell
 * answers a probe ({@link GuestShell});</li>
 * <li>{@link #consoleLine(Pattern)}: a line on the console, for guests without a shell to probe.</li>
 * </ul>
 */
public abstract class Readiness {

    /** How long a guest may take to become ready unless told otherwise ({@code boot --timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Duration timeout;

    protected Readiness(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The same wait with another deadline. */
    public abstract Readiness withTimeout(Duration timeout);

    /**
     * Waits until the guest is ready, at most {@link #timeout()} after {@code startNanos}.
     *
     * @return the {@link System#nanoTime()} of the moment that counts as the boot's end (the prompt's arrival)
     * @throws dev.vmbench.console.ConsoleTimeoutException when the deadline passes first
     * @throws dev.vmbench.console.ConsoleClosedException  when the console ends first
     */
    public final long waitUntilReady(Guest guest, ConsoleWatch watch, long startNanos)
            throws InterruptedException, IOException {
        return await(guest, watch, startNanos + timeout.toNanos());
    }

    protected abstract long await(Guest guest, ConsoleWatch watch, long deadlineNanos)
            throws InterruptedException, IOException;

    /** The guest's shell prompt appears and the shell answers a probe. */
    public static Readiness shellPrompt() {
        return new ShellPrompt(DEFAULT_TIMEOUT);
    }

    /** A line matching the pattern appears on the console. */
    public static Readiness consoleLine(Pattern line) {
        return new ConsoleLine(DEFAULT_TIMEOUT, line);
    }

    private static final class ShellPrompt extends Readiness {
        ShellPrompt(Duration timeout) {
            super(timeout);
        }

        @Override
        public Readiness withTimeout(Duration timeout) {
            return new ShellPrompt(timeout);
        }

        @Override
        protected long await(Guest guest, ConsoleWatch watch, long deadline) throws InterruptedException, IOException {
            Pattern prompt = Pattern.compile(guest.promptRegex());
            long promptAt = GuestShell.awaitPrompt(watch, prompt, deadline);
            GuestShell.probe(guest.console(), watch, prompt, deadline);
            return promptAt;
        }
    }

    private static final class ConsoleLine extends Readiness {
        private final Pattern line;

        ConsoleLine(Duration timeout, Pattern line) {
            super(timeout);
            this.line = line;
        }

        @Override
        public Readiness withTimeout(Duration timeout) {
            return new ConsoleLine(timeout, line);
        }

        @Override
        protected long await(Guest guest, ConsoleWatch watch, long deadline) throws InterruptedException {
            return watch.await(line, deadline).nanoTime();
        }
    }
}
