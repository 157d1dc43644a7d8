package dev.vmbench.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.vmbench.UsageException;
import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.console.ConsoleLog;
import dev.vmbench.guest.Readiness;
import dev.vmbench.hosts.Machines;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.profile.BootOption;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.report.Units;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.CommaList;

/**
 * Booting a VM, as {@code boot} does it: a name claimed, the options turned into a spec (the one way,
 * {@link BootOptions#toSpec}), checked and planned, started, registered, its console logged when asked, and its
 * unexpected end announced; or, for a dry run, the plan as text. Callable without the shell.
 */
public final class Boot {

    private final VmLauncher launcher;
    private final Machines machines;

    /** A VM checked and planned, with the launcher of the machine it runs on. */
    private record Planned(PreparedVm vm, VmLauncher launcher) {
    }
    private final SessionRegistry registry;
    private final ImageLayout image;
    private final Hypervisors hypervisors;
    private final VmbenchPaths paths;
    private final AtomicBoolean accelReasonShown = new AtomicBoolean();

    /** The most VMs one {@code boot} starts. */
    public static final int MAX_BATCH = 64;
    /** How long an interrupted boot waits for its threads to stop their hypervisors. */
    private static final Duration INTERRUPTED_WAIT = Duration.ofSeconds(15);

    /** @param machines where {@code --host} boots: here, or a host over SSH */
    public Boot(VmLauncher launcher, SessionRegistry registry, ImageLayout image, Hypervisors hypervisors,
                VmbenchPaths paths, Machines machines) {
        this.launcher = launcher;
        this.registry = registry;
        this.image = image;
        this.hypervisors = hypervisors;
        this.paths = paths;
        this.machines = machines;
    }

    /** Where console logs and hypervisors' own logs go. */
    public Path logDir() {
        return paths.state().resolve("logs");
    }

    /** The spec a boot of this name with these options would boot (the one way: {@link BootOptions#toSpec}). */
    public VmSpec spec(String name, BootOptions o) {
        return o.toSpec(name, hypervisors, image, logDir());
    }

    /** The name prefix of a hypervisor's VMs: qemu1, firecracker1. */
    public static String prefix(String hypervisor) {
        int dash = hypervisor.indexOf('-');
        return (dash > 0 ? hypervisor.substring(0, dash) : hypervisor).toLowerCase(Locale.ROOT);
    }

    /** What a boot would run, and what would stop it here, without starting anything. */
    public String dryRun(String name, BootOptions o) {
        String shown = name != null ? name : prefix(o.hypervisorOrDefault()) + "N";
        PreparedVm p;
        try {
            p = plan(shown, o, true, line -> { }).vm();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmbenchException("interrupted");
        }
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
     * Claims the names a {@code boot} asks for, all or none: {@code --name a,b,c} boots those; {@code --count N}
     * boots N named {@code PREFIX1..PREFIXN} (the first free numbers; the prefix is {@code --name}, else the
     * hypervisor's); neither, one VM (named, or the first free {@code qemuN}).
     */
    public List<String> claim(String name, Integer count, BootOptions o) {
        List<String> listed = CommaList.of(name);
        if (count != null && (count < 1 || count > MAX_BATCH)) {
            throw new UsageException("bad --count " + count + ": give 1 to " + MAX_BATCH);
        }
        if (count != null && listed.size() > 1) {
            throw new UsageException("--count names its VMs PREFIX1..PREFIXN: give --name one prefix, or list the "
                    + "names with --name a,b,c and leave --count out");
        }
        if (listed.size() > MAX_BATCH) {
            throw new UsageException("at most " + MAX_BATCH + " VMs in one boot");
        }
        int n = count != null ? count : Math.max(1, listed.size());
        if (n > 1 && o.is(BootOption.PERSISTENT)) {
            throw new UsageException("--persistent writes the root disk, which one VM at a time may do: boot one "
                    + "--persistent VM, or leave --persistent out (each VM then gets a throw-away overlay)");
        }
        List<String> requested = new ArrayList<>();
        String prefix = prefix(o.hypervisorOrDefault());
        if (count != null) {
            if (name != null && !name.isBlank()) {
                prefix = name;
                registry.checkName(prefix + count); // the longest name the prefix makes
            }
            for (int i = 0; i < n; i++) {
                requested.add(null);
            }
        } else if (listed.isEmpty()) {
            requested.add(null);
        } else {
            requested.addAll(listed);
        }
        return registry.claimAll(requested, prefix);
    }

    /** What a boot tells as it goes, from the threads that boot. */
    public interface Events {

        /** A line before anything starts: the accelerator's reason (once per shell), a warning. */
        void note(String line);

        /** A VM's hypervisor runs; the VM is listed as booting. */
        default void started(VmSession vm) {
        }

        /** A VM is ready, or its boot failed (its hypervisor is gone by then). */
        void done(Outcome outcome);

        /** Later, from another thread: a VM of this boot ended when nobody asked it to. */
        void ended(String line);

        /** Notes to {@code progress}, later ends to {@code notices}; outcomes are the caller's. */
        static Events lines(Consumer<String> progress, Consumer<String> notices) {
            return new Events() {
                @Override
                public void note(String line) {
                    progress.accept(line);
                }

                @Override
                public void done(Outcome outcome) {
                }

                @Override
                public void ended(String line) {
                    notices.accept(line);
                }
            };
        }
    }

    /**
     * How one VM's boot ended.
     *
     * @param vm      the ready VM, or null when its boot failed
     * @param line    the ready line (with its logs and boot phases), or what went wrong
     * @param details the failure's last console lines, or null
     */
    public record Outcome(String name, VmSession vm, String line, String details) {

        public boolean ok() {
            return vm != null;
        }
    }

    /**
     * Boots the claimed VMs at once, each on a thread of its own, and waits until every one is ready or has
     * failed; a failure never stops the others. Every VM is checked and planned before any starts, so a bad
     * option is one error and nothing runs. Interrupted (Ctrl-C), it stops the VMs still booting and throws.
     *
     * @return each VM's outcome, in the order claimed
     */
    public List<Outcome> bootAll(List<String> claimed, BootOptions o, Events events) throws InterruptedException {
        List<Planned> prepared = prepareAll(claimed, o, events);
        Outcome[] outcomes = new Outcome[claimed.size()];
        List<dev.vmbench.Fanout.Task<Outcome>> tasks = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            int k = i;
            tasks.add(() -> outcomes[k] = bootReporting(claimed.get(k), prepared.get(k), o, events));
        }
        try {
            dev.vmbench.Fanout.all(claimed.stream().map(n -> "boot-" + n).toList(), tasks, INTERRUPTED_WAIT);
        } catch (InterruptedException e) {
            // each task killed its hypervisor when interrupted
            long stopped = Arrays.stream(outcomes).filter(x -> x == null || !x.ok()).count();
            throw new VmbenchException("boot interrupted: " + stopped + " VM(s) still booting were stopped"
                    + (stopped < claimed.size() ? "; the ones already ready keep running" : ""));
        }
        return List.of(outcomes);
    }

    /**
     * Starts booting the claimed VMs and returns at once: they are listed as booting, and {@code events} hears
     * when each is ready or failed.
     */
    public void bootInBackground(List<String> claimed, BootOptions o, Events events) {
        List<Planned> prepared = prepareAll(claimed, o, events);
        for (int i = 0; i < claimed.size(); i++) {
            bootThread(claimed.get(i), prepared.get(i), o, events);
        }
    }

    /** Boots one VM and waits for its shell. @return the ready line @throws VmbenchException when it failed */
    public String boot(String name, BootOptions o, Consumer<String> progress, Consumer<String> notices)
            throws InterruptedException {
        String claimed = registry.claim(name, prefix(o.hypervisorOrDefault()));
        Outcome outcome;
        try {
            Planned prepared = prepareAll(List.of(claimed), o, Events.lines(progress, notices)).get(0);
            outcome = bootOne(claimed, prepared, o, progress, s -> { }, notices);
        } catch (RuntimeException e) {
            registry.release(claimed);
            throw e;
        }
        if (!outcome.ok()) {
            throw new VmbenchException(outcome.line(), outcome.details(), null);
        }
        return outcome.line();
    }

    /**
     * Checks and plans one VM on the machine its options name: here, or on a host over SSH, where the files it
     * boots from are copied to the host's cache first (for a dry run only named, not copied).
     */
    private Planned plan(String name, BootOptions o, boolean dryRun, Consumer<String> progress)
            throws InterruptedException {
        String inventory = o.get(BootOption.INVENTORY);
        Machines.Placed p = machines.place(o.get(BootOption.HOST), inventory == null ? null : Path.of(inventory),
                spec(name, o), dryRun, progress);
        return new Planned(p.prepare(dryRun), p.launcher());
    }

    private List<Planned> prepareAll(List<String> claimed, BootOptions o, Events events) {
        List<Planned> prepared = new ArrayList<>();
        Set<String> said = new LinkedHashSet<>();
        try {
            for (String name : claimed) {
                Planned planned = plan(name, o, false, events::note);
                PreparedVm p = planned.vm();
                p.warnings().forEach(w -> said.add("warning: " + w.replace(name, "%VM%")));
                if (p.accelReason() != null && !accelReasonShown.getAndSet(true)) {
                    said.add("accelerator: " + p.accelReason());
                }
                prepared.add(planned);
            }
        } catch (RuntimeException e) {
            claimed.forEach(registry::release);
            throw e;
        } catch (InterruptedException e) {
            claimed.forEach(registry::release);
            Thread.currentThread().interrupt();
            throw new VmbenchException("interrupted while the boot's files were copied");
        }
        String names = claimed.size() == 1 ? claimed.get(0) : "each VM";
        said.forEach(line -> events.note(line.replace("%VM%", names)));
        return prepared;
    }

    /** Boots one planned VM on a background thread of its own (boot --background). */
    private void bootThread(String name, Planned prepared, BootOptions o, Events events) {
        Thread t = new Thread(() -> bootReporting(name, prepared, o, events), "boot-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Boots one planned VM; its outcome (ready, or why not) is told to {@code events} and returned. */
    private Outcome bootReporting(String name, Planned prepared, BootOptions o, Events events) {
        Outcome outcome;
        try {
            outcome = bootOne(name, prepared, o, line -> { }, events::started, events::ended);
        } catch (InterruptedException e) {
            outcome = new Outcome(name, null, "boot of " + name + " interrupted; its hypervisor was stopped", null);
        } catch (RuntimeException e) {
            registry.release(name);
            outcome = new Outcome(name, null, e.getMessage(), e instanceof VmbenchException v ? v.details() : null);
        }
        events.done(outcome);
        return outcome;
    }

    /** Starts one prepared VM and waits for it; a failed boot is an outcome, not an exception. */
    private Outcome bootOne(String claimed, Planned prepared, BootOptions o, Consumer<String> progress,
                            Consumer<VmSession> started, Consumer<String> notices) throws InterruptedException {
        Duration wait = Units.parseDuration(o.timeoutOrDefault());
        AtomicReference<VmSession> booting = new AtomicReference<>();
        VmSession s;
        try {
            s = prepared.launcher().start(prepared.vm(), Readiness.shellPrompt().withTimeout(wait), progress, vm -> {
                booting.set(vm);
                registry.add(vm);
                started.accept(vm);
            });
        } catch (VmbenchException e) {
            forget(claimed, booting.get());
            return new Outcome(claimed, null, e.getMessage(), e.details());
        } catch (InterruptedException e) {
            forget(claimed, booting.get());
            throw new VmbenchException("boot of " + claimed + " interrupted; its hypervisor was stopped");
        } catch (RuntimeException e) {
            forget(claimed, booting.get());
            throw e;
        }
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
        return new Outcome(claimed, s, s.name() + " is ready: guest prompt after " + s.bootTime().map(Units::seconds)
                .orElse("?") + " (" + s.hypervisor() + ", " + s.accel().label() + ", pid " + s.pid() + ")" + logNote
                + ownLog + s.bootPhases().map(p -> "\n  phases on the host: " + p.line()).orElse(""), null);
    }

    private void forget(String claimed, VmSession vm) {
        if (vm != null) {
            registry.remove(vm);
        }
        registry.release(claimed);
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
