package dev.vmbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.meminfo.MeminfoDiff.Row;
import dev.vmbench.meminfo.MeminfoDiff;

/**
 * A meminfo comparison for people: a table in the kernel's order with readable units, the largest
 * differences marked, and a summary that says which side holds what; and exports (JSON, Markdown, CSV).
 */
public final class MeminfoReport {

    /** How values are shown. */
    public enum Unit {
        KB, MIB, AUTO;

        public static Unit parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "kb" -> KB;
                case "mib", "mb" -> MIB;
                case "auto" -> AUTO;
                default -> throw new IllegalArgumentException("unknown --unit '" + s + "': use kB, MiB or auto");
            };
        }
    }

    /** How rows are ordered: the kernel's order, or the largest absolute change first. */
    public enum Sort {
        FIELD, DELTA;

        public static Sort parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "field" -> FIELD;
                case "delta" -> DELTA;
                default -> throw new IllegalArgumentException("unknown --sort '" + s + "': use field or delta");
            };
        }
    }

    /**
     * @param changedOnly  show only fields that changed by at least {@code thresholdPct}
     * @param colour       mark the largest differences with ANSI colour (else with a "◀" marker)
     * @param highlight    how many of the largest differences to mark
     */
    public record Options(boolean changedOnly, double thresholdPct, Sort sort, Unit unit, boolean colour,
                          int highlight) {
        public static Options defaults() {
            return new Options(false, 0, Sort.FIELD, Unit.AUTO, false, 3);
        }
    }

    /** What a field holds, in a few words, for the summary. */
    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("Cached", "file cache"), Map.entry("MemFree", "free memory"),
            Map.entry("MemAvailable", "available memory"), Map.entry("Buffers", "block-device buffers"),
            Map.entry("Inactive(file)", "inactive file pages"), Map.entry("Active(file)", "active file pages"),
            Map.entry("Inactive", "inactive pages"), Map.entry("Active", "active pages"),
            Map.entry("AnonPages", "anonymous memory"), Map.entry("Slab", "kernel slab"),
            Map.entry("SReclaimable", "reclaimable slab"), Map.entry("SUnreclaim", "unreclaimable slab"),
            Map.entry("KReclaimable", "reclaimable kernel memory"), Map.entry("Shmem", "shared memory"),
            Map.entry("Mapped", "mapped files"), Map.entry("Percpu", "per-CPU allocations"),
            Map.entry("KernelStack", "kernel stacks"), Map.entry("PageTables", "page tables"),
            Map.entry("Committed_AS", "committed memory"), Map.entry("VmallocUsed", "vmalloc space"));

    private static final String RED = "\u001b[1;31m";
    private static final String GREEN = "\u001b[1;32m";
    private static final String RESET = "\u001b[0m";

    private MeminfoReport() {
    }

    public static String table(MeminfoDiff d, Options o) {
        List<Row> rows = new ArrayList<>(o.changedOnly() ? d.changed(o.thresholdPct()) : d.rows());
        if (o.sort() == Sort.DELTA) {
            rows.sort(Comparator.comparingLong((Row r) -> r.delta() == null ? Long.MAX_VALUE : Math.abs(r.delta()))
                    .reversed());
        }
        Set<String> top = d.largest(o.highlight()).stream().map(Row::field).collect(Collectors.toSet());
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"field", d.labelA(), d.labelB(), "delta", "delta %", ""});
        for (Row r : rows) {
            cells.add(new String[] {r.field(), value(r.a(), r.kb(), o.unit()), value(r.b(), r.kb(), o.unit()),
                    r.oneSided() ? (r.a() == null ? "only in " + d.labelB() : "only in " + d.labelA())
                            : signed(r.delta(), r.kb(), o.unit()),
                    pct(r), top.contains(r.field()) && !o.colour() ? "◀" : ""});
        }
        String text = SeriesReport.columns(cells);
        if (!o.colour() || top.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String field = line.split("\\s+", 2)[0];
            Row r = d.rows().stream().filter(x -> x.field().equals(field)).findFirst().orElse(null);
            if (r != null && top.contains(field)) {
                sb.append(r.delta() > 0 ? GREEN : RED).append(line).append(RESET);
            } else {
                sb.append(line);
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing() + "\n";
    }

    /** A few sentences: the largest differences and which side holds the memory. */
    public static String summary(MeminfoDiff d, int n) {
        List<Row> top = d.largest(n);
        if (top.isEmpty()) {
            long changed = d.rows().stream().filter(Row::changed).count();
            return changed == 0 ? "No differences.\n" : "Only unitless or total fields differ.\n";
        }
        StringBuilder sb = new StringBuilder("Largest differences:\n");
        for (Row r : top) {
            String more = r.delta() > 0 ? d.labelB() : d.labelA();
            String meaning = MEANING.getOrDefault(r.field(), null);
            sb.append(String.format(Locale.ROOT, "  %s%s: %s has %s more (%s %s, %s %s)%s%n", r.field(),
                    meaning == null ? "" : " (" + meaning + ")", more, human(Math.abs(r.delta())),
                    d.labelA(), human(r.a()), d.labelB(), human(r.b()),
                    r.deltaPct() == null ? "" : String.format(Locale.ROOT, ", %+.1f%%", r.deltaPct())));
        }
        long oneSided = d.rows().stream().filter(Row::oneSided).count();
        if (oneSided > 0) {
            sb.append("  ").append(oneSided).append(" field(s) appear on one side only (different kernels?)\n");
        }
        return sb.toString();
    }

    public static String json(MeminfoDiff d) {
        return json(d, Map.of(), Map.of());
    }

    /** With the environment each capture was taken in (empty maps when unknown). */
    public static String json(MeminfoDiff d, Map<String, Object> envA, Map<String, Object> envB) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Row r : d.rows()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("field", r.field());
            f.put("unit", r.kb() ? "kB" : null);
            f.put("a", r.a());
            f.put("b", r.b());
            f.put("delta", r.delta());
            f.put("delta_pct", r.deltaPct());
            fields.add(f);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("a", d.labelA());
        root.put("b", d.labelB());
        root.put("fields", fields);
        if (!envA.isEmpty() || !envB.isEmpty()) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("a", envA);
            env.put("b", envB);
            root.put("environment", env);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String markdown(MeminfoDiff d, Options o) {
        StringBuilder sb = new StringBuilder("| Field | " + d.labelA() + " | " + d.labelB() + " | Delta | Delta % |\n");
        sb.append("|:---|---:|---:|---:|---:|\n");
        for (Row r : o.changedOnly() ? d.changed(o.thresholdPct()) : d.rows()) {
            sb.append("| ").append(r.field()).append(" | ").append(value(r.a(), r.kb(), o.unit())).append(" | ")
                    .append(value(r.b(), r.kb(), o.unit())).append(" | ")
                    .append(r.oneSided() ? "-" : signed(r.delta(), r.kb(), o.unit())).append(" | ").append(pct(r))
                    .append(" |\n");
        }
        return sb.toString();
    }

    public static String csv(MeminfoDiff d) {
        StringBuilder sb = new StringBuilder("field,unit,a,b,delta,delta_pct\n");
        for (Row r : d.rows()) {
            sb.append(r.field()).append(',').append(r.kb() ? "kB" : "").append(',')
                    .append(r.a() == null ? "" : r.a()).append(',').append(r.b() == null ? "" : r.b()).append(',')
                    .append(r.delta() == null ? "" : r.delta()).append(',')
                    .append(r.deltaPct() == null ? "" : String.format(Locale.ROOT, "%.3f", r.deltaPct()))
                    .append('\n');
        }
        return sb.toString();
    }

    static String value(Long v, boolean kb, Unit unit) {
        if (v == null) {
            return "-";
        }
        return kb ? sized(v, unit) : Long.toString(v);
    }

    static String signed(Long v, boolean kb, Unit unit) {
        if (v == null) {
            return "-";
        }
        String s = kb ? sized(Math.abs(v), unit) : Long.toString(Math.abs(v));
        return v == 0 ? (kb ? sized(0, unit) : "0") : (v > 0 ? "+" : "-") + s;
    }

    public static String sized(long kb, Unit unit) {
        return switch (unit) {
            case KB -> kb + " kB";
            case MIB -> String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
            case AUTO -> human(kb);
        };
    }

    /** One capture as a table: field, human value, the value in kB. */
    public static String fields(Meminfo m) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"field", "value", ""});
        m.fields().forEach((k, f) -> rows.add(new String[] {k, f.kb() ? human(f.value()) : Long.toString(f.value()),
                f.kb() ? f.value() + " kB" : ""}));
        return SeriesReport.columns(rows);
    }

    /** kB below 1 MiB, MiB below 1 GiB, else GiB. */
    public static String human(Long kb) {
        if (kb == null) {
            return "-";
        }
        long a = Math.abs(kb);
        if (a < 1024) {
            return kb + " kB";
        }
        if (a < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", kb / 1048576.0);
    }

    static String pct(Row r) {
        if (r.oneSided()) {
            return "";
        }
        if (r.delta() == 0) {
            return "0.0%";
        }
        if (r.deltaPct() == null) {
            return "new";
        }
        return String.format(Locale.ROOT, "%+.1f%%", r.deltaPct());
    }
}
