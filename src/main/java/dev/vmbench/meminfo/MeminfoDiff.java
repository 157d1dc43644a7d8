package dev.vmbench.meminfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Two meminfo captures field by field, in the kernel's order (A's order, then fields only B has).
 * Delta is B − A.
 */
public record MeminfoDiff(String labelA, String labelB, List<Row> rows) {

    /**
     * One field. {@code a} or {@code b} is null when that side lacks the field.
     *
     * @param kb whether the values are kB (false: a unitless count)
     */
    public record Row(String field, Long a, Long b, boolean kb) {

        public Long delta() {
            return a == null || b == null ? null : b - a;
        }

        /** Delta as a percentage of A; null when A is zero or a side is missing. */
        public Double deltaPct() {
            return a == null || b == null || a == 0 ? null : (b - a) * 100.0 / a;
        }

        public boolean changed() {
            return a == null || b == null || !a.equals(b);
        }

        public boolean oneSided() {
            return a == null || b == null;
        }
    }

    public MeminfoDiff {
        rows = List.copyOf(rows);
    }

    public static MeminfoDiff of(String labelA, Meminfo a, String labelB, Meminfo b) {
        Set<String> names = new LinkedHashSet<>(a.fields().keySet());
        names.addAll(b.fields().keySet());
        List<Row> rows = new ArrayList<>();
        for (String n : names) {
            Meminfo.Field fa = a.fields().get(n);
            Meminfo.Field fb = b.fields().get(n);
            boolean kb = fa != null ? fa.kb() : fb.kb();
            rows.add(new Row(n, fa == null ? null : fa.value(), fb == null ? null : fb.value(), kb));
        }
        return new MeminfoDiff(labelA, labelB, rows);
    }

    /** B against A: every delta negated. */
    public MeminfoDiff reversed() {
        return new MeminfoDiff(labelB, labelA, rows.stream().map(r -> new Row(r.field(), r.b(), r.a(), r.kb())).toList());
    }

    /**
     * Rows that changed by at least {@code thresholdPct} percent of A (fields on one side only always
     * count; a change from zero counts when the threshold is 0).
     */
    public List<Row> changed(double thresholdPct) {
        return rows.stream().filter(Row::changed).filter(r -> {
            if (r.oneSided()) {
                return true;
            }
            Double pct = r.deltaPct();
            return pct == null ? thresholdPct <= 0 || r.delta() != 0 : Math.abs(pct) >= thresholdPct;
        }).toList();
    }

    /**
     * The kB fields with the largest absolute deltas, largest first. Totals and sums that only restate
     * other fields (MemTotal, CommitLimit, Active = Active(anon) + Active(file), KReclaimable ...) are left
     * out: they tell little about where memory went.
     */
    public List<Row> largest(int n) {
        Set<String> skip = Set.of("MemTotal", "VmallocTotal", "CommitLimit", "DirectMap4k", "DirectMap2M",
                "DirectMap1G", "Active", "Inactive", "KReclaimable", "MemAvailable");
        return rows.stream().filter(r -> r.kb() && r.delta() != null && r.delta() != 0 && !skip.contains(r.field()))
                .sorted(Comparator.comparingLong((Row r) -> Math.abs(r.delta())).reversed())
                .limit(n).toList();
    }
}
