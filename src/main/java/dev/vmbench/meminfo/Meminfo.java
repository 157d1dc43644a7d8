package dev.vmbench.meminfo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code /proc/meminfo}: fields in the kernel's order, each a number with or without the
 * {@code kB} unit (the HugePages_* counts have none).
 *
 * <p>Text pasted from a terminal works: {@code \r\n} endings, blank lines, and any lines before the first
 * field and after the last (a prompt such as {@code (none):~# cat /proc/meminfo}) are ignored. A line
 * between the first and the last field that is not a field is an error naming the source and line.
 */
public record Meminfo(Map<String, Field> fields) {

    /** One line's value; {@code kb} is false for unitless counts. */
    public record Field(long value, boolean kb) {
    }

    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_()]*):\\s*(\\d+)(?:\\s+(kB))?");

    public Meminfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * @param source named in errors: a file name, or "qemu1"
     * @throws IllegalArgumentException "source:line: ..." for a malformed line, or when there is no field
     */
    public static Meminfo parse(String text, String source) {
        List<String> lines = text.replace("\r", "").lines().toList();
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (FIELD.matcher(lines.get(i).strip()).matches()) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException(source + ": no /proc/meminfo fields found (lines such as "
                    + "'MemTotal:  1012792 kB')");
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        for (int i = first; i <= last; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": not a /proc/meminfo line: '"
                        + abbreviate(line) + "' (expected 'Name:  number [kB]')");
            }
            if (fields.containsKey(m.group(1))) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": field " + m.group(1)
                        + " appears twice: is this two dumps in one file?");
            }
            fields.put(m.group(1), new Field(Long.parseLong(m.group(2)), m.group(3) != null));
        }
        return new Meminfo(fields);
    }

    public static Meminfo parse(String text) {
        return parse(text, "meminfo");
    }

    /** The text form, as the kernel prints it. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, f) -> sb.append(String.format("%-16s %8d%s%n", k + ":", f.value(), f.kb() ? " kB" : "")));
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
