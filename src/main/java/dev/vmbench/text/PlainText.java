package dev.vmbench.text;

/**
 * Turns terminal output into plain text, chunk by chunk: escape sequences and control strings removed
 * (queries included), carriage returns dropped (line ends become {@code \n}), other control characters
 * removed but for tab and newline. Stateful like {@link QueryFilter}: a sequence split across chunks is
 * removed whole. Not thread-safe.
 */
public final class PlainText extends EscapeStream {

    @Override
    protected void onText(char c) {
        if (c == '\n' || c == '\t' || (c >= 0x20 && c != EscapeParser.DEL && (c < 0x80 || c > 0x9F))) {
            out.append(c);
        }
    }

    @Override
    protected void onSequence(CharSequence raw, boolean safe) {
        // never part of the text
    }

    /** @return the plain text of this chunk (a sequence it leaves unfinished is held for the next one) */
    public String add(String chunk) {
        return feed(chunk);
    }

    /** The plain text of a whole output. */
    public static String of(String output) {
        PlainText p = new PlainText();
        return p.add(output) + p.finish();
    }
}
