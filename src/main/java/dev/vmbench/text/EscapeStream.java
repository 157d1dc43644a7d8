package dev.vmbench.text;

/**
 * Terminal output fed chunk by chunk through an {@link EscapeParser}, with what a subclass keeps of each
 * character and sequence collected until it is taken. A sequence split across chunks is judged whole; only an
 * unfinished sequence is held back. Not thread-safe.
 */
abstract class EscapeStream {

    /** What has been kept and not yet taken. */
    protected final StringBuilder out = new StringBuilder();
    private final EscapeParser parser = new EscapeParser(new EscapeParser.Sink() {
        @Override
        public void text(char c) {
            onText(c);
        }

        @Override
        public void sequence(CharSequence raw, boolean safe) {
            onSequence(raw, safe);
        }
    });

    /** A character the terminal prints or executes. */
    protected abstract void onText(char c);

    /** A whole sequence; safe is false for a query or a sequence cut short or malformed. */
    protected abstract void onSequence(CharSequence raw, boolean safe);

    /** @return what is kept of this chunk (and of a sequence held from the chunk before) */
    protected final String feed(String chunk) {
        parser.feed(chunk);
        return take();
    }

    /** The end of the output: a sequence still unfinished is dropped. @return what is left */
    public final String finish() {
        parser.finish();
        return take();
    }

    private String take() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }
}
