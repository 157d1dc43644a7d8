package dev.vmbench.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two sets of measurements of the same things compared, the way Firecracker's {@code tools/ab_test.py} compares
 * two runs: each thing (a VM's command or workload) in A against the same in B with a {@link Permutation} test,
 * and called better, worse or no change in its metric's direction. Things are matched by their key (the VM and
 * what ran), else by their alternative key (the hypervisor and what ran) when that is unique on both sides:
 * VM names change between sessions, hypervisors do not.
 */
public final class AbTest {

    private AbTest() {
    }

    /**
     * The measurements of one thing.
     *
     * @param key    "VM: command" (hyperfine's command field)
     * @param alt    "hypervisor: command", or null when not known
     * @param metric what the values are
     */
    public record Sample(String key, String alt, Metric metric, List<Double> values) {
        public Sample {
            values = List.copyOf(values);
        }
    }

    /** How B compares with A, for people. */
    public enum Call {
        BETTER("better"), WORSE("worse"), NO_CHANGE("no change"), NOT_TESTED("not tested");

        public final String word;

        Call(String word) {
            this.word = word;
        }
    }

    /** One thing compared: A's and B's figures, the test's result, the call in the metric's direction. */
    public record Line(String name, Metric metric, Permutation.Result result, Call call) {
        public String describe() {
            Permutation.Result r = result;
            return String.format(Locale.ROOT, "%s: %s %s -> %s %s (%s, p = %s): %s", name, metric.format(r.meanA()),
                    metric.unit(), metric.format(r.meanB()), metric.unit(), r.change(), r.pValue(), call.word
                    + (call == Call.NOT_TESTED && r.note() != null ? " (" + r.note() + ")" : ""));
        }
    }

    /** The comparison: a line per thing in both, and the things only one side has. */
    public record Outcome(List<Line> lines, List<String> onlyA, List<String> onlyB) {
        public List<Line> worse() {
            return lines.stream().filter(l -> l.call() == Call.WORSE).toList();
        }
    }

    public static Outcome compare(List<Sample> a, List<Sample> b, Permutation test) {
        Map<String, Sample> bByKey = new LinkedHashMap<>();
        b.forEach(s -> bByKey.put(s.key(), s));
        Map<String, Sample> bByAlt = unique(b);
        Map<String, Sample> aByAlt = unique(a);
        List<Line> lines = new ArrayList<>();
        List<String> onlyA = new ArrayList<>();
        java.util.Set<Sample> used = new java.util.HashSet<>();
        for (Sample x : a) {
            Sample y = bByKey.get(x.key());
            String name = x.key();
            if (y == null && x.alt() != null && aByAlt.get(x.alt()) == x) {
                y = bByAlt.get(x.alt());
                name = x.alt();
            }
            if (y == null || used.contains(y)) {
                onlyA.add(x.key());
                continue;
            }
            used.add(y);
            Metric m = x.metric();
            if (!m.equals(y.metric())) {
                onlyA.add(x.key() + " (measured in " + m.unit() + " there, " + y.metric().unit() + " here)");
                continue;
            }
            Permutation.Result r = test.compare(x.values(), y.values());
            lines.add(new Line(name, m, r, call(r, m)));
        }
        List<String> onlyB = b.stream().filter(s -> !used.contains(s)).map(Sample::key).toList();
        return new Outcome(lines, onlyA, onlyB);
    }

    /** The verdict of the test read in the metric's direction. */
    static Call call(Permutation.Result r, Metric m) {
        return switch (r.verdict()) {
            case NOT_TESTED -> Call.NOT_TESTED;
            case NO_CHANGE -> Call.NO_CHANGE;
            case HIGHER -> m.better() == Metric.Better.HIGHER ? Call.BETTER : Call.WORSE;
            case LOWER -> m.better() == Metric.Better.LOWER ? Call.BETTER : Call.WORSE;
        };
    }

    /** Samples by their alternative key, only those whose alternative key is unique. */
    private static Map<String, Sample> unique(List<Sample> samples) {
        Map<String, Integer> count = new HashMap<>();
        samples.forEach(s -> {
            if (s.alt() != null) {
                count.merge(s.alt(), 1, Integer::sum);
            }
        });
        Map<String, Sample> out = new HashMap<>();
        samples.forEach(s -> {
            if (s.alt() != null && count.get(s.alt()) == 1) {
                out.put(s.alt(), s);
            }
        });
        return out;
    }
}
