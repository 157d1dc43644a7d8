package dev.vmbench.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a vmbench command line into words by the quoting rules of a POSIX shell (POSIX.1-2017, 2.2), so
 * that what a user types for a guest reaches the guest byte for byte:
 * <ul>
 * <li>{@code '...'}: every character up to the next {@code '} is kept as it is, backslashes included;</li>
 * <li>{@code "..."}: every character is kept, except that a backslash before {@code $ ` " \} or a newline
 * is dropped (and the newline with it); any other backslash stays;</li>
 * <li>outside quotes: a backslash keeps the next character as it is (a backslash-newline is dropped);
 * spaces, tabs and newlines separate words; quoted and unquoted parts next to each other form one word.</li>
 * </ul>
 * Nothing is expanded: {@code $HOME}, {@code *} and {@code ~} reach the guest as typed, for its shell to
 * expand. The inverse, {@link #quote}, writes a word so that this splitter (and any POSIX shell) reads it back.
 */
public final class PosixLine {

    /** One word and where it stands in the raw line. */
    public record Word(String text, int start, int end) {
    }

    /**
     * The words of a line.
     *
     * @param words       the words, quotes removed
     * @param openQuote   the quote character left open at the end ({@code '} or {@code "}), or 0
     * @param danglingEscape true when the line ends with an unquoted (or double-quoted) backslash
     */
    public record Split(List<Word> words, char openQuote, boolean danglingEscape) {
        public List<String> texts() {
            return words.stream().map(Word::text).toList();
        }

        /** Whether the line is complete: no quote left open, no trailing backslash. */
        public boolean complete() {
            return openQuote == 0 && !danglingEscape;
        }
    }

    private PosixLine() {
    }

    public static List<String> words(String line) {
        return split(line).texts();
    }

    public static Split split(String line) {
        List<Word> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int start = 0;
        char quote = 0;
        boolean dangling = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
                continue;
            }
            if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\') {
                    if (i + 1 >= n) {
                        dangling = true;
                        cur.append(c);
                    } else {
                        char next = line.charAt(i + 1);
                        if (next == '$' || next == '`' || next == '"' || next == '\\') {
                            cur.append(next);
                            i++;
                        } else if (next == '\n') {
                            i++;
                        } else {
                            cur.append(c);
                        }
                    }
                } else {
                    cur.append(c);
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(new Word(cur.toString(), start, i));
                    cur.setLength(0);
                    inWord = false;
                }
                continue;
            }
            if (!inWord) {
                inWord = true;
                start = i;
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    dangling = true;
                } else if (line.charAt(i + 1) == '\n') {
                    i++;
                } else {
                    cur.append(line.charAt(++i));
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else {
                cur.append(c);
            }
        }
        if (inWord || quote != 0) {
            words.add(new Word(cur.toString(), start, n));
        }
        return new Split(List.copyOf(words), quote, dangling);
    }

    /**
     * A word quoted so that {@link #split} (and a POSIX shell) reads it back exactly: as it is when it holds
     * only characters no shell treats specially, else in single quotes with each {@code '} written
     * {@code '\''}.
     */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(PosixLine::plain)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words as one line that splits back into exactly them. */
    public static String join(List<String> words) {
        return String.join(" ", words.stream().map(PosixLine::quote).toList());
    }

    private static boolean plain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "@%+=:,./_-".indexOf(c) >= 0;
    }
}
