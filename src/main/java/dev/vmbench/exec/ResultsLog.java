package dev.vmbench.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.session.VmSession;

/**
 * Every timed run, one JSON object a line, appended to {@code results.jsonl} in the state folder as it
 * happens, so a session can be reconstructed later.
 */
public class ResultsLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public ResultsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(VmSession vm, ExecResult r, String kind, int index) {
        Map<String, Object> rec = new LinkedHashMap<>();
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
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(rec) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to " + file, e);
        }
    }
}
