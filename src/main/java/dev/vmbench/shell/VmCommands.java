package dev.vmbench.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import org.springframework.shell.table.ArrayTableModel;
import org.springframework.shell.table.BorderStyle;
import org.springframework.shell.table.TableBuilder;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.profile.Profiles;
import dev.vmbench.console.ConsoleLog;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.MemSize;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.report.Units;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

@ShellComponent
public class VmCommands {

    private final VmLauncher launcher;
    private final SessionRegistry registry;
    private final ImageLayout defaultImage;
    private final Out out;
    private final VmbenchPaths paths;
    private final Profiles profiles;
    private final Hypervisors hypervisors;
    private boolean accelReasonShown;

    public VmCommands(VmLauncher launcher, SessionRegistry registry, ImageLayout defaultImage, Out out,
                      VmbenchPaths paths, Profiles profiles, Hypervisors hypervisors) {
        this.paths = paths;
        this.profiles = profiles;
        this.hypervisors = hypervisors;
        this.launcher = launcher;
        this.registry = registry;
        this.defaultImage = defaultImage;
        this.out = out;
    }

    @ShellMethod(key = "boot", value = "Boot a VM and wait for its guest shell.", group = "VMs")
    public String boot(
            @ShellOption(value = "--name", defaultValue = ShellOption.NULL, help = "VM name (default qemu1, qemu2, ...)") String name,
            @ShellOption(value = "--profile", defaultValue = ShellOption.NULL, valueProvider = Completions.ProfileNames.class,
                    help = "start from a saved profile; other options override it") String profile,
            @ShellOption(value = "--hypervisor", defaultValue = ShellOption.NULL, valueProvider = Completions.HypervisorNames.class,
                    help = "qemu-microvm (default), qemu-q35 or firecracker") String hypervisor,
            @ShellOption(value = "--kernel", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "kernel image (default: the default image's bzImage, or vmlinux for Firecracker)") String kernel,
            @ShellOption(value = "--initrd", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "initramfs, or 'none' (default: the default image's)") String initrd,
            @ShellOption(value = "--rootfs", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "root disk image, or 'none' (default: the default image's)") String rootfs,
            @ShellOption(value = "--mem", defaultValue = ShellOption.NULL, help = "guest memory, e.g. 512M or 1G (default 1G)") String mem,
            @ShellOption(value = "--cpus", defaultValue = ShellOption.NULL, help = "vCPUs (default 2)") String cpus,
            @ShellOption(value = "--append", defaultValue = ShellOption.NULL,
                    help = "kernel command line replacing the default") String append,
            @ShellOption(value = "--accel", defaultValue = ShellOption.NULL, valueProvider = Completions.AccelNames.class,
                    help = "auto (default), kvm or tcg") String accel,
            @ShellOption(value = "--timeout", defaultValue = ShellOption.NULL, help = "how long to wait for the guest prompt (default 120s)") String timeout,
            @ShellOption(value = "--persistent", defaultValue = "false",
                    help = "write guest changes to the root disk (default: a throw-away overlay or copy)") boolean persistent,
            @ShellOption(value = "--prompt", defaultValue = ShellOption.NULL,
                    help = "regular expression of the guest shell prompt") String prompt,
            @ShellOption(value = "--log", defaultValue = "false",
                    help = "also append the console to a plain text file in the state folder") boolean logConsole,
            @ShellOption(value = "--qemu-arg", defaultValue = ShellOption.NULL,
                    help = "extra QEMU arguments, quoted as one option: --qemu-arg '-s -device ...'") String qemuArgs,
            @ShellOption(value = "--firecracker-binary", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "the firecracker program (else VMBENCH_FIRECRACKER, else PATH)") String fcBinary,
            @ShellOption(value = "--cpu-template", valueProvider = Completions.CpuTemplates.class, defaultValue = ShellOption.NULL, help = "Firecracker: T2, C3 ... or none") String cpuTemplate,
            @ShellOption(value = "--disable-smt", defaultValue = "false", help = "Firecracker: no SMT (firectl -t)") boolean disableSmt,
            @ShellOption(value = "--tap-device", defaultValue = ShellOption.NULL, help = "host tap for the guest network: NAME/MAC") String tap,
            @ShellOption(value = "--log-level", valueProvider = Completions.LogLevels.class, defaultValue = ShellOption.NULL, help = "Firecracker: Error, Warning, Info, Debug, Trace") String logLevel,
            @ShellOption(value = "--firecracker-log", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "Firecracker's log file") String fcLog,
            @ShellOption(value = "--api-socket", defaultValue = "false", help = "Firecracker: keep its API socket instead of --no-api") boolean apiSocket,
            @ShellOption(value = "--dry-run", defaultValue = "false", help = "print the command line (and config), boot nothing") boolean dryRun)
            throws InterruptedException {
        BootOptions given = new BootOptions(hypervisor, kernel, initrd, rootfs, mem, cpus, append, accel, timeout,
                persistent, prompt, logConsole, qemuArgs, fcBinary, cpuTemplate, disableSmt, tap, logLevel, fcLog,
                apiSocket);
        BootOptions o = profile == null ? given : given.over(profiles.get(profile));
        Duration wait = Units.parseDuration(o.timeoutOrDefault());
        String prefix = prefix(o.hypervisorOrDefault());
        if (dryRun) {
            String shown = name != null ? name : prefix + "N";
            PreparedVm p = launcher.prepare(o.toSpec(shown, hypervisors, defaultImage, logDir()), true);
            StringBuilder sb = new StringBuilder();
            p.problems().forEach(problem -> sb.append("# would not boot here: ").append(problem).append('\n'));
            p.warnings().forEach(w -> sb.append("# warning: ").append(w).append('\n'));
            p.hypervisor().seedDifferences(p.spec(), p.plan())
                    .forEach(d -> sb.append("# differs from the seed's line: ").append(d).append('\n'));
            if (p.accelReason() != null) {
                sb.append("# accelerator: ").append(p.accelReason()).append('\n');
            }
            sb.append(p.plan().commandLine());
            p.plan().files().forEach((f, content) -> sb.append("\n# ").append(f).append(" (written 0600 at boot):\n")
                    .append(content.stripTrailing()));
            if (p.plan().diskCopy() != null) {
                sb.append("\n# the root disk is copied to ").append(p.plan().diskCopy().getValue())
                        .append(" at boot and removed when the VM ends");
            }
            return sb.toString();
        }
        String claimed = registry.claim(name, prefix);
        try {
            VmSpec spec = o.toSpec(claimed, hypervisors, defaultImage, logDir());
            PreparedVm prepared = launcher.prepare(spec);
            prepared.warnings().forEach(w -> out.println("warning: " + w));
            if (prepared.accelReason() != null && !accelReasonShown) {
                out.println("accelerator: " + prepared.accelReason());
                accelReasonShown = true;
            }
            VmSession s;
            try {
                s = launcher.start(prepared, wait, out::println);
            } catch (InterruptedException e) {
                throw new VmbenchException("boot of " + claimed + " interrupted; its hypervisor was stopped");
            }
            registry.add(s);
            String logNote = "";
            if (o.log()) {
                try {
                    ConsoleLog consoleLog = ConsoleLog.createUnique(logDir().resolve(s.name() + "-"
                            + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                            .withZone(java.time.ZoneOffset.UTC).format(s.startedAt()) + ".log"));
                    s.console().addListenerWithScrollback(consoleLog);
                    logNote = "; console log: " + consoleLog.file();
                } catch (java.io.IOException e) {
                    logNote = "; warning: " + dev.vmbench.config.IoErrors.describe("no console log:", logDir(), e);
                }
            }
            s.onExit(dead -> {
                VmExit exit = dead.exit().orElseThrow();
                if (!exit.requested()) {
                    out.notice(dead.name() + " ended unexpectedly (" + exit.describe() + "); 'logs " + dead.name()
                            + "' shows its last output");
                }
            });
            String ownLog = s.plan().hypervisorLog() == null ? "" : "; " + s.hypervisor() + "'s own log: "
                    + s.plan().hypervisorLog();
            return s.name() + " is ready: guest prompt after " + s.bootTime().map(Units::seconds).orElse("?")
                    + " (" + s.hypervisor() + ", " + s.accel().label() + ", pid " + s.pid() + ")" + logNote + ownLog;
        } finally {
            registry.release(claimed);
        }
    }

    private java.nio.file.Path logDir() {
        return paths.state().resolve("logs");
    }

    static String prefix(String hypervisor) {
        int dash = hypervisor.indexOf('-');
        return (dash > 0 ? hypervisor.substring(0, dash) : hypervisor).toLowerCase(Locale.ROOT);
    }

    @ShellMethod(key = "vms", value = "List the VMs of this shell.", group = "VMs")
    public String vms() {
        List<VmSession> all = registry.list();
        if (all.isEmpty()) {
            return "No VMs. Start one with 'boot'.";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "HYPERVISOR", "ACCEL", "PID", "STATE", "BOOT", "UPTIME", "MEM", "CPUS"});
        for (VmSession s : all) {
            rows.add(new String[] {s.name(), s.hypervisor(), s.accel().label(), Long.toString(s.pid()), state(s),
                    s.bootTime().map(Units::seconds).orElse("-"), Units.uptime(s.uptime()),
                    MemSize.format(s.spec().memMiB()), Integer.toString(s.spec().cpus())});
        }
        return new TableBuilder(new ArrayTableModel(rows.toArray(String[][]::new)))
                .addHeaderAndVerticalsBorders(BorderStyle.fancy_light)
                .build()
                .render(out.width());
    }

    static String state(VmSession s) {
        return s.exit().map(e -> "dead (" + (e.requested() ? e.status() + ", stopped" : e.describe()) + ")")
                .orElseGet(() -> s.paused().map(p -> "stopped (SIGSTOP)").orElse(s.state().label()));
    }

    @ShellMethod(key = "logs", value = "Print a VM's console scrollback.", group = "VMs")
    public String logs(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String name,
            @ShellOption(value = "--lines", defaultValue = "100", help = "how many lines from the end") int lines) {
        VmSession s = registry.get(name);
        String own = s.plan().hypervisorLog() == null ? "" : "\n(" + s.hypervisor() + "'s own log, apart from its "
                + "console: " + s.plan().hypervisorLog() + ")";
        return String.join("\n", s.console().scrollback().lastLines(lines)) + own;
    }

    @ShellMethod(key = "stop", value = "Power a VM off cleanly (killed after the grace period).", group = "VMs")
    public String stop(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, valueProvider = Completions.VmNames.class,
                    help = "VM name") String name,
            @ShellOption(value = "--all", defaultValue = "false", help = "stop every live VM") boolean all,
            @ShellOption(value = "--grace", defaultValue = "10s", help = "time for a clean power-off") String grace)
            throws InterruptedException {
        Duration g = Units.parseDuration(grace);
        List<VmSession> targets;
        if (all) {
            targets = registry.live();
            if (targets.isEmpty()) {
                return "No live VMs.";
            }
        } else if (name == null) {
            throw new VmbenchException("name a VM to stop (stop NAME), or use --all");
        } else {
            targets = List.of(registry.getLive(name));
        }
        List<VmExit> exits = registry.stopAll(targets, g);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            lines.add(targets.get(i).name() + " stopped (" + exits.get(i).status() + ")");
        }
        return String.join("\n", lines);
    }

    @ShellMethod(key = "kill", value = "End a VM's hypervisor now (SIGKILL).", group = "VMs")
    public String kill(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String name)
            throws InterruptedException {
        VmSession s = registry.getLive(name);
        return s.name() + " killed (" + s.kill().status() + ")";
    }
}
