package dev.vmbench.transcript;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.console.ConsoleListener;
import dev.vmbench.session.VmSession;

/**
 * The transcripts being recorded in this vmbench, one per VM at most. Several vmbench shells may share one
 * folder: each new file's name is claimed atomically ({@code NAME-STAMP.cast}, else {@code NAME-STAMP-2.cast}
 * ...), and a file the user names is never overwritten unless asked to ({@code force}). The folder is 0700,
 * the files 0600.
 */
public class Transcripts implements AutoCloseable {


    private final Path folder;
    private final Clock clock;
    private final Map<String, Recording> active = new LinkedHashMap<>();

    /**
     * A recording started in this shell: running, or stopped by itself (its console closed, or a write
     * failed) until 'transcript stop' or a new start for the VM.
     */
    public record Recording(VmSession vm, AsciicastWriter writer, ConsoleListener relay) {

        /** Why it stopped by itself, if a write failed. */
        public Optional<String> failure() {
            return writer.failure();
        }

        public boolean running() {
            return !writer.isClosed();
        }
    }

    public Transcripts(Path folder) {
        this(folder, Clock.systemUTC());
    }

    Transcripts(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Starts recording each VM's console.
     *
     * @param file      only with a single VM; else each VM gets {@code folder/NAME-STAMP.cast}
     * @param force     replace file if it exists (else that is refused)
     * @param onFailure told once, with the VM's name and what went wrong, if a recording stops on a write failure
     */
    public synchronized List<Recording> start(List<VmSession> vms, Path file, boolean force, String title,
                                              int width, int height, BiConsumer<String, String> onFailure) {
        if (vms.isEmpty()) {
            throw new VmbenchException("no VM to record: name one with --vm, or use --all with live VMs");
        }
        if (file != null && vms.size() > 1) {
            throw new VmbenchException("--file names one transcript: use it with one --vm, or leave it out");
        }
        for (VmSession vm : vms) {
            Recording r = active.get(vm.name());
            if (r != null && r.running()) {
                throw new VmbenchException(vm.name() + " is already being recorded to " + r.writer().file()
                        + ": 'transcript stop --vm " + vm.name() + "' first");
            }
        }
        List<Recording> started = new ArrayList<>();
        // one clock for all: the same start (header timestamp and time 0) in every cast
        long stamp = clock.instant().getEpochSecond();
        long start = System.nanoTime();
        try {
            List<AsciicastWriter> writers = new ArrayList<>();
            for (VmSession vm : vms) {
                AsciicastWriter w = open(vm.name(), file, force, new AsciicastWriter.Header(width, height, stamp,
                        title != null ? title : "vmbench: " + vm.name(), env(vm)), start);
                w.onFailure(message -> onFailure.accept(vm.name(), message));
                writers.add(w);
                started.add(new Recording(vm, w, vms.size() > 1 ? relay(vm, started) : null));
            }
            for (Recording r : started) {
                r.vm().console().addListener(r.writer());
                if (r.relay() != null) {
                    r.vm().console().addListener(r.relay());
                }
                active.put(r.vm().name(), r);
            }
        } catch (RuntimeException e) {
            for (Recording r : started) { // all or none
                unhook(r);
                active.remove(r.vm().name());
            }
            throw e;
        }
        return started;
    }

    /**
     * Tells every other cast of a group recorded together about a marker on this VM's console
     * ({@code qemu1: run: sha256sum ...}), at the marker's own time, so the group's markers line up.
     */
    private ConsoleListener relay(VmSession from, List<Recording> group) {
        return new ConsoleListener() {
            @Override
            public void onOutput(String text, long nanoTime) {
            }

            @Override
            public void onMarker(String label, long nanoTime) {
                for (Recording other : group) {
                    if (other.vm() != from && other.running()) {
                        other.vm().console().markFor(other.writer(), from.name() + ": " + label, nanoTime);
                    }
                }
            }

            @Override
            public Delivery delivery() {
                return Delivery.QUEUED; // on its own thread: never holds one console's lock while taking another's
            }

            @Override
            public String label() {
                return "transcript-markers-" + from.name();
            }
        };
    }

    private static void unhook(Recording r) {
        if (r.relay() != null) {
            r.vm().console().removeListener(r.relay());
        }
        r.vm().console().removeListener(r.writer());
        r.writer().close();
    }

    /**
     * Opens the file a VM's console is recorded into: the one named (refused if it exists, unless force), or a
     * new one in the folder.
     */
    synchronized AsciicastWriter open(String vm, Path file, boolean force, AsciicastWriter.Header header, long start) {
        Path target = file != null ? file.toAbsolutePath().normalize()
                : folder.toAbsolutePath().resolve(vm + "-" + dev.vmbench.config.VmbenchPaths.stamp(clock.instant()) + ".cast");
        try {
            if (file == null) {
                PrivateFiles.createDirectories(folder);
                PrivateFiles.tighten(folder); // a folder from an older vmbench may be open to others
                return AsciicastWriter.createUnique(target, header, start);
            }
            if (Files.isDirectory(target)) {
                throw new VmbenchException(file + " is a folder: give --file a .cast file's path");
            }
            if (!force) {
                return AsciicastWriter.createNew(target, header, start);
            }
            for (Recording r : active.values()) {
                if (r.running() && sameFile(r.writer().file(), target)) {
                    throw new VmbenchException(file + " is being recorded (" + r.vm().name() + "): 'transcript stop --vm "
                            + r.vm().name() + "' first");
                }
            }
            return AsciicastWriter.replace(target, header, start);
        } catch (FileAlreadyExistsException e) {
            throw new VmbenchException(file + " already exists: give another --file, or add --force to replace it");
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot write", target, e), e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.toAbsolutePath().normalize().equals(b) || Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
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

    /**
     * Stops the named VM's recording, or all when name is null; recordings that had stopped are let go too.
     * Everything the console had read before the stop is written first (the removal waits for a slow disk).
     */
    public synchronized List<Recording> stop(String name) {
        List<Recording> stopped = new ArrayList<>();
        for (Recording r : List.copyOf(active.values())) {
            if (name == null || r.vm().name().equals(name)) {
                unhook(r);
                active.remove(r.vm().name());
                stopped.add(r);
            }
        }
        if (name != null && stopped.isEmpty()) {
            throw new VmbenchException("no transcript is being recorded for " + name + ": 'transcript list' shows them");
        }
        return stopped;
    }

    /** Recordings started in this shell: running, or stopped by themselves and not yet let go. */
    public synchronized List<Recording> active() {
        return List.copyOf(active.values());
    }

    /** Transcript files in the folder, oldest first ({@code NAME-STAMP.cast} before {@code NAME-STAMP-2.cast}). */
    public List<Path> files() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".cast"))
                    .sorted(Comparator.comparing((Path p) -> stem(p)).thenComparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot list", folder, e), e);
        }
    }

    /**
     * What a transcript file holds, as 'transcript list' shows it: when it starts, how long it runs, how many
     * events, its title; or why it cannot be read (one line).
     */
    public record Summary(Path file, long bytes, java.time.Instant started, double seconds, long events, String title,
                          String problem) {
    }

    /** A cast larger than this is listed without reading it through (its length and events unknown). */
    static final long SUMMARY_READ_LIMIT = 64L * 1024 * 1024;

    /** Reads a cast's header and, when it is not too large, its events. Never throws for a damaged file. */
    public static Summary summary(Path file) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            return new Summary(file, -1, null, Double.NaN, -1, null, IoErrors.describe("cannot read", file, e));
        }
        try (Asciicast cast = Asciicast.open(file)) {
            com.fasterxml.jackson.databind.JsonNode h = cast.header();
            java.time.Instant started = h.path("timestamp").canConvertToLong()
                    ? java.time.Instant.ofEpochSecond(h.get("timestamp").asLong()) : null;
            String title = h.path("title").isTextual() ? h.get("title").asText() : null;
            if (bytes > SUMMARY_READ_LIMIT) {
                return new Summary(file, bytes, started, Double.NaN, -1, title, null);
            }
            long events = 0;
            double last = 0;
            for (Asciicast.Event e = cast.next(); e != null; e = cast.next()) {
                events++;
                last = e.time();
            }
            return new Summary(file, bytes, started, last, events, title, null);
        } catch (VmbenchException e) {
            return new Summary(file, bytes, null, Double.NaN, -1, null, e.getMessage());
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - ".cast".length());
    }

    @Override
    public void close() {
        stop(null);
    }
}
