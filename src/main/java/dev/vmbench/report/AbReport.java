package dev.vmbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vmbench.measure.AbTest;
import dev.vmbench.measure.Permutation;

/** An A/B comparison as a table: each thing's means, change, p-value and call, then what only one side has. */
public final class AbReport {

    private AbReport() {
    }

    public static String text(String a, String b, AbTest.Outcome o, Permutation test) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "A = %s%nB = %s%npermutation test, %,d resamples; a change is called at p < %s and "
                        + "at least %s%% (Firecracker's ab_test.py defaults are p < 0.01 and 5%%)%n%n", a, b,
                test.resamples(), trim(test.alpha()), trim(100 * test.minChange())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"what", "unit", "A mean", "B mean", "change", "p", "n A/B", "B against A"});
        for (AbTest.Line l : o.lines()) {
            Permutation.Result r = l.result();
            rows.add(new String[] {l.name(), l.metric().unit() + (l.metric().isTime() ? "" : " (" + l.metric().better()
                    .word() + " better)"), l.metric().format(r.meanA()), l.metric().format(r.meanB()),
                    r.change(), r.pValue(),
                    r.nA() + "/" + r.nB(), l.call().word});
        }
        sb.append(SeriesReport.columns(rows));
        for (AbTest.Line l : o.lines()) {
            if (l.call() == AbTest.Call.NOT_TESTED && l.result().note() != null) {
                sb.append(l.name()).append(": not tested: ").append(l.result().note()).append('\n');
            }
        }
        for (AbTest.Line l : o.lines()) {
            Permutation.Result r = l.result();
            double smallest = r.exact() && r.splits() > 0 ? Math.min(1, 2.0 / r.splits()) : 0;
            if (smallest >= test.alpha()) {
                sb.append(String.format(Locale.ROOT, "%s: with %d and %d runs no p below %s is possible (the smallest is "
                        + "%.3f): 5 or more runs each can show a change at p < 0.01%n", l.name(), r.nA(), r.nB(),
                        trim(test.alpha()), smallest));
            }
        }
        o.onlyA().forEach(x -> sb.append("only in A: ").append(x).append('\n'));
        o.onlyB().forEach(x -> sb.append("only in B: ").append(x).append('\n'));
        long worse = o.worse().size();
        long better = o.lines().stream().filter(l -> l.call() == AbTest.Call.BETTER).count();
        sb.append(String.format(Locale.ROOT, "%d compared: %d better, %d worse, %d no change%n", o.lines().size(), better,
                worse, o.lines().size() - better - worse));
        return sb.toString();
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
