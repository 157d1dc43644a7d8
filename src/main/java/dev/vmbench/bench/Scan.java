package dev.vmbench.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vmbench.UsageException;

/**
 * hyperfine's parameter scans: {@code --parameter-scan NAME MIN MAX [--parameter-step-size D]} and
 * {@code --parameter-list NAME A,B,C}, several combined as a product, each value put in for {@code {NAME}} in the
 * command.
 */
public final class Scan {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
    /** More combinations than this is a typo, not a benchmark. */
    static final int MAX_COMBINATIONS = 1000;

    private Scan() {
    }

    /** MIN, MIN+D, ... up to MAX (exactly, in decimal: 0.1 steps do not drift), as hyperfine prints them. */
    public static List<String> range(String name, String min, String max, String step) {
        checkName(name);
        BigDecimal lo;
        BigDecimal hi;
        BigDecimal d;
        try {
            lo = new BigDecimal(min.strip());
            hi = new BigDecimal(max.strip());
            d = new BigDecimal(step == null ? "1" : step.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--parameter-scan " + name + " " + min + " " + max + ": give numbers, e.g. "
                    + "--parameter-scan n 1 8");
        }
        if (d.signum() <= 0) {
            throw new UsageException("--parameter-step-size " + step + ": give a positive step");
        }
        if (hi.compareTo(lo) < 0) {
            throw new UsageException("--parameter-scan " + name + ": " + max + " is below " + min);
        }
        List<String> out = new ArrayList<>();
        for (BigDecimal v = lo; v.compareTo(hi) <= 0; v = v.add(d)) {
            out.add(v.stripTrailingZeros().scale() <= 0 ? v.toBigInteger().toString() : v.stripTrailingZeros().toPlainString());
            if (out.size() > MAX_COMBINATIONS) {
                throw new UsageException("--parameter-scan " + name + " makes more than " + MAX_COMBINATIONS
                        + " values: give a larger --parameter-step-size");
            }
        }
        return out;
    }

    /** A list's values, comma-separated. */
    public static List<String> list(String name, String values) {
        checkName(name);
        List<String> out = new ArrayList<>();
        for (String v : values.split(",", -1)) {
            if (v.isEmpty()) {
                throw new UsageException("--parameter-list " + name + " '" + values + "' has an empty value");
            }
            out.add(v);
        }
        return out;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UsageException("parameter name '" + name + "': letters, digits and '_', as in {threads}");
        }
    }

    /** Every combination of the parameters' values, the first parameter varying slowest (as hyperfine). */
    public static List<Map<String, String>> product(Map<String, List<String>> parameters) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : p.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(p.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
            if (out.size() > MAX_COMBINATIONS) {
                throw new UsageException("the parameters make " + out.size() + " combinations, more than "
                        + MAX_COMBINATIONS);
            }
        }
        return out;
    }

    /**
     * The command with each {@code {NAME}} replaced; a parameter the command does not use, or a {@code {NAME}}
     * no parameter gives, is refused (it would run the same command under several names, or a literal brace).
     */
    public static String substitute(String command, Map<String, String> values) {
        Matcher m = PLACE.matcher(command);
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> used = new java.util.HashSet<>();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
                continue;
            }
            used.add(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new UsageException("the command does not use the parameter {" + k + "}: put {" + k + "} where its"
                        + " value goes");
            }
        }
        return sb.toString();
    }

    /** The command with the {@code {NAME}} it uses filled in; other parameters and braces left as they are. */
    public static String fill(String command, Map<String, String> values) {
        Matcher m = PLACE.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        return m.appendTail(sb).toString();
    }

    /** "n=4 size=1M", for progress lines. */
    static String describe(Map<String, String> values) {
        return String.join(" ", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    /**
     * The words of {@code --parameter-list NAME A,B,C [NAME2=X,Y ...]} as name -> "A,B,C": hyperfine's form first,
     * then NAME=VALUES for more lists. (The shell splits an option's words at commas; a word without '=' continues
     * the list before it.)
     */
    public static Map<String, String> lists(String[] words) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            int eq = w.indexOf('=');
            if (i == 0 && eq < 0) {
                current = w;
                out.put(current, null);
            } else if (eq > 0) {
                current = w.substring(0, eq);
                if (out.containsKey(current)) {
                    throw new UsageException("parameter " + current + " is given twice");
                }
                out.put(current, w.substring(eq + 1));
            } else if (current == null) {
                throw new UsageException("--parameter-list " + String.join(" ", words) + ": give NAME A,B,C");
            } else {
                out.merge(current, w, (a, b) -> a + "," + b);
            }
        }
        out.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                throw new UsageException("--parameter-list " + k + ": give its values, e.g. --parameter-list "
                        + k + " 1,2,4");
            }
        });
        return out;
    }

    /** The parameter combinations of --parameter-scan and --parameter-list (one empty one for none). */
    public static List<Map<String, String>> combinations(String[] scan, String step, String[] lists) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (scan != null && scan.length > 0) {
            if (scan.length != 3) {
                throw new UsageException("--parameter-scan takes NAME MIN MAX: --parameter-scan n 1 8");
            }
            params.put(scan[0], range(scan[0], scan[1], scan[2], step));
        } else if (step != null) {
            throw new UsageException("--parameter-step-size goes with --parameter-scan NAME MIN MAX");
        }
        if (lists != null && lists.length > 0) {
            for (Map.Entry<String, String> e : lists(lists).entrySet()) {
                if (params.containsKey(e.getKey())) {
                    throw new UsageException("parameter " + e.getKey() + " is given twice");
                }
                params.put(e.getKey(), list(e.getKey(), e.getValue()));
            }
        }
        return product(params);
    }

}
