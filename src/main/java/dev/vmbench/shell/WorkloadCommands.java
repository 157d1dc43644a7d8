package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.workload.Workload;
import dev.vmbench.workload.Workloads;

/** {@code workload list}, {@code workload show}: the named workloads, built in and the user's. */
@ShellComponent
public class WorkloadCommands {

    private final Workloads workloads;

    public WorkloadCommands(Workloads workloads) {
        this.workloads = workloads;
    }

    @ShellMethod(key = "workload list", value = "The named workloads: figure, unit, which way is better, tools.",
            group = "Commands")
    public String list() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "FIGURE", "UNIT", "BETTER", "NEEDS", "DESCRIPTION"});
        for (Workload w : workloads.all().values()) {
            List<String> needs = new ArrayList<>(w.tools());
            if (w.scratch()) {
                needs.add("scratch disk");
            }
            rows.add(new String[] {w.name(), w.metric().name(), w.metric().unit(), w.metric().better().word(),
                    needs.isEmpty() ? "-" : String.join(", ", needs), w.description()});
        }
        return left(rows) + "\n(your own in " + workloads.file() + "; 'workload show NAME')";
    }

    /** Text columns, left-aligned, two spaces apart. */
    static String left(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(i < r.length - 1 ? w[i] - r[i].length() + 2 : 0));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @ShellMethod(key = "workload show", value = "One workload: its guest command and how its figure is read.",
            group = "Commands")
    public String show(@ShellOption(value = "--name", valueProvider = Completions.WorkloadNames.class,
            help = "the workload") String name) {
        Workload w = workloads.get(name);
        return String.join("\n",
                "name         " + w.name(),
                "description  " + w.description(),
                "command      " + (w.isBoot() ? "(none: each boot to the guest's prompt)" : w.guestCommand()),
                "figure       " + w.metric().name() + ", read by " + w.reading().describe(),
                "unit         " + w.metric().unit() + ", " + w.metric().better().phrase(),
                "tools        " + (w.tools().isEmpty() ? "-" : String.join(", ", w.tools()) + " (image build --with "
                        + String.join(",", w.tools()) + ")"),
                "scratch disk " + (w.scratch() ? Workload.SCRATCH_DEVICE + " (boot --scratch-disk 1G; compare adds one)"
                        : "no"),
                "defined      " + w.source());
    }
}
