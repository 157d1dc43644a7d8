package dev.vmbench.screen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vmbench.VmbenchException;
import dev.vmbench.console.Scrollback;
import dev.vmbench.text.SplitLayout;
import dev.vmbench.text.TerminalText;
import dev.vmbench.transcript.Asciicast;
import dev.vmbench.transcript.Player;

/**
 * Several asciicasts replayed side by side on one clock, for {@code transcript play A.cast B.cast}: each cast's
 * events are placed at its header's start timestamp plus their own time, so casts recorded together
 * ({@code transcript start --all}) stay in step, and the merged timeline plays faster or slower, its long
 * pauses cut short, as {@link Player} plays one cast. Markers show as a line of their own in their pane.
 */
public final class CastReplay implements SplitScreen.Source, AutoCloseable {

    private static final int PANE_LINES = 2000;

    private final List<Asciicast> casts;
    private final List<String> titles = new ArrayList<>();
    private final List<Scrollback> panes = new ArrayList<>();
    private final double[] offsets;
    private final double speed;
    private final double idleLimit;
    private final Thread player;
    private volatile double at;
    private volatile boolean finished;
    private volatile String failure;

    private CastReplay(List<Asciicast> casts, double speed, double idleLimit) {
        this.casts = casts;
        this.speed = speed;
        this.idleLimit = idleLimit;
        this.offsets = new double[casts.size()];
        long first = casts.stream().mapToLong(CastReplay::timestamp).min().orElse(0);
        for (int i = 0; i < casts.size(); i++) {
            Asciicast c = casts.get(i);
            offsets[i] = timestamp(c) - first;
            String name = c.file().getFileName().toString();
            titles.add(name.endsWith(".cast") ? name.substring(0, name.length() - 5) : name);
            panes.add(new Scrollback(PANE_LINES));
        }
        player = new Thread(this::play, "cast-replay");
        player.setDaemon(true);
    }

    /** Opens the casts (each must be one) and starts playing them. */
    public static CastReplay start(List<Path> files, double speed, double idleLimit) {
        Player.checkTiming(speed, idleLimit);
        List<Asciicast> opened = new ArrayList<>();
        try {
            for (Path f : files) {
                opened.add(Asciicast.open(f));
            }
        } catch (RuntimeException e) {
            opened.forEach(Asciicast::close);
            throw e;
        }
        CastReplay r = new CastReplay(opened, speed, idleLimit);
        r.player.start();
        return r;
    }

    private static long timestamp(Asciicast c) {
        return c.header().path("timestamp").asLong(0);
    }

    private void play() {
        int n = casts.size();
        Asciicast.Event[] next = new Asciicast.Event[n];
        try {
            for (int i = 0; i < n; i++) {
                next[i] = casts.get(i).next();
            }
            double prev = 0;
            double shown = 0; // the timeline as played: pauses cut to the idle limit
            while (true) {
                int k = -1;
                for (int i = 0; i < n; i++) {
                    if (next[i] != null && (k < 0 || offsets[i] + next[i].time() < offsets[k] + next[k].time())) {
                        k = i;
                    }
                }
                if (k < 0) {
                    break;
                }
                double t = offsets[k] + next[k].time();
                double gap = Math.max(0, t - prev);
                prev = t;
                if (idleLimit > 0) {
                    gap = Math.min(gap, idleLimit);
                }
                shown += gap;
                long millis = Math.round(gap / speed * 1000);
                if (millis > 0) {
                    Thread.sleep(millis); // playback timing, not synchronisation
                }
                at = shown;
                Asciicast.Event e = next[k];
                if (e.code().equals("o")) {
                    panes.get(k).onOutput(e.data(), 0);
                } else if (e.code().equals("m")) {
                    panes.get(k).onOutput("\n» " + e.data() + "\n", 0);
                }
                next[k] = casts.get(k).next();
            }
        } catch (InterruptedException e) {
            return;
        } catch (VmbenchException e) {
            failure = e.getMessage();
        }
        finished = true;
    }

    @Override
    public List<SplitLayout.Pane> panes(int lines) {
        List<SplitLayout.Pane> out = new ArrayList<>();
        for (int i = 0; i < panes.size(); i++) {
            List<String> text = new ArrayList<>();
            for (String l : panes.get(i).lastLines(lines)) {
                text.add(TerminalText.plain(l));
            }
            out.add(new SplitLayout.Pane(titles.get(i), text));
        }
        return out;
    }

    @Override
    public String status() {
        String where = failure != null ? "stopped: " + failure
                : finished ? "end of the replay" : String.format(Locale.ROOT, "%.1f s", at);
        return " transcript play: " + casts.size() + " casts, one clock, speed " + speed + "× · " + where
                + " · q or Esc leaves";
    }

    /** Whether every event has been played (or a cast broke off). */
    public boolean finished() {
        return finished;
    }

    @Override
    public void close() {
        player.interrupt();
        try {
            player.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        casts.forEach(Asciicast::close);
    }
}
