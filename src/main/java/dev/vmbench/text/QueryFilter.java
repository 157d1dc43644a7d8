package dev.vmbench.text;

/**
 * Makes recorded terminal output safe to write to the user's terminal: drops every sequence that makes a
 * terminal answer (an answer would land in the user's input, as if typed). Dropped: device status and
 * cursor position requests ({@code ESC[5n}, {@code ESC[6n}, {@code ESC[?6n}), device attributes
 * ({@code ESC[c}, {@code ESC[>c}, {@code ESC[=c}, {@code ESC Z}), mode requests ({@code ESC[?...$p}), window
 * reports ({@code ESC[14t}, {@code ESC[18t}, {@code ESC[21t} ...), OSC queries ({@code ESC]10;?},
 * {@code ESC]4;1;?}, {@code ESC]52;c;?}), DCS requests ({@code ESC P $ q}, {@code ESC P + q}), mouse and focus
 * reporting modes, ENQ, and sequences cut short or malformed. Everything else (text, colours, cursor
 * movement, titles) passes unchanged.
 *
 * <p>Stateful: feed the output chunk by chunk, as recorded; a sequence split across chunks is judged whole.
 * Only an unfinished sequence is held back (never plain text), and {@link #finish()} drops one still
 * unfinished at the end. Not thread-safe.
 */
public final class QueryFilter extends EscapeStream {

    @Override
    protected void onText(char c) {
        out.append(c);
    }

    @Override
    protected void onSequence(CharSequence raw, boolean safe) {
        if (safe) {
            out.append(raw);
        }
    }

    /** @return what of this chunk (and of a sequence held from the chunk before) can be written now */
    public String filter(String chunk) {
        return feed(chunk);
    }

    /** The whole output at once, filtered. */
    public static String strip(String output) {
        QueryFilter f = new QueryFilter();
        return f.filter(output) + f.finish();
    }
}
