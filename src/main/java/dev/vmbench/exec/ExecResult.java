package dev.vmbench.exec;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of a command in a guest.
 *
 * @param exitCode    the command's own status; 130 when vmbench interrupted it
 * @param timedOut    true when vmbench interrupted it at the timeout
 * @param wallSeconds host-side wall time, from the start marker's arrival to the end marker's
 * @param guestTime   what the guest's {@code time} printed, when the command ran under it
 */
public record ExecResult(String vm, String command, String output, int exitCode, boolean timedOut,
                         double wallSeconds, Optional<GuestTime> guestTime, Instant startedAt) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }
}
