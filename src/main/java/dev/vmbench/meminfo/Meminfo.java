package dev.vmbench.meminfo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code /proc/meminfo}: fields in the kernel's order, values in kB (or a plain count for the
 * unitless HugePages_* fields). Lines that are not meminfo fields (a pasted prompt, blank lines) are skipped.
 */
public record Meminfo(Map<String, Long> values, Map<String, Boolean> hasKb) {

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z0-9_()]+):\\s+(\\d+)(?:\\s+(kB))?\\s*$");

    public static Meminfo parse(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, Boolean> kb = new LinkedHashMap<>();
        for (String line : text.replace("\r", "").split("\n")) {
            Matcher m = FIELD.matcher(line.strip());
            if (m.matches()) {
                values.put(m.group(1), Long.parseLong(m.group(2)));
                kb.put(m.group(1), m.group(3) != null);
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no /proc/meminfo fields found");
        }
        return new Meminfo(Collections.unmodifiableMap(values), Collections.unmodifiableMap(kb));
    }
}
