package dev.vmbench.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.console.ConsoleLog;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.report.Units;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/**
 * Booting a VM, as {@code boot} does it: a name claimed, the options turned into a spec (the one way,
 * {@link BootOptions#toSpec}), checked and planned, started, registered, its console logged when asked, and its
 * unexpected end announced; or, for a dry run, the plan as text. Callable without the shell.
 */
public final class Boot {

    private final VmLauncher launcher;
    private final SessionRegistry registry;
    private final ImageLayout image;
    private final Hypervisors hypervisors;
    private final VmbenchPaths paths;
    private boolean accelReasonShown;

    public Boot(VmLauncher launcher, SessionRegistry registry, ImageLayout image, Hypervisors hypervisors,
                VmbenchPaths paths) {
        this.launcher = launcher;
        this.registry = registry;
        this.image = image;
        this.hypervisors = hypervisors;
        this.paths = paths;
    }

    /** Where console logs and hypervisors' own logs go. */
    public Path logDir() {
        return paths.state().resolve("logs");
    }

    /** The name prefix of a hypervisor's VMs: qemu1, firecracker1. */
    public static String prefix(String hypervisor) {
        int dash = hypervisor.indexOf('-');
        return (dash > 0 ? hypervisor.substring(0, dash) : hypervisor).toLowerCase(Locale.ROOT);
    }

    /** What a boot would run, and what would stop it here, without starting anything. */
    public String dryRun(String name, BootOptions o) {
        String shown = name != null ? name : prefix(o.hypervisorOrDefault()) + "N";
        PreparedVm p = launcher.prepare(o.toSpec(shown, hypervisors, image, logDir()), true);
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

    /**
     * Boots a VM and waits for its shell.
     *
     * @param progress lines printed as the boot goes (the accelerator's reason once per shell, warnings, booting)
     * @param notices  lines for later, from another thread (the VM ended unexpectedly)
     * @return one line: ready after how long, with its logs
     */
    public String boot(String name, BootOptions o, Consumer<String> progress, Consumer<String> notices)
            throws InterruptedException {
        Duration wait = Units.parseDuration(o.timeoutOrDefault());
        String claimed = registry.claim(name, prefix(o.hypervisorOrDefault()));
        try {
            PreparedVm prepared = launcher.prepare(o.toSpec(claimed, hypervisors, image, logDir()));
            prepared.warnings().forEach(w -> progress.accept("warning: " + w));
            if (prepared.accelReason() != null && !accelReasonShown) {
                progress.accept("accelerator: " + prepared.accelReason());
                accelReasonShown = true;
            }
            VmSession s;
            try {
                s = launcher.start(prepared, wait, progress);
            } catch (InterruptedException e) {
                throw new VmbenchException("boot of " + claimed + " interrupted; its hypervisor was stopped");
            }
            registry.add(s);
            String logNote = o.log() ? consoleLog(s) : "";
            s.onExit(dead -> {
                VmExit exit = dead.exit().orElseThrow();
                if (!exit.requested()) {
                    notices.accept(dead.name() + " ended unexpectedly (" + exit.describe() + "); 'logs " + dead.name()
                            + "' shows its last output");
                }
            });
            String ownLog = s.plan().hypervisorLog() == null ? "" : "; " + s.hypervisor() + "'s own log: "
                    + s.plan().hypervisorLog();
            return s.name() + " is ready: guest prompt after " + s.bootTime().map(Units::seconds).orElse("?")
                    + " (" + s.hypervisor() + ", " + s.accel().label() + ", pid " + s.pid() + ")" + logNote + ownLog
                    + s.bootPhases().map(p -> "\n  phases on the host: " + p.line()).orElse("");
        } finally {
            registry.release(claimed);
        }
    }

    /** Writes the console, from its start, to a file of this VM's own. @return a note for the ready line */
    private String consoleLog(VmSession s) {
        try {
            ConsoleLog log = ConsoleLog.createUnique(logDir().resolve(s.name() + "-"
                    + VmbenchPaths.stamp(s.startedAt()) + ".log"));
            s.console().addListenerWithScrollback(log);
            return "; console log: " + log.file();
        } catch (IOException e) {
            return "; warning: " + IoErrors.describe("no console log:", logDir(), e);
        }
    }
}
