package dev.vmbench.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.vmbench.VmbenchException;
import dev.vmbench.session.VmSession;

/** The transcripts being recorded in this vmbench, one per VM at most. */
public class Transcripts implements AutoCloseable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final Map<String, Recording> active = new LinkedHashMap<>();

    /** A running recording. */
    public record Recording(VmSession vm, AsciicastWriter writer) {
    }

    public Transcripts(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Starts recording each VM's console.
     *
     * @param file only with a single VM; else each VM gets {@code folder/NAME-STAMP.cast}
     */
    public synchronized List<Recording> start(List<VmSession> vms, Path file, String title, int width, int height) {
        if (vms.isEmpty()) {
            throw new VmbenchException("no VM to record: name one with --vm, or use --all with live VMs");
        }
        if (file != null && vms.size() > 1) {
            throw new VmbenchException("--file names one transcript: use it with one --vm, or leave it out");
        }
        for (VmSession vm : vms) {
            if (active.containsKey(vm.name()) && !active.get(vm.name()).writer().isClosed()) {
                throw new VmbenchException(vm.name() + " is already being recorded to "
                        + active.get(vm.name()).writer().file() + ": 'transcript stop --vm " + vm.name() + "' first");
            }
        }
        List<Recording> started = new ArrayList<>();
        for (VmSession vm : vms) {
            Path f = file != null ? file.toAbsolutePath()
                    : folder.resolve(vm.name() + "-" + STAMP.format(Instant.now()) + ".cast");
            try {
                AsciicastWriter w = new AsciicastWriter(f, new AsciicastWriter.Header(width, height,
                        Instant.now().getEpochSecond(), title != null ? title : "vmbench: " + vm.name(), env(vm)),
                        System.nanoTime());
                vm.console().addListener(w);
                Recording r = new Recording(vm, w);
                active.put(vm.name(), r);
                started.add(r);
            } catch (IOException e) {
                throw new VmbenchException("cannot write " + f + ": " + e.getMessage(), e);
            }
        }
        return started;
    }

    static Map<String, String> env(VmSession vm) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TERM", "vt100");
        env.put("SHELL", "/bin/sh");
        env.put("VMBENCH_VM", vm.name());
        env.put("VMBENCH_HYPERVISOR", vm.hypervisor());
        env.put("VMBENCH_ACCEL", vm.accel().label());
        env.put("VMBENCH_MEM_MIB", Long.toString(vm.spec().memMiB()));
        env.put("VMBENCH_CPUS", Integer.toString(vm.spec().cpus()));
        env.put("VMBENCH_KERNEL", String.valueOf(vm.spec().kernel()));
        env.put("VMBENCH_CMDLINE", vm.plan().cmdline());
        env.put("VMBENCH_COMMAND", vm.plan().commandLine());
        return env;
    }

    /** Stops the named VM's recording, or all when name is null. */
    public synchronized List<Recording> stop(String name) {
        List<Recording> stopped = new ArrayList<>();
        for (Recording r : List.copyOf(active.values())) {
            if (name == null || r.vm().name().equals(name)) {
                r.vm().console().removeListener(r.writer());
                r.writer().close();
                active.remove(r.vm().name());
                stopped.add(r);
            }
        }
        if (name != null && stopped.isEmpty()) {
            throw new VmbenchException("no transcript is being recorded for " + name + ": 'transcript list' shows them");
        }
        return stopped;
    }

    public synchronized List<Recording> active() {
        return List.copyOf(active.values());
    }

    /** Transcript files in the folder, newest last. */
    public List<Path> files() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".cast")).sorted().toList();
        } catch (IOException e) {
            throw new VmbenchException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop(null);
    }
}
