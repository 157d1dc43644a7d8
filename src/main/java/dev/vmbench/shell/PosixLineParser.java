package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.List;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

import dev.vmbench.text.PosixLine;

/**
 * JLine's view of a vmbench line: words split by {@link PosixLine} (a POSIX shell's quoting), so that what
 * is typed for a guest reaches it byte for byte. A line with an open quote or a trailing backslash is not
 * finished: JLine shows a continuation prompt and the newline becomes part of the quoted text.
 */
public final class PosixLineParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        String text = line == null ? "" : line;
        PosixLine.Split split = PosixLine.split(text);
        if (context == ParseContext.ACCEPT_LINE && !split.complete()) {
            String missing = split.openQuote() == '\'' ? "quote" : split.openQuote() == '"' ? "dquote" : "newline";
            throw new EOFError(-1, -1, split.openQuote() != 0 ? "missing closing quote" : "escaped new line", missing);
        }
        return new Line(text, Math.max(0, Math.min(cursor, text.length())), split);
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return ch == '\\';
    }

    /** A split line, with the word under the cursor for completion. */
    static final class Line implements CompletingParsedLine {
        private final String line;
        private final int cursor;
        private final List<String> words;
        private final int wordIndex;
        private final int wordCursor;
        private final int rawWordCursor;
        private final int rawWordLength;
        private final char openingQuote;

        Line(String line, int cursor, PosixLine.Split split) {
            this.line = line;
            this.cursor = cursor;
            List<String> ws = new ArrayList<>();
            int index = -1;
            int wc = 0;
            int rwc = 0;
            int rwl = 0;
            char quote = 0;
            for (PosixLine.Word w : split.words()) {
                if (index < 0 && cursor >= w.start() && cursor <= w.end()) {
                    index = ws.size();
                    String head = line.substring(w.start(), cursor);
                    PosixLine.Split partial = PosixLine.split(head);
                    wc = partial.words().isEmpty() ? 0 : partial.words().get(0).text().length();
                    rwc = cursor - w.start();
                    rwl = w.end() - w.start();
                    quote = line.charAt(w.start()) == '\'' || line.charAt(w.start()) == '"' ? line.charAt(w.start()) : 0;
                }
                ws.add(w.text());
            }
            if (index < 0) {
                // the cursor is on blank space: completion proposes a new word there
                int insertAt = 0;
                while (insertAt < split.words().size() && split.words().get(insertAt).end() < cursor) {
                    insertAt++;
                }
                ws.add(insertAt, "");
                index = insertAt;
            }
            this.words = List.copyOf(ws);
            this.wordIndex = index;
            this.wordCursor = wc;
            this.rawWordCursor = rwc;
            this.rawWordLength = rwl;
            this.openingQuote = quote;
        }

        @Override
        public String word() {
            return words.get(wordIndex);
        }

        @Override
        public int wordCursor() {
            return wordCursor;
        }

        @Override
        public int wordIndex() {
            return wordIndex;
        }

        @Override
        public List<String> words() {
            return words;
        }

        @Override
        public String line() {
            return line;
        }

        @Override
        public int cursor() {
            return cursor;
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            String c = candidate.toString();
            if (openingQuote == '\'') {
                return "'" + c.replace("'", "'\\''") + (complete ? "'" : "");
            }
            if (openingQuote == '"') {
                return "\"" + c.replaceAll("([\"\\\\$`])", "\\\\$1") + (complete ? "\"" : "");
            }
            StringBuilder sb = new StringBuilder();
            for (char ch : c.toCharArray()) {
                if (" \t\n'\"\\$`*?[]#~;&|<>(){}!".indexOf(ch) >= 0) {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            return sb;
        }

        @Override
        public int rawWordCursor() {
            return rawWordCursor;
        }

        @Override
        public int rawWordLength() {
            return rawWordLength;
        }
    }
}
