package dev.vmbench.transcript;

import java.util.function.Consumer;

import dev.vmbench.UsageException;
import dev.vmbench.text.QueryFilter;

/**
 * Replays an asciicast's output with its timing, faster or slower, long pauses cut short. Events are read
 * one at a time as they play (a cast of any length takes little memory), and go through a
 * {@link QueryFilter}: a recorded terminal query (the guest shell's cursor position request) is never sent
 * to the user's terminal, whose answer would end up in the user's next command line.
 */
public final class Player {

    private Player() {
    }

    /** Refuses a speed or an idle limit that is not a finite positive number (0 allowed for the limit). */
    public static void checkTiming(double speed, double idleLimit) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UsageException("bad --speed " + speed + ": give a number above 0, e.g. 2");
        }
        if (!(idleLimit >= 0) || Double.isInfinite(idleLimit)) {
            throw new UsageException("bad --idle-limit " + idleLimit + ": give seconds, e.g. 2, or 0 for no limit");
        }
    }

    /**
     * Plays the events not yet read from cast.
     *
     * @param speed     1 plays in real time, 2 twice as fast
     * @param idleLimit longest pause in seconds (0: no limit)
     * @param out       receives the output, filtered, chunk by chunk
     * @return the number of output events played
     */
    public static long play(Asciicast cast, double speed, double idleLimit, Consumer<String> out)
            throws InterruptedException {
        checkTiming(speed, idleLimit);
        QueryFilter filter = new QueryFilter();
        double prev = 0;
        long played = 0;
        for (Asciicast.Event e = cast.next(); e != null; e = cast.next()) {
            if (!e.code().equals("o")) {
                continue;
            }
            double gap = e.time() - prev;
            prev = e.time();
            if (idleLimit > 0) {
                gap = Math.min(gap, idleLimit);
            }
            long millis = Math.round(gap / speed * 1000);
            if (millis > 0) {
                Thread.sleep(millis); // playback timing, not synchronisation
            }
            String safe = filter.filter(e.data());
            if (!safe.isEmpty()) {
                out.accept(safe);
            }
            played++;
        }
        String rest = filter.finish();
        if (!rest.isEmpty()) {
            out.accept(rest);
        }
        return played;
    }
}
