package dev.vmbench.text;

/**
 * What vmbench knows about the text a guest's serial console sends: the cursor position query a line
 * editor sends after its prompt, and the carriage returns of a tty's line ends. Every reader of console
 * text (the scrollback, the framing of a command's output, the benchmark driver) cleans it here; the
 * stateful cleaners for whole streams are {@link PlainText} (a plain text file: the console log, a
 * transcript's text) and {@link QueryFilter} (a stream replayed to a terminal: nothing in it may make the
 * terminal answer).
 */
public final class TerminalText {

    /** The cursor position query (DSR 6) that busybox's line editor and JLine send after a prompt. */
    public static final String CURSOR_QUERY = "\u001b[6n";
    /** A terminal's answer to {@link #CURSOR_QUERY}: the cursor is at row 1, column 1. */
    public static final String CURSOR_AT_TOP_LEFT = "\u001b[1;1R";

    private TerminalText() {
    }

    /** One line of a console: carriage returns and cursor queries removed (other escapes kept). */
    public static String line(String s) {
        return s.replace(CURSOR_QUERY, "").replace("\r", "");
    }

    /**
     * A command's output as the command printed it: the tty's {@code \r\n} (and a serial line's
     * {@code \r\r\n}) back to {@code \n}, cursor queries removed; a lone carriage return (a progress bar's)
     * is the command's own and kept.
     */
    public static String commandOutput(String raw) {
        return raw.replace(CURSOR_QUERY, "").replaceAll("\r+\n", "\n");
    }

    /** Plain text: every escape sequence and control character but tab and newline removed, line ends {@code \n}. */
    public static String plain(String s) {
        return PlainText.of(s);
    }
}
