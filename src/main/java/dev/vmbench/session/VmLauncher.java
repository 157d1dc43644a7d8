package dev.vmbench.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.pty4j.PtyProcess;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.console.Console;
import dev.vmbench.console.ConsoleClosedException;
import dev.vmbench.console.ConsoleTimeoutException;
import dev.vmbench.console.ConsoleWatch;
import dev.vmbench.guest.Readiness;
import dev.vmbench.host.Host;
import dev.vmbench.host.PtyCommand;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.LaunchPlan;
import dev.vmbench.hypervisor.VmSpec;

/**
 * Checks a {@link VmSpec} against the host, plans it, starts the hypervisor on a pty and waits for the
 * guest shell. A boot that fails in any way leaves no process behind.
 */
public class VmLauncher {

    public static final int SCROLLBACK_LINES = 5000;
    /** How long a hypervisor started through ssh may take to name its PID on its host. */
    static final Duration HOST_PID_WAIT = Duration.ofSeconds(30);

    private final Hypervisors hypervisors;
    private final Host host;
    private final VmbenchPaths paths;

    private final Preflight preflight;

    public VmLauncher(Hypervisors hypervisors, Host host, VmbenchPaths paths) {
        this.preflight = new Preflight(hypervisors, host, paths);
        this.hypervisors = hypervisors;
        this.host = host;
        this.paths = paths;
        if (host instanceof dev.vmbench.host.LocalHost) {
            StateDirs.sweep(paths.vmStates()); // a remote host's VM folders are named by this machine's pids
        }
    }

    /** The machine this launcher starts VMs on. */
    public Host host() {
        return host;
    }

    /** Checks and plans a VM for a boot: anything in the way is refused (see {@link Preflight}). */
    public PreparedVm prepare(VmSpec spec) {
        return preflight.prepare(spec, false);
    }

    /** ... or, for a dry run, listed. */
    public PreparedVm prepare(VmSpec spec, boolean dryRun) {
        return preflight.prepare(spec, dryRun);
    }

    /**
     * Refuses, in one line, when the spec's hypervisor program is not on this launcher's host (what a boot would
     * refuse later, said before files are copied there).
     */
    public void requireProgram(VmSpec spec) {
        preflight.requireProgram(spec);
    }

    /** ... with files a dry run did not copy to the host yet checked here ({@link Preflight#prepare}). */
    public PreparedVm prepare(VmSpec spec, boolean dryRun, Map<Path, Path> pending) {
        return preflight.prepare(spec, dryRun, pending);
    }

    /**
     * Starts the VM and waits until its shell answers.
     *
     * @param progress receives one-line progress messages
     * @throws VmbenchException      when the guest does not come up; the process is gone by then
     * @throws InterruptedException when the caller is interrupted; the process is gone by then
     */
    public VmSession start(PreparedVm prepared, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        return start(prepared, Readiness.shellPrompt().withTimeout(timeout), progress);
    }

    /** ... ready as {@code readiness} says, within its timeout. */
    public VmSession start(PreparedVm prepared, Readiness readiness, Consumer<String> progress)
            throws InterruptedException {
        return start(prepared, readiness, progress, s -> { });
    }

    /**
     * ... and tells {@code started} about the session as soon as its hypervisor runs, before the guest is ready
     * (a registry lists it as booting; a stop then ends it, and this method throws saying it was stopped).
     */
    public VmSession start(PreparedVm prepared, Readiness readiness, Consumer<String> progress,
                           Consumer<VmSession> started) throws InterruptedException {
        Duration timeout = readiness.timeout();
        VmSpec spec = prepared.spec();
        LaunchPlan plan = prepared.plan();
        boolean ownsFolder = !plan.files().isEmpty() || plan.diskCopy() != null || !plan.sparse().isEmpty();
        Path stateDir = ownsFolder ? prepared.context().stateDir() : null;
        writeFiles(stateDir, plan.files());
        prepareDisks(stateDir, plan);
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        PtyProcess process;
        try {
            process = host.startOnPty(PtyCommand.console(plan.argv(), stateDir));
        } catch (IOException e) {
            deleteState(stateDir);
            throw new VmbenchException("could not start " + plan.argv().get(0) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteState(stateDir);
            throw e;
        }
        Console console = new Console(process.getInputStream(), process.getOutputStream(), SCROLLBACK_LINES);
        VmSession session = new VmSession(spec, prepared.hypervisor(), prepared.context().accel(), plan, process,
                console, stateDir, startedAt, t0, host);
        boolean ok = false;
        try (ConsoleWatch watch = console.watch()) {
            console.start("vm-console-" + spec.name());
            session.watchExit();
            long pidDeadline = System.nanoTime() + HOST_PID_WAIT.toNanos();
            while (!session.awaitHostPid(Duration.ofMillis(100))) {
                if (!session.isAlive() || System.nanoTime() > pidDeadline) {
                    session.awaitExit(Duration.ofSeconds(2));
                    throw failed(session, spec.name() + "'s hypervisor did not start on " + host.name()
                            + session.exit().map(x -> " (" + x.status() + ")").orElse(""));
                }
            }
            started.accept(session);
            progress.accept("booting " + spec.name() + " (" + spec.hypervisor() + ", " + session.accel().label()
                    + ", pid " + session.pid() + ")");
            long promptAt = readiness.waitUntilReady(session, watch, t0);
            session.markReady(promptAt, System.nanoTime());
            ok = true;
            return session;
        } catch (ConsoleTimeoutException e) {
            throw failed(session, spec.name() + " did not reach the guest prompt within " + human(timeout)
                    + "; it was killed (" + (prepared.warnings().isEmpty() ? "raise --timeout, or check the kernel "
                    + "command line" : prepared.warnings().get(0)) + ")");
        } catch (ConsoleClosedException e) {
            session.awaitExit(Duration.ofSeconds(5));
            if (session.exit().map(VmExit::requested).orElse(false)) {
                throw new VmbenchException(spec.name() + " was stopped while booting");
            }
            String how = session.exit().map(VmExit::describe).orElse("its console closed");
            throw failed(session, spec.name() + "'s hypervisor ended before the guest prompt: " + how);
        } catch (IOException e) {
            throw failed(session, "could not type into " + spec.name() + "'s console: " + e.getMessage());
        } finally {
            if (!ok) {
                session.kill();
            }
        }
    }

    private VmbenchException failed(VmSession session, String message) throws InterruptedException {
        session.kill();
        List<String> last = session.exit().map(VmExit::lastLines)
                .orElse(session.console().scrollback().lastLines(VmSession.LAST_LINES));
        return new VmbenchException(message, lastLinesBlock(last), null);
    }

    static String lastLinesBlock(List<String> lines) {
        List<String> shown = lines.stream().filter(l -> !l.isBlank()).toList();
        if (shown.isEmpty()) {
            return "(the console printed nothing)";
        }
        StringBuilder sb = new StringBuilder("last console lines:");
        for (String l : shown.subList(Math.max(0, shown.size() - 12), shown.size())) {
            sb.append("\n  | ").append(l);
        }
        return sb.toString();
    }

    /** The private disk copy and the files the hypervisor expects to exist, on its host. */
    private void prepareDisks(Path dir, LaunchPlan plan) {
        try {
            if (plan.diskCopy() != null) {
                host.copyPrivate(plan.diskCopy().getKey(), plan.diskCopy().getValue());
            }
            for (Path t : plan.emptied()) {
                host.emptyPrivate(t);
            }
            for (Map.Entry<Path, Long> f : plan.sparse().entrySet()) {
                host.createSparse(f.getKey(), f.getValue());
            }
        } catch (IOException e) {
            deleteState(dir);
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("could not prepare the VM's disk or log "
                    + "files in", dir, e), e);
        }
    }

    private void writeFiles(Path dir, Map<Path, String> files) {
        if (files.isEmpty()) {
            return;
        }
        try {
            host.writePrivateFiles(dir, files);
        } catch (IOException e) {
            deleteState(dir);
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("could not write the VM's files in", dir, e), e);
        }
    }

    /** The VM's folder gone from its host (a failure to is logged: it must not hide the failure being told). */
    private void deleteState(Path dir) {
        try {
            host.deleteTree(dir);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(VmLauncher.class).warn("could not remove {} on {}: {}", dir, host.name(),
                    e.toString());
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
    }
}
