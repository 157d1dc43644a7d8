package dev.vmbench.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import org.springframework.shell.table.ArrayTableModel;
import org.springframework.shell.table.BorderStyle;
import org.springframework.shell.table.TableBuilder;

import dev.vmbench.UsageException;
import dev.vmbench.hypervisor.MemSize;
import dev.vmbench.overhead.Overhead;
import dev.vmbench.report.HostCostReport;
import dev.vmbench.report.MeminfoReport;
import dev.vmbench.report.Units;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.CommaList;

@ShellComponent
public class VmCommands {

    private final SessionRegistry registry;
    private final Out out;
    private final Overhead overhead;

    public VmCommands(SessionRegistry registry, Out out, Overhead overhead) {
        this.registry = registry;
        this.out = out;
        this.overhead = overhead;
    }

    @ShellMethod(key = "vms", value = "List the VMs of this shell.", group = "VMs")
    public String vms(@ShellOption(value = "--detail", defaultValue = "false",
            help = "also each live VM's boot phases and what its hypervisor costs the host ('overhead')") boolean detail) {
        List<VmSession> all = registry.list();
        if (all.isEmpty()) {
            return "No VMs. Start one with 'boot'.";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "HOST", "HYPERVISOR", "ACCEL", "PID", "STATE", "BOOT", "UPTIME", "MEM", "CPUS"});
        for (VmSession s : all) {
            rows.add(new String[] {s.name(), s.host().name(), s.hypervisor(), s.accel().label(), Long.toString(s.pid()),
                    s.paused().map(p -> "stopped (SIGSTOP)").orElseGet(s::stateLine),
                    s.bootTime().map(Units::seconds).orElse("-"), Units.uptime(s.uptime()),
                    MemSize.format(s.spec().memMiB()), Integer.toString(s.spec().cpus())});
        }
        String table = new TableBuilder(new ArrayTableModel(rows.toArray(String[][]::new)))
                .addHeaderAndVerticalsBorders(BorderStyle.fancy_light)
                .build()
                .render(out.width());
        if (!detail || registry.live().isEmpty()) {
            return table;
        }
        return table + "\n" + HostCostReport.table(overhead.measure(List.of()), MeminfoReport.Unit.AUTO);
    }

    @ShellMethod(key = "logs", value = "Print a VM's console scrollback.", group = "VMs")
    public String logs(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String name,
            @ShellOption(value = "--lines", defaultValue = "100", help = "how many lines from the end") int lines) {
        VmSession s = registry.get(Required.value(name, "--vm", "logs VM"));
        String own = s.plan().hypervisorLog() == null ? "" : "\n(" + s.hypervisor() + "'s own log, apart from its "
                + "console: " + s.plan().hypervisorLog() + ")";
        return String.join("\n", s.console().scrollback().lastLines(lines)) + own;
    }

    @ShellMethod(key = "stop", value = "Power VMs off cleanly, all at once (each killed after the grace period).",
            group = "VMs")
    public String stop(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, arity = 64,
                    valueProvider = Completions.VmNames.class, help = "VM names (space or comma separated)") String[] names,
            @ShellOption(value = "--all", defaultValue = "false", help = "stop every live VM") boolean all,
            @ShellOption(value = "--grace", defaultValue = "10s", help = "time for a clean power-off") String grace)
            throws InterruptedException {
        Duration g = Units.parseDuration(grace);
        List<VmSession> targets = targets(names, all, "stop");
        if (targets.isEmpty()) {
            return "No live VMs.";
        }
        return ended(targets, registry.stopAll(targets, g), "stopped");
    }

    @ShellMethod(key = "kill", value = "End VMs' hypervisors now (SIGKILL), all at once.", group = "VMs")
    public String kill(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, arity = 64,
                    valueProvider = Completions.VmNames.class, help = "VM names (space or comma separated)") String[] names,
            @ShellOption(value = "--all", defaultValue = "false", help = "kill every live VM") boolean all)
            throws InterruptedException {
        List<VmSession> targets = targets(names, all, "kill");
        if (targets.isEmpty()) {
            return "No live VMs.";
        }
        return ended(targets, registry.killAll(targets), "killed");
    }

    private List<VmSession> targets(String[] names, boolean all, String verb) {
        List<String> wanted = CommaList.of(names);
        if (all && !wanted.isEmpty()) {
            throw new UsageException(verb + " --all takes no names: give names, or --all");
        }
        if (all) {
            return registry.live();
        }
        if (wanted.isEmpty()) {
            throw new UsageException("name the VMs to " + verb + " (" + verb + " NAME [NAME ...]), or use --all");
        }
        List<VmSession> targets = new ArrayList<>();
        for (String n : wanted) {
            targets.add(registry.getLive(n));
        }
        return targets;
    }

    private static String ended(List<VmSession> targets, List<VmExit> exits, String how) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            lines.add(targets.get(i).name() + " " + how + " (" + exits.get(i).status() + ")");
        }
        return String.join("\n", lines);
    }
}
