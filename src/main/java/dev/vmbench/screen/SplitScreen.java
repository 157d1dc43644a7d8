package dev.vmbench.screen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

import dev.vmbench.text.SplitLayout;

/**
 * A full-screen, read-only view of several panes of console text ({@link SplitLayout}) on the terminal's
 * alternate screen, the rows that changed redrawn in place ten times a second at most, all of it when the
 * terminal is resized. {@code q}, Esc or Ctrl-C leaves; the
 * terminal is given back as it was (its own screen, its modes, the cursor), however the view ends.
 */
public final class SplitScreen {

    /** What the screen shows. Called from the screen's thread, between redraws. */
    public interface Source {

        /** The panes now, each with at least its last {@code lines} lines. */
        List<SplitLayout.Pane> panes(int lines);

        /** The status line's text now. */
        String status();
    }

    /** How the view ended. */
    public enum End { LEFT, INPUT_CLOSED }

    /** Redraws are this far apart at most: the screen keeps up with a console without spinning. */
    private static final int FRAME_MILLIS = 100;
    /** An Esc followed this quickly by more is a key's escape sequence (an arrow), not the Esc key. */
    private static final int ESC_SEQUENCE_MILLIS = 30;

    private SplitScreen() {
    }

    /**
     * Writes the rows that differ from what the screen shows, each in place (the cursor addressed to its row),
     * so an unchanged screen costs nothing and a changed one does not flicker. The bottom row stops one short
     * of the last column: writing that cell scrolls some terminals.
     */
    static void draw(Terminal terminal, List<String> rows, List<String> onScreen, int width) {
        boolean any = false;
        for (int i = 0; i < rows.size(); i++) {
            String row = i == rows.size() - 1 && rows.get(i).length() >= width ? rows.get(i).substring(0, width - 1)
                    : rows.get(i);
            if (i < onScreen.size() && onScreen.get(i).equals(row)) {
                continue;
            }
            terminal.puts(Capability.cursor_address, i, 0);
            terminal.writer().write(row);
            any = true;
            if (i < onScreen.size()) {
                onScreen.set(i, row);
            } else {
                onScreen.add(row);
            }
        }
        if (any) {
            terminal.flush();
        }
    }

    public static End run(Terminal terminal, int panes, Source source) throws IOException {
        Attributes saved = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C is a key here: it leaves
        terminal.setAttributes(raw);
        boolean[] resized = {false};
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> resized[0] = true);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        try {
            NonBlockingReader in = terminal.reader();
            List<String> onScreen = new ArrayList<>();
            while (true) {
                Size size = terminal.getSize();
                int width = size.getColumns() > 0 ? size.getColumns() : 80;
                int height = size.getRows() > 0 ? size.getRows() : 24;
                if (resized[0] || onScreen.isEmpty()) {
                    resized[0] = false;
                    terminal.puts(Capability.clear_screen);
                    onScreen.clear();
                }
                List<String> rows = SplitLayout.render(source.panes(SplitLayout.linesPerPane(panes, width, height)),
                        width, height, source.status());
                draw(terminal, rows, onScreen, width);
                int c = in.read(FRAME_MILLIS);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    return End.INPUT_CLOSED;
                }
                if (c == 'q' || c == 'Q' || c == 3) {
                    return End.LEFT;
                }
                if (c == 27) {
                    if (in.peek(ESC_SEQUENCE_MILLIS) == NonBlockingReader.READ_EXPIRED) {
                        return End.LEFT;
                    }
                    while (in.peek(ESC_SEQUENCE_MILLIS) >= 0) { // the rest of the key's sequence
                        in.read(ESC_SEQUENCE_MILLIS);
                    }
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.setAttributes(saved);
        }
    }
}
