package dev.vmbench.guest;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.vmbench.console.Console;
import dev.vmbench.console.ConsoleWatch;

/**
 * Readiness of a guest shell, in two steps: the prompt pattern appears on the console (that moment is
 * the boot time), then the shell answers a probe whose reply cannot be confused with the echo of the
 * typed line: {@code echo vmbench-<nonce>-$((6*7))} prints {@code vmbench-<nonce>-42} only when a
 * shell ran it.
 */
public final class GuestShell {

    private static final SecureRandom RANDOM = new SecureRandom();

    private GuestShell() {
    }

    /**
     * Waits for the prompt.
     *
     * @return the {@link System#nanoTime()} at which the chunk completing the prompt was read
     */
    public static long awaitPrompt(ConsoleWatch watch, Pattern prompt, long deadlineNanos)
            throws InterruptedException {
        return watch.await(prompt, deadlineNanos).nanoTime();
    }

    /** Types the probe and waits for its answer and the prompt after it. */
    public static void probe(Console console, ConsoleWatch watch, Pattern prompt, long deadlineNanos)
            throws InterruptedException, IOException {
        String nonce = HexFormat.of().formatHex(RANDOM.generateSeed(6));
        console.send("echo vmbench-" + nonce + "-$((6*7))\n");
        watch.await(Pattern.compile("vmbench-" + nonce + "-42\\r*\\n"), deadlineNanos);
        watch.await(prompt, deadlineNanos);
    }
}
