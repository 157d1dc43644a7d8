package dev.vmbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.vmbench.measure.Significance;
import dev.vmbench.measure.Stats;
import dev.vmbench.results.BootSeries;
import dev.vmbench.vmm.BootPhases;

/** Boot phases over repeated boots, per hypervisor: mean ± σ and min … max for each phase. */
public final class BootReport {

    static final String[] HEADINGS = {"first byte", "userspace", "prompt", "ready"};

    private BootReport() {
    }

    public static String table(List<BootSeries> series) {
        if (series.isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[BootPhases.NAMES.length + 2];
        head[0] = "hypervisor";
        head[1] = "boots";
        System.arraycopy(HEADINGS, 0, head, 2, HEADINGS.length);
        rows.add(head);
        for (BootSeries b : series) {
            String[] mean = new String[head.length];
            String[] range = new String[head.length];
            mean[0] = b.hypervisor();
            mean[1] = Integer.toString(b.boots().size());
            range[0] = "";
            range[1] = "";
            for (int i = 0; i < BootPhases.NAMES.length; i++) {
                Optional<Stats> s = b.phase(BootPhases.NAMES[i]);
                mean[i + 2] = s.map(BootReport::meanSd).orElse("-");
                range[i + 2] = s.map(x -> String.format(Locale.ROOT, "%.2f … %.2f", x.min(), x.max())).orElse("");
            }
            rows.add(mean);
            rows.add(range);
        }
        StringBuilder sb = new StringBuilder("boot phases [s from the hypervisor's start, host clock; mean ± σ, then min …"
                + " max]\n").append(SeriesReport.columns(rows));
        for (BootSeries b : series) {
            b.kernelUserspace().ifPresent(k -> sb.append(String.format(Locale.ROOT,
                    "%s: the kernel's own clock read %.2f s ± %.2f at the hand-over to userspace (it starts after the"
                            + " firmware and the kernel's decompression)%n", b.hypervisor(), k.mean(), sd(k))));
        }
        for (int i = 1; i < series.size(); i++) {
            Significance sig = BootSeries.prompt(series.get(0), series.get(i));
            sb.append("to the prompt: ").append(sig == null ? series.get(i).hypervisor() + " against "
                    + series.get(0).hypervisor() + ": too few boots (2 or more each) to tell a difference from noise"
                    : sig.describe()).append('\n');
        }
        String warnings = SeriesReport.grouped(series.stream().map(b -> b.hypervisor() + " boots").toList(),
                series.stream().map(BootSeries::warnings).toList(), "hypervisors' boots");
        if (!warnings.isEmpty()) {
            sb.append(warnings.substring(1)).append('\n');
        }
        return sb.toString();
    }

    static String meanSd(Stats s) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), sd(s));
    }

    private static double sd(Stats s) {
        return Double.isNaN(s.stddev()) ? 0 : s.stddev();
    }
}
