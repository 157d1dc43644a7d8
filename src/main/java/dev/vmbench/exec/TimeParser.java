package dev.vmbench.exec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the figures a {@code time} printed at the end of a command's output, in the formats people meet:
 * <ul>
 * <li>BusyBox: {@code real\t0m 19.14s} / {@code user\t0m 17.97s} / {@code sys\t0m 1.16s}
 * (and {@code 1h 2m 3.45s} past an hour)</li>
 * <li>bash: {@code real\t0m19.140s} ...</li>
 * <li>POSIX ({@code time -p}): {@code real 19.14} ...</li>
 * <li>GNU time: {@code 17.97user 1.16system 0:19.14elapsed 99%CPU ...}</li>
 * </ul>
 * Only the last such block counts, so text the command printed before it cannot change the figures.
 */
public final class TimeParser {

    private static final String DUR = "(?:(\\d+)h\\s*)?(\\d+)m\\s*(\\d+(?:\\.\\d+)?)s";
    private static final Pattern REAL_MS = Pattern.compile("^real\\s+" + DUR + "\\s*$", Pattern.MULTILINE);
    private static final Pattern USER_MS = Pattern.compile("^user\\s+" + DUR + "\\s*$", Pattern.MULTILINE);
    private static final Pattern SYS_MS = Pattern.compile("^sys\\s+" + DUR + "\\s*$", Pattern.MULTILINE);
    private static final Pattern REAL_P = Pattern.compile("^real\\s+(\\d+(?:\\.\\d+)?)\\s*$", Pattern.MULTILINE);
    private static final Pattern USER_P = Pattern.compile("^user\\s+(\\d+(?:\\.\\d+)?)\\s*$", Pattern.MULTILINE);
    private static final Pattern SYS_P = Pattern.compile("^sys\\s+(\\d+(?:\\.\\d+)?)\\s*$", Pattern.MULTILINE);
    private static final Pattern GNU = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)user\\s+(\\d+(?:\\.\\d+)?)system\\s+(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)elapsed");

    private TimeParser() {
    }

    public static Optional<GuestTime> parse(String output) {
        if (output == null || output.isEmpty()) {
            return Optional.empty();
        }
        String text = output.replace("\r", "");
        // the last "real" line of either style marks the last block
        Optional<GuestTime> ms = lastBlock(text, REAL_MS, USER_MS, SYS_MS, true);
        Optional<GuestTime> posix = lastBlock(text, REAL_P, USER_P, SYS_P, false);
        Optional<GuestTime> gnu = lastGnu(text);
        int msAt = lastStart(text, REAL_MS);
        int pAt = lastStart(text, REAL_P);
        int gAt = lastStart(text, GNU);
        int best = Math.max(msAt, Math.max(pAt, gAt));
        if (best < 0) {
            return Optional.empty();
        }
        return best == msAt ? ms : best == pAt ? posix : gnu;
    }

    private static int lastStart(String text, Pattern p) {
        Matcher m = p.matcher(text);
        int at = -1;
        while (m.find()) {
            at = m.start();
        }
        return at;
    }

    private static Optional<GuestTime> lastBlock(String text, Pattern real, Pattern user, Pattern sys, boolean ms) {
        Matcher r = real.matcher(text);
        int start = -1;
        double realS = 0;
        String format = "posix";
        while (r.find()) {
            start = r.end();
            realS = ms ? seconds(r.group(1), r.group(2), r.group(3)) : Double.parseDouble(r.group(1));
            if (ms) {
                format = r.group(0).matches("real\\s+(\\d+h\\s*)?\\d+m \\d.*") ? "busybox" : "bash";
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        String rest = text.substring(start);
        Double u = after(rest, user, ms);
        Double s = after(rest, sys, ms);
        return Optional.of(new GuestTime(realS, u, s, format));
    }

    private static Double after(String rest, Pattern p, boolean ms) {
        Matcher m = p.matcher(rest);
        if (!m.find()) {
            return null;
        }
        return ms ? seconds(m.group(1), m.group(2), m.group(3)) : Double.parseDouble(m.group(1));
    }

    private static Optional<GuestTime> lastGnu(String text) {
        Matcher m = GNU.matcher(text);
        GuestTime last = null;
        while (m.find()) {
            double h = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
            double real = h * 3600 + Double.parseDouble(m.group(4)) * 60 + Double.parseDouble(m.group(5));
            last = new GuestTime(real, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), "gnu");
        }
        return Optional.ofNullable(last);
    }

    static double seconds(String h, String m, String s) {
        return (h == null ? 0 : Long.parseLong(h) * 3600) + Long.parseLong(m) * 60 + Double.parseDouble(s);
    }

    /** Whether a command line runs under {@code time}, so that its output ends with time's figures. */
    public static boolean isTimed(String command) {
        List<String> words = List.of(command.strip().split("\\s+"));
        return !words.isEmpty() && (words.get(0).equals("time") || words.get(0).endsWith("/time"));
    }
}
