package dev.vmbench.transcript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.console.ConsoleListener;

/**
 * Records a console as an asciicast v2 file (what Debian's asciinema 2.x plays): a JSON header line, then
 * one {@code [seconds, code, data]} array a line: "o" output, "i" input, "m" marker. Every event is written
 * through to the operating system as it happens, so a vmbench killed with SIGKILL leaves a file that plays
 * up to that moment. Timestamps never go backwards.
 *
 * <p>The file is private (0600) and always one this writer created: {@link #createNew} refuses an existing
 * file, {@link #createUnique} picks a free name atomically (two shells never share one), {@link #replace}
 * puts a new file in the old one's place by renaming. Nothing is ever truncated but the writer's own
 * half-written last line.
 *
 * <p>A write failure (a full disk) stops the recording: the file keeps every whole event written before
 * it, {@link #failure()} says what went wrong, and the failure listener hears of it once.
 *
 * <p>As a console listener it is {@link ConsoleListener.Delivery#QUEUED}: a slow disk never holds up the
 * console's reader, every event still arrives with the time it happened, and removing it from the console
 * (what {@code transcript stop} does before {@link #close()}) first writes everything that was already read.
 * If it falls {@link dev.vmbench.console.Console#MAX_BACKLOG_BYTES} behind, the console drops it: that is a
 * failure too ("writing F fell more than 64 MiB behind the console"), and the file keeps what was written.
 */
public final class AsciicastWriter implements ConsoleListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsciicastWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final SeekableByteChannel out;
    private final long startNanos;
    private double last;
    private boolean closed;
    private long events;
    /** Bytes of whole lines written: the file's length after the last event that made it. */
    private long written;
    private String failure;
    private volatile Consumer<String> failureListener = message -> {
    };

    /** The header's fields. {@code env} holds TERM, SHELL and the VM's spec, all as strings. */
    public record Header(int width, int height, long timestamp, String title, Map<String, String> env) {
    }

    /**
     * Writes the header to out, a new, empty file.
     *
     * @param file the file's name, for messages
     */
    AsciicastWriter(Path file, SeekableByteChannel out, Header header, long startNanos) throws IOException {
        this.file = file;
        this.out = out;
        this.startNanos = startNanos;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("version", 2);
        h.put("width", header.width());
        h.put("height", header.height());
        h.put("timestamp", header.timestamp());
        if (header.title() != null) {
            h.put("title", header.title());
        }
        h.put("env", header.env());
        write(JSON.writeValueAsString(h) + "\n");
    }

    /**
     * Records into a file that must not exist yet (created 0600; missing parent folders 0700).
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists
     */
    public static AsciicastWriter createNew(Path file, Header header, long startNanos) throws IOException {
        PrivateFiles.createParents(file);
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
        return opened(file, file, ch, header, startNanos);
    }

    /**
     * Records into {@code base}, or {@code NAME-2.cast}, {@code NAME-3.cast} ... when taken: the name is
     * claimed atomically, so two shells starting at the same moment get two files.
     */
    public static AsciicastWriter createUnique(Path base, Header header, long startNanos) throws IOException {
        Path file = PrivateFiles.createUnique(base);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.WRITE); // empty, just created: nothing to truncate
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return opened(file, file, ch, header, startNanos);
    }

    /**
     * Records into a new file that takes the place of file (renamed over it once the header is written): the
     * old file is never truncated, and a program still reading it reads it whole.
     */
    public static AsciicastWriter replace(Path file, Header header, long startNanos) throws IOException {
        Path abs = file.toAbsolutePath();
        PrivateFiles.requireReplaceable(abs);
        PrivateFiles.createParents(abs);
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".partial",
                PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
        AsciicastWriter w;
        try {
            w = opened(file, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE), header, startNanos);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Writes the header into a file just created; on failure the file is closed and deleted (it is ours).
     *
     * @param name    the file's name for messages
     * @param created the file on disk, 0600 whatever the umask
     */
    private static AsciicastWriter opened(Path name, Path created, FileChannel ch, Header header, long startNanos)
            throws IOException {
        try {
            Files.setPosixFilePermissions(created, PrivateFiles.FILE);
            return new AsciicastWriter(name, ch, header, startNanos);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(created);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public synchronized long events() {
        return events;
    }

    /**
     * Called once, on the thread that hit it (the console's thread for this transcript), when a write fails or
     * the console drops the recording, and the recording stops; with the {@link #failure()} text. Set it before
     * the writer receives events.
     */
    public void onFailure(Consumer<String> listener) {
        this.failureListener = listener;
    }

    /** Why the recording stopped by itself ("cannot write F: no space left on device: ..."), if it did. */
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void onOutput(String text, long nanoTime) {
        event(nanoTime, "o", text);
    }

    @Override
    public void onInput(String text, long nanoTime) {
        event(nanoTime, "i", text);
    }

    @Override
    public void onMarker(String label, long nanoTime) {
        event(nanoTime, "m", label);
    }

    @Override
    public void onClose() {
        close();
    }

    /** The console stopped feeding this transcript: the disk took its events too slowly. */
    @Override
    public void onDropped(String reason) {
        String failed;
        synchronized (this) {
            if (closed) {
                return;
            }
            failure = "writing " + file + " " + reason;
            log.warn("transcript {} stopped: {}", file, failure);
            close();
            failed = failure;
        }
        tell(failed);
    }

    @Override
    public Delivery delivery() {
        return Delivery.QUEUED;
    }

    @Override
    public String label() {
        return "transcript";
    }

    void event(long nanoTime, String code, String data) {
        String failed;
        synchronized (this) {
            if (closed) {
                return;
            }
            double t = Math.max(last, (nanoTime - startNanos) / 1e9);
            last = t;
            try {
                write("[" + String.format(Locale.ROOT, "%.6f", t) + ", " + JSON.writeValueAsString(code) + ", "
                        + JSON.writeValueAsString(data) + "]\n");
                events++;
                return;
            } catch (IOException e) {
                failed = fail(e);
            }
        }
        tell(failed);
    }

    /** Tells the failure listener; outside the lock, as it may print. */
    private void tell(String failed) {
        try {
            failureListener.accept(failed);
        } catch (RuntimeException e) {
            log.warn("reporting the failure of transcript {}: {}", file, e.toString()); // listeners must not throw
        }
    }

    /** Writes one whole line into the operating system at once (it survives the death of this process). */
    private void write(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            out.write(b);
        }
        written += b.limit();
    }

    /** Stops after a failed write, keeping every whole line: a half-written one is cut off. */
    private String fail(IOException e) {
        failure = IoErrors.describe("cannot write", file, e);
        log.warn("transcript {} stopped: {}", file, failure);
        try {
            if (out.size() > written) {
                out.truncate(written); // only our own half line; frees space, so it works on a full disk
            }
        } catch (IOException t) {
            log.warn("transcript {}: cannot cut off the half-written last line: {}", file, t.toString());
        }
        close();
        return failure;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            log.warn("closing transcript {}: {}", file, e.toString()); // every event was already written
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
