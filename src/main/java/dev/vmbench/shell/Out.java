package dev.vmbench.shell;

import java.util.List;

import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** Prints progress lines as they happen (a command's return value is printed only at its end). */
@Component
public class Out {

    private final Terminal terminal;
    private final ObjectProvider<LineReader> lineReader;
    private final List<String> held = new java.util.ArrayList<>();
    private boolean holding;

    public Out(@Lazy Terminal terminal, ObjectProvider<LineReader> lineReader) {
        this.terminal = terminal;
        this.lineReader = lineReader;
    }

    public void println(String line) {
        terminal.writer().println(line);
        terminal.writer().flush();
    }

    /**
     * Runs a full-screen view (watch, a replay); notices that come meanwhile wait and are printed after it, so
     * they neither break its screen nor get lost.
     */
    public <T> T fullScreen(java.util.concurrent.Callable<T> view) throws Exception {
        synchronized (held) {
            holding = true;
        }
        try {
            return view.call();
        } finally {
            List<String> later;
            synchronized (held) {
                holding = false;
                later = List.copyOf(held);
                held.clear();
            }
            later.forEach(this::notice);
        }
    }

    /** A message from another thread (a VM that died): printed above the prompt line being edited. */
    public void notice(String line) {
        synchronized (held) {
            if (holding) {
                held.add(line);
                return;
            }
        }
        LineReader reader = lineReader.getIfAvailable();
        if (reader != null && reader.isReading()) {
            reader.printAbove("[vmbench] " + line);
        } else {
            println("[vmbench] " + line);
        }
    }

    /** Whether the terminal shows ANSI colours (not a dumb terminal, not a pipe). */
    public boolean colour() {
        String type = terminal.getType();
        Integer colours = terminal.getNumericCapability(org.jline.utils.InfoCmp.Capability.max_colors);
        return type != null && !type.startsWith("dumb") && colours != null && colours >= 8;
    }

    /** Whether a person is at this terminal: not a dumb terminal, and input not piped. */
    public static boolean interactive(Terminal terminal) {
        String type = terminal.getType();
        return type != null && !type.startsWith("dumb") && System.console() != null;
    }

    public Terminal terminal() {
        return terminal;
    }

    public int width() {
        int w = terminal.getWidth();
        return w <= 0 ? 120 : w;
    }
}
