package dev.vmbench.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.text.PlainText;

/**
 * A VM's console as a plain text file, appended as output arrives ({@code boot --log}). A
 * {@link ConsoleListener.Delivery#QUEUED} listener: a slow disk never holds up the console's reader.
 */
public final class ConsoleLog implements ConsoleListener {

    private static final Logger log = LoggerFactory.getLogger(ConsoleLog.class);

    private final Path file;
    private final BufferedWriter out;
    private final PlainText plain = new PlainText();
    private boolean failed;

    private volatile String failure;

    /**
     * Opens a new log file named after {@code base}: {@code base} itself when free, else {@code NAME-2.log} ...,
     * created atomically (0600), so two shells with a VM of the same name never write into one file.
     */
    public static ConsoleLog createUnique(Path base) throws IOException {
        return new ConsoleLog(PrivateFiles.createUnique(base));
    }

    public ConsoleLog(Path file) throws IOException {
        this.file = file;
        this.out = PrivateFiles.newBufferedWriter(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Why the log stopped (a full disk), or null while it writes. */
    public String failure() {
        return failure;
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
            out.write(plain.add(text));
            out.flush();
        } catch (IOException e) {
            failed = true;
            failure = IoErrors.describe("the console log stopped:", file, e);
            log.warn("console log {} stopped: {}", file, e.toString());
        }
    }

    /** The console stopped feeding the log: the disk took it too slowly. */
    @Override
    public synchronized void onDropped(String reason) {
        if (!failed) {
            failed = true;
            failure = "the console log stopped: writing " + file + " " + reason;
            log.warn("console log {} stopped: {}", file, reason);
        }
        onClose();
    }

    @Override
    public Delivery delivery() {
        return Delivery.QUEUED;
    }

    @Override
    public String label() {
        return "console-log";
    }

    @Override
    public synchronized void onClose() {
        try {
            if (!failed) {
                out.write(plain.finish());
            }
            out.close();
        } catch (IOException e) {
            log.warn("closing console log {}: {}", file, e.toString());
        }
    }
}
