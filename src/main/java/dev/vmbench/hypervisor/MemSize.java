package dev.vmbench.hypervisor;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses memory sizes as users type them: {@code 1024} (MiB), {@code 512M}, {@code 1G}, {@code 2GiB}. */
public final class MemSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    static final long MIN_MIB = 16;
    static final long MAX_MIB = 1024L * 1024;

    private MemSize() {
    }

    /**
     * @return the size in MiB
     * @throws IllegalArgumentException with a message that says what is accepted
     */
    public static long parseMiB(String text) {
        String hint = "use a number of MiB or a size such as 512M or 1G";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("memory size is empty: " + hint);
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("bad memory size '" + text + "': " + hint);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad memory size '" + text + "': " + hint);
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long mib = switch (unit) {
            case "k" -> n % 1024 == 0 ? n / 1024 : -1;
            case "", "m" -> n;
            case "g" -> n * 1024;
            case "t" -> n * 1024 * 1024;
            default -> -1;
        };
        if (mib < 0) {
            throw new IllegalArgumentException("bad memory size '" + text + "': not a whole number of MiB; " + hint);
        }
        if (mib < MIN_MIB || mib > MAX_MIB) {
            throw new IllegalArgumentException("memory size '" + text + "' is out of range: give between "
                    + MIN_MIB + "M and " + (MAX_MIB / 1024 / 1024) + "T");
        }
        return mib;
    }

    /** Formats MiB the way people write it: 1G, 1536M. */
    public static String format(long mib) {
        return mib % 1024 == 0 ? (mib / 1024) + "G" : mib + "M";
    }
}
