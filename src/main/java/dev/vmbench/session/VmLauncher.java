package dev.vmbench.session;

import dev.vmbench.guest.GuestShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.pty4j.PtyProcess;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.console.Console;
import dev.vmbench.console.ConsoleClosedException;
import dev.vmbench.console.ConsoleTimeoutException;
import dev.vmbench.console.ConsoleWatch;
import dev.vmbench.host.Host;
import dev.vmbench.host.PtyCommand;
import dev.vmbench.host.KvmCheck;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Hypervisor;
import dev.vmbench.hypervisor.HostFacts;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.LaunchContext;
import dev.vmbench.hypervisor.LaunchPlan;
import dev.vmbench.hypervisor.VmSpec;

/**
 * Checks a {@link VmSpec} against the host, plans it, starts the hypervisor on a pty and waits for the
 * guest shell. A boot that fails in any way leaves no process behind.
 */
public class VmLauncher {

    public static final int SCROLLBACK_LINES = 5000;

    private final Hypervisors hypervisors;
    private final Host host;
    private final VmbenchPaths paths;

    public VmLauncher(Hypervisors hypervisors, Host host, VmbenchPaths paths) {
        this.hypervisors = hypervisors;
        this.host = host;
        this.paths = paths;
        StateDirs.sweep(paths.vmStates());
    }

    /** The machine this launcher starts VMs on. */
    public Host host() {
        return host;
    }

    /** Validates and plans without side effects. */
    public PreparedVm prepare(VmSpec spec) {
        return prepare(spec, false);
    }

    /**
     * @param dryRun when true, a missing hypervisor binary or an unusable KVM is listed in
     *               {@link PreparedVm#problems()} instead of refused, so the plan can still be printed
     */
    public PreparedVm prepare(VmSpec spec, boolean dryRun) {
        List<String> problems = new java.util.ArrayList<>();
        Hypervisor hv;
        try {
            hv = hypervisors.get(spec.hypervisor());
        } catch (IllegalArgumentException e) {
            throw new VmbenchException(e.getMessage());
        }
        requireFile("kernel", spec.kernel(), "--kernel");
        if (spec.initrd() != null) {
            requireFile("initrd", spec.initrd(), "--initrd");
        }
        if (spec.rootfs() != null) {
            requireFile("root disk", spec.rootfs(), "--rootfs");
        }
        checkPrompt(spec.promptRegex());
        if (hv.kernelFormat() == Hypervisor.KernelFormat.ELF && !startsWithElf(spec.kernel())) {
            throw new VmbenchException("kernel " + spec.kernel() + " is not an uncompressed ELF vmlinux, which "
                    + hv.name() + " needs: leave out --kernel to use the default image's vmlinux, or give a vmlinux");
        }
        Path binary;
        try {
            binary = binary(hv, spec);
        } catch (VmbenchException e) {
            if (!dryRun) {
                throw e;
            }
            problems.add(e.getMessage());
            binary = Path.of(hv.defaultBinary());
        }
        KvmCheck kvm = host.kvm();
        if (!hv.runsWithoutKvm()) {
            if (spec.accel() == Accel.TCG) {
                throw new VmbenchException(hv.name() + " runs only with KVM: leave out --accel tcg");
            }
            if (!kvm.usable()) {
                String why = hv.name() + " needs KVM, and KVM is not usable here: " + kvm.reason();
                if (!dryRun) {
                    throw new VmbenchException(why);
                }
                problems.add(why);
            }
        }
        if (spec.extras().tap() != null && !host.networkDeviceExists(spec.extras().tap().name())) {
            String tap = spec.extras().tap().name();
            String why = "tap device " + tap + " does not exist: create it (as root) with 'ip tuntap add dev "
                    + tap + " mode tap user " + System.getProperty("user.name") + " && ip link set " + tap + " up'";
            if (!dryRun) {
                throw new VmbenchException(why);
            }
            problems.add(why);
        }
        Accel accel;
        String reason = null;
        switch (spec.accel()) {
            case KVM -> {
                if (!kvm.usable() && hv.runsWithoutKvm()) {
                    String why = "KVM is not usable here: " + kvm.reason() + "; use --accel tcg";
                    if (!dryRun) {
                        throw new VmbenchException(why);
                    }
                    problems.add(why);
                }
                accel = Accel.KVM;
            }
            case TCG -> accel = Accel.TCG;
            default -> {
                accel = kvm.usable() || !hv.runsWithoutKvm() ? Accel.KVM : Accel.TCG;
                reason = kvm.usable() ? "KVM: " + kvm.reason() : "TCG (software emulation): " + kvm.reason();
            }
        }
        LaunchContext ctx = new LaunchContext(binary, accel, host.tscKhz(),
                paths.vmState(spec.name() == null ? "dry-run" : spec.name()));
        LaunchPlan plan = hv.plan(spec, ctx);
        HostFacts facts = facts(binary, spec.kernel());
        for (String why : hv.hostProblems(spec, plan, facts)) {
            if (!dryRun) {
                throw new dev.vmbench.UsageException(why);
            }
            problems.add(why);
        }
        return new PreparedVm(spec, hv, ctx, plan, hv.runsWithoutKvm() ? reason : null, List.copyOf(problems),
                hv.warnings(spec, plan, facts));
    }

    /** What the hypervisor's checks need to know of this host: CPU, its binary's version, the kernel's config. */
    private HostFacts facts(Path binary, Path kernel) {
        String version = host.findProgram(binary.toString()).flatMap(b -> host.versionLine(b, "--version")).orElse(null);
        String config = host.readText(kernel.toAbsolutePath().resolveSibling("config"), 4L * 1024 * 1024).orElse(null);
        return new HostFacts(host.cpuinfo(), host.osArch(), version, config);
    }

    /** --firecracker-binary (or --qemu-binary), else the hypervisor's environment variable, else PATH. */
    private Path binary(Hypervisor hv, VmSpec spec) {
        List<String> looked = new java.util.ArrayList<>();
        Path given = spec.extras().binary();
        if (given != null) {
            if (host.findProgram(given.toString()).isPresent()) {
                return given.toAbsolutePath();
            }
            throw new VmbenchException(given + " is not an executable file: check the path given for the "
                    + hv.name() + " binary");
        }
        String var = hv.binaryEnvironmentVariable();
        if (var != null) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                if (host.findProgram(v).isPresent()) {
                    return Path.of(v).toAbsolutePath();
                }
                looked.add(var + "=" + v + " (not executable)");
            } else {
                looked.add(var + " (not set)");
            }
        }
        java.util.Optional<Path> onPath = host.findProgram(hv.defaultBinary());
        if (onPath.isPresent()) {
            return onPath.get();
        }
        looked.add("PATH (" + String.join(":", host.pathDirs()) + ")");
        String fix = hv.name().startsWith("qemu") ? "install it, e.g. apt-get install qemu-system-x86"
                : "install a " + hv.defaultBinary() + " release binary on PATH, set " + var + ", or pass --"
                + hv.defaultBinary() + "-binary";
        throw new VmbenchException(hv.defaultBinary() + " not found; looked in " + String.join(", ", looked) + ": " + fix);
    }

    /** Whether the file starts as an ELF binary does (an uncompressed vmlinux; a bzImage does not). */
    private boolean startsWithElf(Path file) {
        try {
            byte[] head = host.head(file, 4);
            return head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A prompt pattern must compile and must need at least one character: one that matches the empty text
     * ({@code .*}, {@code x?}) matches before the guest has printed anything, and the readiness probe would be
     * typed before any shell runs.
     */
    static void checkPrompt(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new dev.vmbench.UsageException("bad --prompt pattern '" + regex + "': " + e.getDescription());
        }
        if (p.matcher("").matches() || p.matcher("").find()) {
            throw new dev.vmbench.UsageException("--prompt '" + regex + "' matches an empty text, so it would match "
                    + "before the guest printed anything: give the end of the prompt itself, e.g. --prompt '[#$] '");
        }
    }

    /** A file a VM boots from must be a readable, non-empty regular file on the host that runs it. */
    private void requireFile(String what, Path file, String option) {
        if (file == null) {
            throw new VmbenchException("no " + what + " given: build the default image with 'image build' or pass "
                    + option);
        }
        switch (host.fileKind(file)) {
            case DIRECTORY -> throw new dev.vmbench.UsageException(what + " " + file + " is a folder, not a file: give"
                    + " the " + what + " file itself to " + option);
            case OTHER -> throw new dev.vmbench.UsageException(what + " " + file + " is not a regular file (a device,"
                    + " FIFO or socket): give a " + what + " image file to " + option);
            case MISSING -> throw new VmbenchException(what + " file " + file + " does not exist: check the path given"
                    + " to " + option + ", or build the default image with 'image build'");
            case REGULAR -> { }
        }
        if (!host.readable(file)) {
            throw new VmbenchException(what + " file " + file + " is not readable by this user: fix its permissions");
        }
        try {
            if (host.size(file) == 0) {
                throw new dev.vmbench.UsageException(what + " file " + file + " is empty: give a " + what
                        + " image to " + option);
            }
        } catch (IOException e) {
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("cannot read", file, e), e);
        }
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
        VmSpec spec = prepared.spec();
        LaunchPlan plan = prepared.plan();
        boolean ownsFolder = !plan.files().isEmpty() || plan.diskCopy() != null;
        Path stateDir = ownsFolder ? prepared.context().stateDir() : null;
        writeFiles(stateDir, plan.files());
        prepareDisks(stateDir, plan);
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        PtyProcess process;
        try {
            process = host.startOnPty(PtyCommand.console(plan.argv(), stateDir));
        } catch (IOException e) {
            StateDirs.delete(stateDir);
            throw new VmbenchException("could not start " + plan.argv().get(0) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            StateDirs.delete(stateDir);
            throw e;
        }
        Console console = new Console(process.getInputStream(), process.getOutputStream(), SCROLLBACK_LINES);
        VmSession session = new VmSession(spec, prepared.context().accel(), plan, process, console, stateDir,
                startedAt, t0, host);
        Pattern prompt = Pattern.compile(spec.promptRegex());
        long deadline = t0 + timeout.toNanos();
        boolean ok = false;
        try (ConsoleWatch watch = console.watch()) {
            console.start("vm-console-" + spec.name());
            session.watchExit();
            progress.accept("booting " + spec.name() + " (" + spec.hypervisor() + ", " + session.accel().label()
                    + ", pid " + session.pid() + ")");
            long promptAt = GuestShell.awaitPrompt(watch, prompt, deadline);
            GuestShell.probe(console, watch, prompt, deadline);
            session.markReady(promptAt);
            ok = true;
            return session;
        } catch (ConsoleTimeoutException e) {
            throw failed(session, spec.name() + " did not reach the guest prompt within " + human(timeout)
                    + "; it was killed (" + (prepared.warnings().isEmpty() ? "raise --timeout, or check the kernel "
                    + "command line" : prepared.warnings().get(0)) + ")");
        } catch (ConsoleClosedException e) {
            session.awaitExit(Duration.ofSeconds(5));
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

    /** The private disk copy and the files the hypervisor expects to exist. */
    private static void prepareDisks(Path dir, LaunchPlan plan) {
        try {
            if (plan.diskCopy() != null) {
                dev.vmbench.config.PrivateFiles.createDirectories(plan.diskCopy().getValue().getParent());
                Files.copy(plan.diskCopy().getKey(), plan.diskCopy().getValue(),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(plan.diskCopy().getValue(), PosixFilePermissions.fromString("rw-------"));
            }
            for (Path t : plan.emptied()) {
                dev.vmbench.config.PrivateFiles.requireReplaceable(t);
                dev.vmbench.config.PrivateFiles.newOutputStream(t).close(); // created 0600, or emptied
            }
        } catch (IOException e) {
            StateDirs.delete(dir);
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("could not prepare the VM's disk or log "
                    + "files in", dir, e), e);
        }
    }

    private static void writeFiles(Path dir, Map<Path, String> files) {
        if (files.isEmpty()) {
            return;
        }
        try {
            dev.vmbench.config.PrivateFiles.createDirectories(dir);
            dev.vmbench.config.PrivateFiles.tighten(dir);
            for (Map.Entry<Path, String> f : files.entrySet()) {
                Path p = f.getKey();
                Files.deleteIfExists(p);
                Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(p, f.getValue());
            }
        } catch (IOException e) {
            StateDirs.delete(dir);
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("could not write the VM's files in", dir, e), e);
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
    }
}
