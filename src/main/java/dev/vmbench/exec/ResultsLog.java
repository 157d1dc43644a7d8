package dev.vmbench.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.host.HostProbe;
import dev.vmbench.session.VmSession;

/**
 * Every timed run, one JSON object a line, appended to {@code results.jsonl} in the state folder as it
 * happens, so a session can be reconstructed later.
 */
public class ResultsLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final EnvironmentCapture environment;

    public ResultsLog(Path file) {
        this(file, null);
    }

    /** @param environment what each record's environment is captured with; null for none */
    public ResultsLog(Path file, EnvironmentCapture environment) {
        this.file = file;
        this.environment = environment;
    }

    /** The VM's environment, or an empty map when this log captures none. */
    public Map<String, Object> environment(VmSession vm) throws InterruptedException {
        return environment == null ? Map.of() : environment.of(vm);
    }

    public synchronized void append(VmSession vm, ExecResult r, String kind, int index) {
        Map<String, Object> env;
        try {
            env = environment(vm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            env = Map.of();
        }
        append(vm, r, kind, index, null, env);
    }

    public Path file() {
        return file;
    }

    /**
     * @param series the id shared by the runs of one run/bench/compare, or null
     * @param env    the VM's environment
     */
    public synchronized void append(VmSession vm, ExecResult r, String kind, int index, String series,
                                    Map<String, Object> env) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("series", series);
        rec.put("timestamp", r.startedAt().toString());
        rec.put("vm", vm.name());
        rec.put("hypervisor", vm.hypervisor());
        rec.put("accel", vm.accel().label());
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
        rec.put("load", HostProbe.loadAverage());
        rec.put("environment", env);
        write(rec);
    }

    /** A /proc/meminfo capture, in the group of the series it followed (compare's). */
    public synchronized void appendMeminfo(VmSession vm, String rawMeminfo, String series) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("series", series);
        rec.put("timestamp", java.time.Instant.now().toString());
        rec.put("vm", vm.name());
        rec.put("hypervisor", vm.hypervisor());
        rec.put("accel", vm.accel().label());
        rec.put("kind", "meminfo");
        rec.put("meminfo", rawMeminfo);
        write(rec);
    }

    private void write(Map<String, Object> rec) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(rec) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to " + file, e);
        }
    }
}
