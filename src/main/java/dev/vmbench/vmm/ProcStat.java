package dev.vmbench.vmm;

/**
 * {@code /proc/PID/stat}, the figures vmbench uses: CPU time (user, system, in clock ticks), threads, state.
 *
 * @param state   R, S, D, T, Z ...
 * @param utime   user-mode ticks of all its threads
 * @param stime   kernel-mode ticks of all its threads
 * @param threads its thread count
 */
public record ProcStat(char state, long utime, long stime, int threads) {

    /**
     * @throws IllegalArgumentException when the line is not a stat line
     */
    public static ProcStat parse(String line) {
        // The command name is in parentheses and may itself hold spaces and parentheses: the fields start
        // after the last ')'.
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not /proc/PID/stat: no (comm) in '" + abbreviate(line) + "'");
        }
        String[] f = line.substring(close + 1).strip().split("\\s+");
        // f[0] is field 3 (state); field n is f[n - 3].
        if (f.length < 18 || f[0].length() != 1) {
            throw new IllegalArgumentException("not /proc/PID/stat: too few fields in '" + abbreviate(line) + "'");
        }
        try {
            return new ProcStat(f[0].charAt(0), Long.parseLong(f[11]), Long.parseLong(f[12]), Integer.parseInt(f[17]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not /proc/PID/stat: '" + abbreviate(line) + "'");
        }
    }

    /** User-mode CPU seconds, at the given clock ticks per second. */
    public double userSeconds(long ticksPerSecond) {
        return (double) utime / ticksPerSecond;
    }

    public double systemSeconds(long ticksPerSecond) {
        return (double) stime / ticksPerSecond;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s.strip();
    }
}
