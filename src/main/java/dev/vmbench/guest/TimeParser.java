package dev.vmbench.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vmbench.text.TerminalText;

/**
 * Reads the figures a {@code time} printed at the end of a command's output, in the formats people meet:
 * <ul>
 * <li>BusyBox: {@code real\t0m 19.14s} / {@code user\t0m 17.97s} / {@code sys\t0m 1.16s}
 * (and {@code 1h 2m 3.45s} past an hour)</li>
 * <li>bash: {@code real\t0m19.140s} ...</li>
 * <li>POSIX ({@code time -p}): {@code real 19.14} ...</li>
 * <li>GNU time: {@code 17.97user 1.16system 0:19.14elapsed 99%CPU ...} (and its second line)</li>
 * </ul>
 * A block is whole (real, user and sys on consecutive lines; GNU's line). Only the last block counts, and
 * only when it ends the output: a block followed by more output timed only a part of the command, and a
 * {@code real} line printed after it is not a time at all. Either way nothing is taken, and the reading
 * says why, so a printed look-alike can never become the guest's time.
 */
public final class TimeParser {

    private static final String DUR = "(?:(\\d+)h\\s*)?(\\d+)m\\s*(\\d+(?:\\.\\d+)?)s";
    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern MS_BLOCK = Pattern.compile("^real[ \\t]+" + DUR + "[ \\t]*\\n" + "user[ \\t]+" + DUR
            + "[ \\t]*\\n" + "sys[ \\t]+" + DUR + "[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern POSIX_BLOCK = Pattern.compile("^real[ \\t]+" + NUM + "[ \\t]*\\nuser[ \\t]+" + NUM
            + "[ \\t]*\\nsys[ \\t]+" + NUM + "[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern GNU = Pattern.compile("(\\d+(?:\\.\\d+)?)user\\s+(\\d+(?:\\.\\d+)?)system\\s+"
            + "(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)elapsed[^\\n]*(?:\\n\\d+inputs\\+\\d+outputs[^\\n]*)?");
    private static final Pattern REAL_LINE = Pattern.compile("^real\\b.*$", Pattern.MULTILINE);

    /**
     * What the output says of the guest's time.
     *
     * @param time  the figures, when a whole block ends the output
     * @param notes why figures that look like a time were not taken
     */
    public record Reading(Optional<GuestTime> time, List<String> notes) {
        public Reading {
            notes = List.copyOf(notes);
        }
    }

    private record Block(int start, int end, GuestTime time) {
    }

    private TimeParser() {
    }

    /** The guest's time, when a whole block ends the output. */
    public static Optional<GuestTime> parse(String output) {
        return read(output).time();
    }

    public static Reading read(String output) {
        if (output == null || output.isEmpty()) {
            return new Reading(Optional.empty(), List.of());
        }
        String text = TerminalText.line(output);
        Block last = last(text);
        List<String> notes = new ArrayList<>();
        if (last == null) {
            if (REAL_LINE.matcher(text).find()) {
                notes.add("a 'real' line was printed without the user and sys lines of a time block: not taken as"
                        + " the guest's time");
            }
            return new Reading(Optional.empty(), notes);
        }
        String after = text.substring(last.end());
        if (after.isBlank()) {
            return new Reading(Optional.of(last.time()), notes);
        }
        Matcher later = REAL_LINE.matcher(after);
        if (later.find()) {
            notes.add("a later line '" + abbreviate(later.group().strip()) + "' is not part of a time block and was "
                    + "ignored; the time block before it is not at the end of the output, so it timed only part of "
                    + "the command and is not shown as the command's time");
        } else {
            notes.add("the time block is not at the end of the output: it timed only part of the command, so it is"
                    + " not shown as the command's time (put 'time' in front of the whole command, e.g. time sh -c"
                    + " '...')");
        }
        return new Reading(Optional.empty(), notes);
    }

    private static Block last(String text) {
        Block best = null;
        Matcher m = MS_BLOCK.matcher(text);
        while (m.find()) {
            String format = m.group().matches("(?s)real[ \\t]+(\\d+h\\s*)?\\d+m \\d.*") ? "busybox" : "bash";
            best = later(best, new Block(m.start(), m.end(), new GuestTime(seconds(m.group(1), m.group(2), m.group(3)),
                    seconds(m.group(4), m.group(5), m.group(6)), seconds(m.group(7), m.group(8), m.group(9)), format)));
        }
        m = POSIX_BLOCK.matcher(text);
        while (m.find()) {
            best = later(best, new Block(m.start(), m.end(), new GuestTime(Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), "posix")));
        }
        m = GNU.matcher(text);
        while (m.find()) {
            double h = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
            double real = h * 3600 + Double.parseDouble(m.group(4)) * 60 + Double.parseDouble(m.group(5));
            best = later(best, new Block(m.start(), m.end(), new GuestTime(real, Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)), "gnu")));
        }
        return best;
    }

    private static Block later(Block a, Block b) {
        return a == null || b.start() > a.start() ? b : a;
    }

    static double seconds(String h, String m, String s) {
        return (h == null ? 0 : Long.parseLong(h) * 3600) + Long.parseLong(m) * 60 + Double.parseDouble(s);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Whether a command line runs under {@code time}, so that its output ends with time's figures. */
    public static boolean isTimed(String command) {
        List<String> words = List.of(command.strip().split("\\s+"));
        return !words.isEmpty() && (words.get(0).equals("time") || words.get(0).endsWith("/time"));
    }
}
