package dev.vmbench.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A VM's console as a plain text file, appended as output arrives ({@code boot --log}). */
public final class ConsoleLog implements ConsoleListener {

    private static final Logger log = LoggerFactory.getLogger(ConsoleLog.class);

    private final Path file;
    private final BufferedWriter out;
    private boolean failed;

    public ConsoleLog(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void onOutput(String text, long nanoTime) {
        if (failed) {
            return;
        }
        try {
            out.write(Scrollback.clean(text));
            out.flush();
        } catch (IOException e) {
            failed = true;
            log.warn("console log {} stopped: {}", file, e.toString());
        }
    }

    @Override
    public synchronized void onClose() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("closing console log {}: {}", file, e.toString());
        }
    }
}
