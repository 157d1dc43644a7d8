package dev.vmbench.console;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * Joins the user's terminal to a VM's serial console, as {@code virsh console} does: the terminal goes raw
 * (Ctrl-C included: it reaches the guest), every key goes to the guest, the guest's output comes to the
 * screen, and the escape key detaches. Everything is restored, in reverse order, however it ends.
 *
 * <p>The screen is a {@link ConsoleListener.Delivery#LIVE} listener: a terminal that is slow to take output
 * never holds up the console's reader, and once {@link #run} returns nothing more is written to it (what was
 * still queued is discarded).
 */
public final class Attach {

    /** How an attach session ended. */
    public enum End {
        DETACHED, CONSOLE_CLOSED, INPUT_CLOSED,
        /** The terminal took the guest's output so slowly that it fell {@link Console#MAX_BACKLOG_BYTES} behind. */
        FELL_BEHIND
    }

    private Attach() {
    }

    /** {@code ^]} for 0x1d, as virsh prints it. */
    public static String caret(char c) {
        return c < 0x20 ? "^" + (char) (c + 0x40) : String.valueOf(c);
    }

    /** Reads an escape given as {@code ^]}, {@code ^A} or a single character. */
    public static char parseEscape(String s) {
        if (s.length() == 2 && s.charAt(0) == '^' && s.charAt(1) >= '@' && s.charAt(1) <= '_') {
            return (char) (s.charAt(1) - 0x40);
        }
        if (s.length() == 1) {
            return s.charAt(0);
        }
        throw new IllegalArgumentException("bad --escape '" + s + "': give ^] (Ctrl-]), ^A, or one character");
    }

    /**
     * @param replay   scrollback lines to show first
     * @param syncSize tell the guest the terminal size now and after every resize
     */
    public static End run(Console console, String name, Terminal terminal, char escape, int replay, boolean syncSize)
            throws IOException {
        terminal.writer().println("Connected to " + name + ". Escape character is " + caret(escape));
        List<String> back = console.scrollback().lastLines(replay);
        // the last line is the unfinished one (the prompt); the live output continues it
        for (int i = 0; i < back.size(); i++) {
            terminal.writer().print(back.get(i) + (i < back.size() - 1 ? "\r\n" : ""));
        }
        terminal.writer().flush();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean fellBehind = new AtomicBoolean();
        ConsoleListener screen = new ConsoleListener() {
            @Override
            public void onOutput(String text, long nanoTime) {
                terminal.writer().write(text);
                terminal.writer().flush();
            }

            @Override
            public void onClose() {
                closed.set(true);
            }

            @Override
            public void onDropped(String reason) {
                fellBehind.set(true);
                closed.set(true);
            }

            @Override
            public Delivery delivery() {
                return Delivery.LIVE;
            }

            @Override
            public String label() {
                return "attach";
            }
        };
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler previousWinch = null;
        try {
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C and Ctrl-Z are bytes for the guest
            raw.setInputFlag(Attributes.InputFlag.IXON, false);
            terminal.setAttributes(raw);
            console.addListener(screen);
            if (syncSize) {
                sendSize(console, terminal);
                previousWinch = terminal.handle(Terminal.Signal.WINCH, sig -> {
                    try {
                        sendSize(console, terminal);
                    } catch (IOException e) {
                        closed.set(true);
                    }
                });
            }
            NonBlockingReader in = terminal.reader();
            while (!closed.get()) {
                int c = in.read(100);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    return End.INPUT_CLOSED;
                }
                if (c == escape) {
                    return End.DETACHED;
                }
                StringBuilder sb = new StringBuilder().append((char) c);
                if (Character.isHighSurrogate((char) c)) {
                    int low = in.read(100);
                    if (low >= 0) {
                        sb.append((char) low);
                    }
                }
                // whatever else is already waiting goes in the same write (a paste)
                int more;
                while ((more = in.peek(1)) >= 0 && more != escape && sb.length() < 4096) {
                    sb.append((char) in.read());
                }
                console.send(sb.toString());
            }
            return fellBehind.get() ? End.FELL_BEHIND : End.CONSOLE_CLOSED;
        } finally {
            if (syncSize) {
                terminal.handle(Terminal.Signal.WINCH, previousWinch == null ? Terminal.SignalHandler.SIG_DFL : previousWinch);
            }
            console.removeListener(screen); // returns once the screen's last write has returned
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.writer().flush();
        }
    }

    private static void sendSize(Console console, Terminal terminal) throws IOException {
        console.send("stty rows " + terminal.getHeight() + " cols " + terminal.getWidth() + "\n");
    }
}
