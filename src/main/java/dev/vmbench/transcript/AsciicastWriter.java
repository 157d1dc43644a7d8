package dev.vmbench.transcript;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.console.ConsoleListener;

/**
 * Records a console as an asciicast v2 file (what Debian's asciinema 2.x plays): a JSON header line, then
 * one {@code [seconds, code, data]} array a line: "o" output, "i" input, "m" marker. Every event is written
 * through to the operating system as it happens, so a vmbench killed with SIGKILL leaves a file that plays
 * up to that moment. Timestamps never go backwards.
 */
public final class AsciicastWriter implements ConsoleListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsciicastWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private final long startNanos;
    private double last;
    private boolean closed;
    private long events;

    /** The header's fields. {@code env} holds TERM, SHELL and the VM's spec, all as strings. */
    public record Header(int width, int height, long timestamp, String title, Map<String, String> env) {
    }

    public AsciicastWriter(Path file, Header header, long startNanos) throws IOException {
        this.file = file;
        this.startNanos = startNanos;
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("version", 2);
        h.put("width", header.width());
        h.put("height", header.height());
        h.put("timestamp", header.timestamp());
        if (header.title() != null) {
            h.put("title", header.title());
        }
        h.put("env", header.env());
        line(JSON.writeValueAsString(h));
    }

    public Path file() {
        return file;
    }

    public synchronized long events() {
        return events;
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

    synchronized void event(long nanoTime, String code, String data) {
        if (closed) {
            return;
        }
        double t = Math.max(last, (nanoTime - startNanos) / 1e9);
        last = t;
        try {
            line("[" + String.format(Locale.ROOT, "%.6f", t) + ", " + JSON.writeValueAsString(code) + ", "
                    + JSON.writeValueAsString(data) + "]");
            events++;
        } catch (IOException e) {
            log.warn("transcript {} stopped: {}", file, e.toString());
            close();
        }
    }

    private void line(String s) throws IOException {
        out.write(s);
        out.write('\n');
        out.flush(); // into the OS at once: survives the death of this process
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
            log.warn("closing transcript {}: {}", file, e.toString());
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
