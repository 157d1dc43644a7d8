package dev.vmbench.vmm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /proc/PID/smaps}: a process's memory mappings, each with its size and how much of it is resident. */
public final class Smaps {

    /**
     * One mapping. Sizes in kB (KiB), as the kernel prints them.
     *
     * @param range the address range, as printed ({@code 7fc87fe00000-7fc88fe00000})
     * @param perms {@code rw-p}, {@code rwxp}, {@code r--s} ...
     * @param path  the file, {@code [heap]}, {@code [anon:NAME]}, {@code /memfd:NAME (deleted)}, or "" (anonymous)
     * @param uss   private clean + private dirty: what only this process holds
     */
    public record Mapping(String range, String perms, String path, long size, long rss, long pss, long uss, long swap) {

        public boolean writable() {
            return perms.length() > 1 && perms.charAt(1) == 'w';
        }

        public boolean executable() {
            return perms.length() > 2 && perms.charAt(2) == 'x';
        }

        /**
         * Memory that is not a file's contents: anonymous, named anonymous ({@code [anon:...]}), or a memfd,
         * shared memory or hugetlbfs file (how a hypervisor shares guest RAM with another process).
         */
        public boolean memoryOnly() {
            return path.isEmpty() || path.startsWith("[anon") || path.startsWith("/memfd:")
                    || path.startsWith("/dev/shm/") || path.startsWith("/dev/hugepages") || path.startsWith("/SYSV");
        }
    }

    private static final Pattern HEADER = Pattern.compile(
            "^([0-9a-f]+-[0-9a-f]+)\\s+(\\S{4})\\s+[0-9a-f]+\\s+\\S+\\s+\\d+\\s*(.*)$");
    private static final Pattern FIELD = Pattern.compile("^(\\w+):\\s+(\\d+) kB$");

    private Smaps() {
    }

    /**
     * @throws IllegalArgumentException when the text is not smaps (no mapping header, or a field before one)
     */
    public static List<Mapping> parse(String text) {
        List<Mapping> out = new ArrayList<>();
        String range = null;
        String perms = null;
        String path = null;
        long size = 0;
        long rss = 0;
        long pss = 0;
        long clean = 0;
        long dirty = 0;
        long swap = 0;
        for (String line : text.split("\n")) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                if (range != null) {
                    out.add(new Mapping(range, perms, path, size, rss, pss, clean + dirty, swap));
                }
                range = h.group(1);
                perms = h.group(2);
                path = h.group(3).strip();
                size = rss = pss = clean = dirty = swap = 0;
                continue;
            }
            Matcher f = FIELD.matcher(line.strip());
            if (!f.matches()) {
                continue; // VmFlags, THPeligible, ProtectionKey ...
            }
            if (range == null) {
                throw new IllegalArgumentException("not /proc/PID/smaps: a field comes before any mapping");
            }
            long v = Long.parseLong(f.group(2));
            switch (f.group(1)) {
                case "Size" -> size = v;
                case "Rss" -> rss = v;
                case "Pss" -> pss = v;
                case "Private_Clean" -> clean = v;
                case "Private_Dirty" -> dirty = v;
                case "Swap" -> swap = v;
                default -> { }
            }
        }
        if (range != null) {
            out.add(new Mapping(range, perms, path, size, rss, pss, clean + dirty, swap));
        }
        if (out.isEmpty() && !text.isBlank()) {
            throw new IllegalArgumentException("not /proc/PID/smaps: no mapping in it");
        }
        return out;
    }
}
