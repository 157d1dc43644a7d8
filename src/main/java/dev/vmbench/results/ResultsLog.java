package dev.vmbench.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestTime;
import dev.vmbench.session.VmSession;
import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.HostFigures;

/**
 * Every timed run, one JSON object a line, appended to {@code results.jsonl} in the state folder as it
 * happens, so a session can be reconstructed later. Each record names the shell that made it ({@code session}),
 * so two shells sharing one VMBENCH_HOME can tell their runs apart. A record is written whole or not at all:
 * a failed append (a full disk) is cut back off the file and reported, never thrown at the command whose
 * output it would hide.
 */
public class ResultsLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final EnvironmentCapture environment;
    private final String session;
    private volatile String failure;

    public ResultsLog(Path file) {
        this(file, null);
    }

    /** @param environment what each record's environment is captured with; null for none */
    public ResultsLog(Path file, EnvironmentCapture environment) {
        this(file, environment, newSessionId());
    }

    public ResultsLog(Path file, EnvironmentCapture environment, String session) {
        this.file = file;
        this.environment = environment;
        this.session = session;
    }

    /** This process and the moment it started: unique among the shells of one machine. */
    static String newSessionId() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + "@" + self.info().startInstant().map(Object::toString)
                .orElse(java.time.Instant.now().toString());
    }

    /** The id this shell's records carry. */
    public String session() {
        return session;
    }

    /** The VM's environment, or an empty map when this log captures none. */
    public Map<String, Object> environment(VmSession vm) throws InterruptedException {
        return environment == null ? Map.of() : environment.of(vm);
    }

    /**
     * @return empty when recorded, else why not (one line)
     */
    public Optional<String> append(VmSession vm, ExecResult r, String kind, int index) {
        Map<String, Object> env;
        try {
            env = environment(vm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            env = Map.of();
        }
        return append(vm, r, kind, index, null, env);
    }

    public Path file() {
        return file;
    }

    /**
     * @param series the id shared by the runs of one run/bench/compare, or null
     * @param env    the VM's environment
     * @return empty when recorded, else why not (one line)
     */
    public Optional<String> append(VmSession vm, ExecResult r, String kind, int index, String series,
                                   Map<String, Object> env) {
        return append(vm, r, kind, index, series, env, dev.vmbench.measure.Metric.TIME, null);
    }

    /** ... measured in a workload's metric (null workload: a plain command, timed). */
    public Optional<String> append(VmSession vm, ExecResult r, String kind, int index, String series,
                                   Map<String, Object> env, dev.vmbench.measure.Metric metric, String workload) {
        Map<String, Object> rec = header(vm, series, r.startedAt().toString());
        if (workload != null) {
            rec.put("workload", workload);
        }
        if (!metric.isTime()) {
            rec.put("metric", Map.of("name", metric.name(), "unit", metric.unit(), "better", metric.better().word()));
            rec.put("figure", r.figure().isPresent() ? r.figure().getAsDouble() : null);
        }
        rec.put("kernel", String.valueOf(vm.spec().kernel()));
        rec.put("cmdline", vm.plan().cmdline());
        rec.put("mem_mib", vm.spec().memMiB());
        rec.put("cpus", vm.spec().cpus());
        rec.put("command", r.command());
        rec.put("kind", kind);
        rec.put("index", index);
        rec.put("wall", r.wallSeconds());
        rec.put("real", r.guestTime().map(GuestTime::real).orElse(null));
        rec.put("user", r.guestTime().map(GuestTime::user).orElse(null));
        rec.put("sys", r.guestTime().map(GuestTime::sys).orElse(null));
        rec.put("exit_code", r.exitCode());
        rec.put("timed_out", r.timedOut());
        rec.put("ending", r.ending().name().toLowerCase(java.util.Locale.ROOT));
        rec.put("vmm_cpu_s", r.vmmCpuSeconds().isPresent() ? r.vmmCpuSeconds().getAsDouble() : null);
        rec.put("console_bytes", r.consoleBytes());
        rec.put("load", vm.host().loadAverage());
        rec.put("environment", env);
        return write(rec);
    }

    /** The hypervisor's host-side figures at the end of a series (kind "host"). */
    public Optional<String> appendHost(VmSession vm, HostFigures h, String series) {
        Map<String, Object> rec = header(vm, series, java.time.Instant.now().toString());
        rec.put("kind", "host");
        rec.put("vmm_overhead_kib", h.overheadKib());
        rec.put("guest_ram_kib", h.guestRam());
        rec.put("boot_phases_s", h.bootPhases());
        return write(rec);
    }

    /** One boot's phases, in the group of the comparison it belongs to (kind "boot"). */
    public Optional<String> appendBoot(VmSession vm, BootPhases phases, String series, int index) {
        Map<String, Object> rec = header(vm, series, vm.startedAt().toString());
        rec.put("kind", "boot");
        rec.put("index", index);
        rec.put("boot_phases_s", phases.asMap());
        rec.put("kernel_userspace_s", phases.kernelUserspace().isPresent() ? phases.kernelUserspace().getAsDouble() : null);
        rec.put("load", vm.host().loadAverage());
        return write(rec);
    }

    /** A /proc/meminfo capture, in the group of the series it followed (compare's). */
    public Optional<String> appendMeminfo(VmSession vm, String rawMeminfo, String series) {
        Map<String, Object> rec = header(vm, series, java.time.Instant.now().toString());
        rec.put("kind", "meminfo");
        rec.put("meminfo", rawMeminfo);
        return write(rec);
    }

    /** What every record starts with: its group, this shell's session, when, and the VM. */
    private Map<String, Object> header(VmSession vm, String series, String timestamp) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("series", series);
        rec.put("session", session);
        rec.put("timestamp", timestamp);
        rec.put("vm", vm.name());
        rec.put("host", vm.host().name());
        rec.put("hypervisor", vm.hypervisor());
        rec.put("accel", vm.accel().label());
        return rec;
    }

    /** Why the last append failed, or null when it did not. */
    public String lastFailure() {
        return failure;
    }

    private synchronized Optional<String> write(Map<String, Object> rec) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(rec) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a results record did not serialize", e);
        }
        try {
            PrivateFiles.createParents(file);
            // O_APPEND: a record of another shell appending at the same moment is never overwritten
            try (FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    PrivateFiles.FILE))) {
                long size = ch.size();
                try {
                    ByteBuffer buf = ByteBuffer.wrap(line);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                } catch (IOException e) {
                    ch.truncate(size); // no half record left behind
                    throw e;
                }
            }
            failure = null;
            return Optional.empty();
        } catch (IOException e) {
            failure = IoErrors.describe("the run was not recorded in", file, e);
            return Optional.of(failure);
        }
    }
}
