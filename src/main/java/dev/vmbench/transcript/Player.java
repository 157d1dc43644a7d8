package dev.vmbench.transcript;

import java.util.function.Consumer;

/** Replays an asciicast's output with its timing, faster or slower, long pauses cut short. */
public final class Player {

    private Player() {
    }

    /**
     * @param speed     1 plays in real time, 2 twice as fast
     * @param idleLimit longest pause in seconds (0: no limit)
     */
    public static void play(Asciicast cast, double speed, double idleLimit, Consumer<String> out)
            throws InterruptedException {
        if (speed <= 0) {
            throw new IllegalArgumentException("bad --speed " + speed + ": give a number above 0, e.g. 2");
        }
        double prev = 0;
        for (Asciicast.Event e : cast.events()) {
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
            out.accept(e.data());
        }
    }
}
