package dev.vmbench.memdiff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.VmbenchException;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.session.VmSession;

/** Reads {@code /proc/meminfo} from a live VM (framed like any command), and saves or loads captures. */
public final class MeminfoCapture {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A capture: the raw text as the guest printed it, parsed, when, and the environment it was taken in
     * (empty when unknown: a pasted file).
     */
    public record Capture(String label, String raw, Meminfo meminfo, Instant at, Map<String, Object> environment) {
        public Capture {
            environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(environment));
        }

        public Capture(String label, String raw, Meminfo meminfo, Instant at) {
            this(label, raw, meminfo, at, Map.of());
        }

        public Capture withEnvironment(Map<String, Object> env) {
            return new Capture(label, raw, meminfo, at, env);
        }
    }

    private MeminfoCapture() {
    }

    public static Capture capture(VmSession vm) throws InterruptedException {
        ExecResult r = GuestExec.run(vm, "cat /proc/meminfo", Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            throw new VmbenchException("cat /proc/meminfo failed in " + vm.name() + " (exit " + r.exitCode() + ")");
        }
        return new Capture(vm.name(), r.output(), Meminfo.parse(r.output(), vm.name()), r.startedAt());
    }

    /** The sidecar of a saved capture: {@code FILE.json}. */
    public static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".json");
    }

    /** Writes the raw text to {@code file} and what it came from to {@code file.json}. */
    public static void save(Capture c, VmSession vm, Path file) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("vm", vm.name());
        meta.put("hypervisor", vm.hypervisor());
        meta.put("accel", vm.accel().label());
        meta.put("mem_mib", vm.spec().memMiB());
        meta.put("cpus", vm.spec().cpus());
        meta.put("kernel", String.valueOf(vm.spec().kernel()));
        meta.put("cmdline", vm.plan().cmdline());
        meta.put("captured_at", c.at().toString());
        if (!c.environment().isEmpty()) {
            meta.put("environment", c.environment());
        }
        try {
            dev.vmbench.config.PrivateFiles.writeAtomically(file, c.raw());
            dev.vmbench.config.PrivateFiles.writeAtomically(sidecar(file), JSON.writeValueAsString(meta) + "\n");
        } catch (IOException e) {
            throw new VmbenchException(dev.vmbench.config.IoErrors.describe("cannot write", file, e), e);
        }
    }

    /** Reads a file: raw text pasted from a terminal, or one written by {@link #save}. */
    public static Capture load(Path file) {
        String text = dev.vmbench.config.TextFiles.read(file, dev.vmbench.config.TextFiles.SMALL,
                "a /proc/meminfo capture");
        Meminfo m;
        try {
            m = Meminfo.parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new VmbenchException(e.getMessage());
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Map<String, Object> env = Map.of();
        Path side = sidecar(file);
        if (Files.isRegularFile(side)) {
            try {
                com.fasterxml.jackson.databind.JsonNode meta = JSON.readTree(dev.vmbench.config.TextFiles.read(side,
                        dev.vmbench.config.TextFiles.SMALL, "a meminfo sidecar"));
                if (meta.has("environment")) {
                    env = JSON.convertValue(meta.get("environment"),
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
                }
            } catch (IOException | RuntimeException e) {
                // a sidecar that does not read leaves the capture without its environment
            }
        }
        return new Capture(dot > 0 ? name.substring(0, dot) : name, text, m, null, env);
    }
}
