package dev.vmbench.report;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and printing of the durations and sizes users read and type. */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?",
            Pattern.CASE_INSENSITIVE);

    private Units() {
    }

    /** Parses {@code 120s}, {@code 2m}, {@code 500ms}, {@code 1.5h}; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "': use a number with ms, s, m or h, "
                    + "such as 90s or 2m");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double seconds = switch (unit) {
            case "ms" -> n / 1000;
            case "m", "min" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
        if (seconds <= 0) {
            throw new IllegalArgumentException("bad duration '" + text + "': it must be more than zero");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** {@code 4.02 s}, {@code 310 ms}. */
    public static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        if (s < 1) {
            return String.format(Locale.ROOT, "%.0f ms", s * 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    /** {@code 45s}, {@code 3m 05s}, {@code 2h 01m}. */
    public static String uptime(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** {@code 64.0 MiB}. */
    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
