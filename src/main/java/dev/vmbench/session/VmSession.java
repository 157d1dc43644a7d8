package dev.vmbench.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.pty4j.PtyProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vmbench.console.Console;
import dev.vmbench.console.ConsoleListener;
import dev.vmbench.host.ProcessReader;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Hypervisor;
import dev.vmbench.hypervisor.LaunchPlan;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.CpuWindow;

/**
 * A live VM: its hypervisor process on a pty, its console, and its state. Created by {@link VmLauncher};
 * a watcher thread turns it DEAD when the process exits, however that happens.
 */
public final class VmSession implements dev.vmbench.guest.Guest {

    private static final Logger log = LoggerFactory.getLogger(VmSession.class);

    static final int LAST_LINES = 80;

    private final VmSpec spec;
    private final Hypervisor hypervisorStrategy;
    private final Accel accel;
    private final LaunchPlan plan;
    private final PtyProcess process;
    private final Console console;
    private final Path stateDir;
    private final Instant startedAt;
    private final long startNanos;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final List<Consumer<VmSession>> exitListeners = new CopyOnWriteArrayList<>();

    private final java.util.concurrent.locks.ReentrantLock commandLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile VmState state = VmState.BOOTING;
    private volatile Long bootNanos;
    private volatile Instant endedAt;
    private volatile VmExit exit;
    private volatile boolean endRequested;

    private final dev.vmbench.host.Host host;
    private final ProcessReader proc;
    /** The hypervisor's CPU seconds, sampled every second while it runs ({@link CpuSampler}). */
    private final CpuWindow cpu = new CpuWindow(CPU_WINDOW_SECONDS + 5);
    private final BootPhases.Watch bootWatch;
    private final ConsoleListener bootListener;
    private volatile BootPhases bootPhases;

    /** The window of "CPU over the last N seconds". */
    public static final double CPU_WINDOW_SECONDS = 10;

    VmSession(VmSpec spec, Hypervisor hypervisorStrategy, Accel accel, LaunchPlan plan, PtyProcess process, Console console, Path stateDir,
              Instant startedAt, long startNanos, dev.vmbench.host.Host host) {
        this.host = host;
        this.hypervisorStrategy = hypervisorStrategy;
        this.spec = spec;
        this.accel = accel;
        this.plan = plan;
        this.process = process;
        this.console = console;
        this.stateDir = stateDir;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.proc = new ProcessReader(host);
        this.bootWatch = new BootPhases.Watch(startNanos);
        this.bootListener = new ConsoleListener() {
            @Override
            public void onOutput(String text, long nanoTime) {
                bootWatch.onText(text, nanoTime);
            }

            @Override
            public Delivery delivery() {
                return Delivery.SYNCHRONOUS;
            }

            @Override
            public String label() {
                return "boot-phases";
            }
        };
        console.addListener(bootListener);
        if (host.announcesPid()) {
            console.addListener(new ConsoleListener() {
                private final StringBuilder seen = new StringBuilder();

                @Override
                public void onOutput(String text, long nanoTime) {
                    if (hostPid.getCount() == 0 || seen.length() > 4096) {
                        return;
                    }
                    seen.append(text);
                    java.util.regex.Matcher m = PID_LINE.matcher(seen);
                    if (m.find()) {
                        remotePid = Long.parseLong(m.group(1));
                        hostPid.countDown();
                    }
                }

                @Override
                public Delivery delivery() {
                    return Delivery.SYNCHRONOUS;
                }

                @Override
                public String label() {
                    return "host-pid";
                }
            });
        } else {
            hostPid.countDown();
        }
    }

    private static final java.util.regex.Pattern PID_LINE = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(dev.vmbench.host.SshHost.PID_MARK) + "(\\d+)\\r?\\n");
    /** Counted down when the hypervisor's PID on its host is known (at once for a local one). */
    private final java.util.concurrent.CountDownLatch hostPid = new java.util.concurrent.CountDownLatch(1);
    private volatile long remotePid = -1;

    /**
     * Waits for a hypervisor started through a client (ssh) to name its PID on its host.
     *
     * @return false when it did not within the timeout (it did not start there)
     */
    boolean awaitHostPid(Duration timeout) throws InterruptedException {
        return hostPid.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How long a guest that printed a kernel panic may take to end its hypervisor before it is killed. */
    static final Duration PANIC_GRACE = Duration.ofSeconds(10);
    /** After the guest's power-off grace: how long SIGTERM gets before SIGKILL. */
    static final Duration AFTER_SIGTERM = Duration.ofSeconds(3);
    /** How long a SIGKILLed hypervisor may take to be reaped before that is a bug. */
    static final Duration AFTER_SIGKILL = Duration.ofSeconds(10);
    /** How long a message waits for an exit already under way to be recorded. */
    static final Duration EXIT_RECORDED = Duration.ofSeconds(5);

    /** Starts the thread that waits for the process to exit, and the watch for a guest panic that hangs. */
    void watchExit() {
        console.addListener(new PanicWatch(PANIC_GRACE, () -> {
            if (process.isAlive()) {
                log.warn("{} printed a kernel panic and its hypervisor did not end within {}; killing it",
                        spec.name(), PANIC_GRACE);
                process.destroyForcibly();
            }
        }));
        Thread t = new Thread(this::awaitProcess, "vm-exit-" + spec.name());
        t.setDaemon(true);
        t.start();
    }

    private void awaitProcess() {
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            // Let the reader drain what the hypervisor printed last before taking the last lines, and the queued
            // listeners (a transcript, the console log) write it; a listener that is stuck is not waited for long.
            console.awaitEnd(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        console.close();
        // ssh's own failure (255) with nobody asking: the link went, and the hypervisor may live on over there
        boolean lost = host.announcesPid() && code == 255 && !endRequested;
        exit = new VmExit(code, endRequested, console.scrollback().lastLines(LAST_LINES), lost ? host.name() : null);
        if (lost && remotePid > 0) {
            RemoteReaper.start(this);
        }
        endedAt = Instant.now();
        // Its private files go before anyone waiting on the exit is told: "ended" means cleaned up.
        if (!lost) {
            deleteStateDir(); // after a lost link, the reaper does it once the hypervisor is verified gone
        }
        state = VmState.DEAD;
        exited.countDown();
        log.info("{} ended: {}", spec.name(), exit.describe());
        for (Consumer<VmSession> l : exitListeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                log.warn("exit listener failed for {}", spec.name(), e);
            }
        }
    }

    void markReady(long promptNanos, long readyNanos) {
        bootNanos = promptNanos - startNanos;
        console.removeListener(bootListener);
        bootWatch.stop();
        bootPhases = bootWatch.phases(promptNanos, readyNanos);
        CpuSampler.watch(this);
        if (state == VmState.BOOTING) {
            state = VmState.READY;
        }
    }

    /** Called once the session is dead; called at once if it already is. */
    public void onExit(Consumer<VmSession> listener) {
        exitListeners.add(listener);
        if (exited.getCount() == 0 && exitListeners.remove(listener)) {
            listener.accept(this);
        }
    }

    /**
     * Powers the guest off cleanly: Ctrl-C to whatever runs in the foreground, then the plan's power-off
     * command ({@code sync; poweroff -f} for QEMU). After {@code grace} the process gets SIGTERM, then SIGKILL.
     *
     * @return how it ended
     */
    public VmExit stop(Duration grace) throws InterruptedException {
        if (!isAlive()) {
            return exit;
        }
        endRequested = true;
        boolean booting = state == VmState.BOOTING;
        state = VmState.STOPPING;
        if (booting) { // no shell to type a power-off into yet
            process.destroy();
            if (awaitExit(AFTER_SIGTERM)) {
                return exit;
            }
            return kill();
        }
        try {
            console.send("\u0003");
            console.send("\n" + plan.powerOff() + "\n");
        } catch (IOException e) {
            log.debug("{}: could not type the power-off command: {}", spec.name(), e.toString());
        }
        if (awaitExit(grace)) {
            return exit;
        }
        log.info("{} did not power off within {}; sending SIGTERM", spec.name(), grace);
        process.destroy();
        if (awaitExit(AFTER_SIGTERM)) {
            return exit;
        }
        return kill();
    }

    /** Ends the hypervisor at once (SIGKILL) and waits for it to be reaped. */
    public VmExit kill() throws InterruptedException {
        if (!isAlive()) {
            return exit;
        }
        endRequested = true;
        process.destroyForcibly();
        if (!awaitExit(AFTER_SIGKILL)) {
            throw new IllegalStateException("process " + pid() + " of " + spec.name() + " survived SIGKILL for "
                    + AFTER_SIGKILL.toSeconds() + " s");
        }
        return exit;
    }

    /** @return true when the process exited within the timeout */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return exited.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Held while a command runs in the guest shell, so that two commands do not interleave. */
    @Override
    public java.util.concurrent.locks.ReentrantLock commandLock() {
        return commandLock;
    }

    @Override
    public String promptRegex() {
        return spec.promptRegex();
    }

    /** A hypervisor stopped by SIGSTOP (or a debugger) runs nothing: its guest cannot answer. */
    @Override
    public Optional<String> paused() {
        try {
            if (!isAlive() || !host.stopped(pid())) {
                return Optional.empty();
            }
        } catch (dev.vmbench.VmbenchException e) { // a remote host not answering: whatever it is, not paused here
            return Optional.empty();
        }
        return Optional.of("its hypervisor (pid " + pid() + ") is stopped (SIGSTOP): 'kill -CONT " + pid()
                + "' on the host resumes it");
    }

    @Override
    public String endDescription() throws InterruptedException {
        awaitExit(EXIT_RECORDED);
        return exit().map(VmExit::describe).orElse("its console closed");
    }

    /** Waits briefly for the exit to be recorded, for messages; keeps the interrupt flag. */
    public void awaitExitQuietly() {
        try {
            awaitExit(EXIT_RECORDED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isAlive() {
        return exited.getCount() > 0;
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** The machine its hypervisor runs on. */
    public dev.vmbench.host.Host host() {
        return host;
    }

    /** The hypervisor that planned this VM (what it knows of its own process: where guest RAM is). */
    public Hypervisor hypervisorStrategy() {
        return hypervisorStrategy;
    }

    public VmSpec spec() {
        return spec;
    }

    public String hypervisor() {
        return spec.hypervisor();
    }

    public Accel accel() {
        return accel;
    }

    public LaunchPlan plan() {
        return plan;
    }

    /**
     * The VM's state in words, as {@code vms} and {@code watch} show it: {@code booting (kernel)}, {@code ready},
     * {@code dead (how; what became of it over there)}. Reads nothing of its host: whether the process is
     * stopped by a signal is {@link #paused()}'s, which {@code vms} adds.
     */
    public String stateLine() {
        return exit().map(e -> "dead (" + (e.requested() ? e.status() + ", stopped" : e.describe())
                        + remoteFate().map(f -> "; " + f).orElse("") + ")")
                .orElseGet(() -> state == VmState.BOOTING ? "booting (" + bootPhase() + ")" : state.label());
    }

    /** For a VM whose link was lost: what became of its hypervisor over there (null: nothing to tell). */
    public Optional<String> remoteFate() {
        return Optional.ofNullable(remoteFate);
    }

    void remoteFate(String fate) {
        remoteFate = fate;
    }

    private volatile String remoteFate;

    /** The hypervisor's PID on the host that runs it (for a remote one, as it announced it; -1 until then). */
    public long pid() {
        return host.announcesPid() ? remotePid : process.pid();
    }

    public VmState state() {
        return state;
    }

    public Optional<VmExit> exit() {
        return Optional.ofNullable(exit);
    }

    @Override
    public Console console() {
        return console;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** From process start to the guest prompt. */
    public Optional<Duration> bootTime() {
        Long b = bootNanos;
        return b == null ? Optional.empty() : Optional.of(Duration.ofNanos(b));
    }

    /** Since process start, up to now or to its end. */
    public Duration uptime() {
        Instant end = endedAt;
        return Duration.between(startedAt, end == null ? Instant.now() : end);
    }

    /** The boot's phases, once the guest is ready. */
    /** While booting, the phase the console shows ({@link BootPhases.Watch#phase()}); then {@code prompt}. */
    public String bootPhase() {
        return bootWatch.phase();
    }

    public Optional<BootPhases> bootPhases() {
        return Optional.ofNullable(bootPhases);
    }

    /** The hypervisor's own figures as its host's /proc gives them. */
    public ProcessReader process() {
        return proc;
    }

    /** CPU seconds the hypervisor (all its threads, and its children) has used since it started. */
    @Override
    public OptionalDouble vmmCpuSeconds() {
        return isAlive() ? proc.cpuSeconds(pid()) : OptionalDouble.empty();
    }

    /** Adds a CPU sample now; false once the hypervisor is gone. */
    boolean sampleCpu() {
        OptionalDouble c = vmmCpuSeconds();
        c.ifPresent(v -> cpu.add(System.nanoTime(), v));
        return c.isPresent() && isAlive();
    }

    /** The hypervisor's CPU over the last {@link #CPU_WINDOW_SECONDS}, once it has run that long. */
    public Optional<CpuWindow.Usage> recentCpu() {
        return cpu.over(CPU_WINDOW_SECONDS);
    }

    @Override
    public String toString() {
        return spec.name() + "[" + spec.hypervisor() + ", pid " + pid() + ", " + state.label() + "]";
    }

    /** Removes the VM's private folder (config, disk copy) from its host; a failure is logged. */
    void deleteStateDir() {
        if (stateDir == null) {
            return;
        }
        try {
            host.deleteTree(stateDir);
        } catch (java.io.IOException e) {
            log.warn("could not remove {} on {}: {}", stateDir, host.name(), e.toString());
        }
    }
}
