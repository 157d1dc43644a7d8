package dev.vmbench.shell;

import java.util.Arrays;
import java.util.List;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.overhead.HostCost;
import dev.vmbench.overhead.Overhead;
import dev.vmbench.report.HostCostReport;
import dev.vmbench.report.MeminfoReport;

@ShellComponent
public class OverheadCommands {

    private final Overhead overhead;

    public OverheadCommands(Overhead overhead) {
        this.overhead = overhead;
    }

    @ShellMethod(key = "overhead", value = "What each VM's hypervisor process costs the host: memory beside the guest's RAM, CPU, threads, files.",
            group = "Memory")
    public String overhead(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, arity = 64, valueProvider = Completions.VmNames.class,
                    help = "the VMs (default: every live one)") String[] vms,
            @ShellOption(value = "--unit", valueProvider = Completions.MemUnits.class, defaultValue = "auto",
                    help = "kB, MiB or auto") String unit,
            @ShellOption(value = "--json", defaultValue = "false", help = "JSON, in the exports' field names") boolean json) {
        List<HostCost> costs = overhead.measure(vms == null ? List.of() : Arrays.asList(vms));
        return json ? HostCostReport.json(costs) : HostCostReport.table(costs, MeminfoReport.Unit.parse(unit));
    }
}
