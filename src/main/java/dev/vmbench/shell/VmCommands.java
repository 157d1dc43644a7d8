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
    private boolean accelReasonShown;

    public VmCommands(VmLauncher launcher, SessionRegistry registry, ImageLayout defaultImage, Out out,
                      VmbenchPaths paths) {
        this.paths = paths;
        this.launcher = launcher;
        this.registry = registry;
        this.defaultImage = defaultImage;
        this.out = out;
    }

    @ShellMethod(key = "boot", value = "Boot a VM and wait for its guest shell.", group = "VMs")
    public String boot(
            @ShellOption(value = "--name", defaultValue = ShellOption.NULL, help = "VM name (default qemu1, qemu2, ...)") String name,
            @ShellOption(value = "--hypervisor", defaultValue = "qemu-microvm", valueProvider = Completions.HypervisorNames.class,
                    help = "qemu-microvm or qemu-q35") String hypervisor,
            @ShellOption(value = "--kernel", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "kernel image (default: the default image's)") String kernel,
            @ShellOption(value = "--initrd", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "initramfs, or 'none' (default: the default image's)") String initrd,
            @ShellOption(value = "--rootfs", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "root disk image, or 'none' (default: the default image's)") String rootfs,
            @ShellOption(value = "--mem", defaultValue = "1G", help = "guest memory, e.g. 512M or 1G") String mem,
            @ShellOption(value = "--cpus", defaultValue = "2", help = "vCPUs") int cpus,
            @ShellOption(value = "--append", defaultValue = ShellOption.NULL,
                    help = "kernel command line replacing the default") String append,
            @ShellOption(value = "--accel", defaultValue = "auto", valueProvider = Completions.AccelNames.class,
                    help = "auto, kvm or tcg") String accel,
            @ShellOption(value = "--timeout", defaultValue = "120s", help = "how long to wait for the guest prompt") String timeout,
            @ShellOption(value = "--persistent", defaultValue = "false",
                    help = "write guest changes to the root disk (default: a throw-away overlay)") boolean persistent,
            @ShellOption(value = "--prompt", defaultValue = ShellOption.NULL,
                    help = "regular expression of the guest shell prompt") String prompt,
            @ShellOption(value = "--log", defaultValue = "false",
                    help = "also append the console to a plain text file in the state folder") boolean logConsole,
            @ShellOption(value = "--dry-run", defaultValue = "false", help = "print the command line, boot nothing") boolean dryRun)
            throws InterruptedException {
        long memMiB = MemSize.parseMiB(mem);
        Duration wait = Units.parseDuration(timeout);
        Accel acc = Accel.parse(accel);
        VmSpec draft = new VmSpec(name, hypervisor, file(kernel, defaultImage.bzImage(), "--kernel"),
                file(initrd, defaultImage.initramfs(), "--initrd"), file(rootfs, defaultImage.rootfs(), "--rootfs"),
                memMiB, cpus, append, acc, persistent, prompt, List.of());
        if (dryRun) {
            PreparedVm p = launcher.prepare(draft.withName(name == null ? prefix(hypervisor) + "N" : name));
            return (p.accelReason() == null ? "" : "# accelerator: " + p.accelReason() + "\n") + p.plan().commandLine();
        }
        String claimed = registry.claim(name, prefix(hypervisor));
        try {
            VmSpec spec = draft.withName(claimed);
            PreparedVm prepared = launcher.prepare(spec);
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
            if (logConsole) {
                try {
                    ConsoleLog consoleLog = new ConsoleLog(paths.state().resolve("logs").resolve(s.name() + ".log"));
                    s.console().addListenerWithScrollback(consoleLog);
                    logNote = "; console log: " + consoleLog.file();
                } catch (java.io.IOException e) {
                    throw new VmbenchException("cannot write the console log of " + s.name() + ": " + e.getMessage(), e);
                }
            }
            s.onExit(dead -> {
                VmExit exit = dead.exit().orElseThrow();
                if (!exit.requested()) {
                    out.notice(dead.name() + " ended unexpectedly (" + exit.describe() + "); 'logs " + dead.name()
                            + "' shows its last output");
                }
            });
            return s.name() + " is ready: guest prompt after " + s.bootTime().map(Units::seconds).orElse("?")
                    + " (" + s.hypervisor() + ", " + s.accel().label() + ", pid " + s.pid() + ")" + logNote;
        } finally {
            registry.release(claimed);
        }
    }

    /** The option's path; the default image's file when not given; null for 'none'. */
    private Path file(String given, Path fallback, String option) {
        if (given == null) {
            if (!ImageBuilder.isComplete(defaultImage)) {
                throw new VmbenchException("no " + option + " given and the default image is not built: run "
                        + "'image build', or pass " + option);
            }
            return fallback;
        }
        if (given.equalsIgnoreCase("none") && !option.equals("--kernel")) {
            return null;
        }
        return Path.of(given).toAbsolutePath();
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
        return s.exit().map(e -> "dead (" + e.describe() + (e.requested() ? ", stopped" : "") + ")")
                .orElse(s.state().label());
    }

    @ShellMethod(key = "logs", value = "Print a VM's console scrollback.", group = "VMs")
    public String logs(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String name,
            @ShellOption(value = "--lines", defaultValue = "100", help = "how many lines from the end") int lines) {
        VmSession s = registry.get(name);
        return String.join("\n", s.console().scrollback().lastLines(lines));
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
            lines.add(targets.get(i).name() + " stopped (" + exits.get(i).describe() + ")");
        }
        return String.join("\n", lines);
    }

    @ShellMethod(key = "kill", value = "End a VM's hypervisor now (SIGKILL).", group = "VMs")
    public String kill(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String name)
            throws InterruptedException {
        VmSession s = registry.getLive(name);
        return s.name() + " killed (" + s.kill().describe() + ")";
    }
}
