package dev.vmbench.text;

import java.util.ArrayList;
import java.util.List;

import org.jline.utils.WCWidth;

/**
 * Several panes of text on one screen, side by side or in a grid: each pane a title bar and its last lines,
 * columns parted by a vertical bar, a status line at the bottom. The grid is the one whose panes come closest
 * to three columns of text per row (a terminal cell is about twice as tall as wide, so that is a pane about
 * one and a half times as wide as tall): two panes on a wide terminal sit side by side, four make two by two.
 * Pure: text in, rows of exactly the screen's width (in terminal columns) out.
 */
public final class SplitLayout {

    /** A pane: its title and its lines, oldest first (only the last ones that fit are shown). */
    public record Pane(String title, List<String> lines) {
    }

    private static final double ASPECT = 3.0;
    private static final int TAB = 8;

    private SplitLayout() {
    }

    /** How many columns of panes a grid of n panes has on a screen of this size. */
    public static int columns(int n, int width, int height) {
        if (n <= 1) {
            return 1;
        }
        int best = 1;
        double bestScore = Double.MAX_VALUE;
        for (int cols = 1; cols <= n; cols++) {
            int rows = (n + cols - 1) / cols;
            double w = (double) (width - (cols - 1)) / cols;
            double h = (double) Math.max(1, height - 1) / rows;
            if (w < 8 || h < 2) {
                continue;
            }
            double score = Math.abs(Math.log(w / h / ASPECT));
            if (score < bestScore) {
                bestScore = score;
                best = cols;
            }
        }
        return best;
    }

    /** How many lines of text each pane shows (the most any pane of the grid shows). */
    public static int linesPerPane(int n, int width, int height) {
        int cols = columns(n, width, height);
        int rows = (Math.max(1, n) + cols - 1) / cols;
        return Math.max(0, (height - 1 + rows - 1) / rows - 1);
    }

    /**
     * The screen: {@code height} rows of {@code width} columns each.
     *
     * @param status the bottom line
     */
    public static List<String> render(List<Pane> panes, int width, int height, String status) {
        int n = Math.max(1, panes.size());
        int cols = columns(n, width, height);
        int rows = (n + cols - 1) / cols;
        int gridHeight = Math.max(0, height - 1);
        List<StringBuilder> screen = new ArrayList<>();
        for (int r = 0; r < gridHeight; r++) {
            screen.add(new StringBuilder(width));
        }
        int y = 0;
        for (int row = 0; row < rows; row++) {
            int h = share(gridHeight, rows, row);
            for (int col = 0; col < cols; col++) {
                int w = share(width - (cols - 1), cols, col);
                int index = row * cols + col;
                List<String> cell = index < panes.size() ? pane(panes.get(index), w, h) : blank(w, h);
                for (int i = 0; i < h; i++) {
                    StringBuilder line = screen.get(y + i);
                    if (col > 0) {
                        line.append('│');
                    }
                    line.append(cell.get(i));
                }
            }
            y += h;
        }
        List<String> out = new ArrayList<>();
        screen.forEach(sb -> out.add(sb.toString()));
        if (height > 0) {
            out.add(fit(status, width));
        }
        return out;
    }

    /** Part {@code index} of {@code total} split in {@code parts}: the last ones take the remainder. */
    private static int share(int total, int parts, int index) {
        int base = total / parts;
        return index >= parts - (total % parts) ? base + 1 : base;
    }

    private static List<String> pane(Pane p, int w, int h) {
        List<String> out = new ArrayList<>();
        if (h <= 0) {
            return out;
        }
        String title = "─ " + p.title() + " ";
        out.add(fit(title + "─".repeat(Math.max(0, w - width(title))), w));
        int shown = h - 1;
        List<String> lines = p.lines();
        int from = Math.max(0, lines.size() - shown);
        for (int i = from; i < lines.size(); i++) {
            out.add(fit(lines.get(i), w));
        }
        while (out.size() < h) {
            out.add(" ".repeat(w));
        }
        return out;
    }

    private static List<String> blank(int w, int h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h; i++) {
            out.add(" ".repeat(w));
        }
        return out;
    }

    /**
     * One row of exactly w terminal columns: tabs expanded, control characters dropped, cut or padded. A
     * character's columns are JLine's {@code wcwidth} (East Asian wide characters take two, combining marks none),
     * so a pane's right edge stays where it is; a wide character that would straddle the edge is left out.
     */
    static String fit(String s, int w) {
        StringBuilder sb = new StringBuilder(w);
        int col = 0;
        for (int i = 0; i < s.length() && col < w; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\t') {
                int next = Math.min(w, (col / TAB + 1) * TAB);
                for (; col < next; col++) {
                    sb.append(' ');
                }
                continue;
            }
            int cw = WCWidth.wcwidth(c);
            if (cw < 0) {
                continue; // a control character
            }
            if (col + cw > w) {
                break;
            }
            sb.appendCodePoint(c);
            col += cw;
        }
        for (; col < w; col++) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** How many terminal columns a line takes (tabs as one: titles have none). */
    static int width(String s) {
        return s.codePoints().map(c -> Math.max(0, WCWidth.wcwidth(c))).sum();
    }
}
