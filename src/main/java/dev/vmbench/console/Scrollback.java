package dev.vmbench.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.vmbench.text.TerminalText;

/**
 * The last lines a console printed, bounded. Serial line endings ({@code \r\n}, {@code \r\r\n}) end a
 * line; other carriage returns and terminal queries ({@code ESC[6n}) are dropped. Thread-safe.
 */
public final class Scrollback implements ConsoleListener {

    private final int maxLines;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private long dropped;

    public Scrollback(int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be positive");
        }
        this.maxLines = maxLines;
    }

    /** Cheap, and what an attach replays must be up to date. */
    @Override
    public Delivery delivery() {
        return Delivery.SYNCHRONOUS;
    }

    @Override
    public synchronized void onOutput(String text, long nanoTime) {
        partial.append(text);
        int start = 0;
        for (int i = 0; i < partial.length(); i++) {
            if (partial.charAt(i) == '\n') {
                push(TerminalText.line(partial.substring(start, i)));
                start = i + 1;
            }
        }
        partial.delete(0, start);
    }

    private void push(String line) {
        lines.addLast(line);
        while (lines.size() > maxLines) {
            lines.removeFirst();
            dropped++;
        }
    }

    /**
     * @param n how many lines at most
     * @return the last n lines, oldest first, the unfinished line (a prompt, say) last if not empty
     */
    public synchronized List<String> lastLines(int n) {
        List<String> all = new ArrayList<>(lines);
        String tail = TerminalText.line(partial.toString());
        if (!tail.isEmpty()) {
            all.add(tail);
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size()));
    }

    /** Lines pushed out by the bound so far. */
    public synchronized long dropped() {
        return dropped;
    }

    public int maxLines() {
        return maxLines;
    }
}
