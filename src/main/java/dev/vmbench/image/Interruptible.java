package dev.vmbench.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;

/**
 * File work that notices Ctrl-C (the shell interrupts the command's thread) within a MiB: copies and
 * hashes check between chunks. Writes through {@link PrivateFiles} go to a FileChannel, which the JDK closes
 * on an interrupt ({@link ClosedByInterruptException}); {@link #interrupt} turns that into an
 * {@link InterruptedException}.
 */
public final class Interruptible {

    static final int CHUNK = 1024 * 1024;

    private Interruptible() {
    }

    /** Throws when the thread was interrupted (and clears the flag, as InterruptedException does). */
    static void check() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Whether an I/O failure was an interrupt rather than a problem with the file. */
    static boolean isInterrupt(IOException e) {
        return e instanceof ClosedByInterruptException || e instanceof InterruptedIOException;
    }

    /** The InterruptedException an interrupt-caused I/O failure stands for; clears the thread's flag. */
    static InterruptedException interrupt(IOException e) {
        Thread.interrupted();
        InterruptedException ie = new InterruptedException();
        ie.initCause(e);
        return ie;
    }

    /** A failed write as one line naming the file and the cause; an interrupt stays an interrupt. */
    static VmbenchException cannotWrite(Path path, IOException e) throws InterruptedException {
        if (isInterrupt(e)) {
            throw interrupt(e);
        }
        return new VmbenchException(IoErrors.describe("cannot write", path, e), e);
    }

    /** Copies a file into a new private (0600) one, a MiB at a time. */
    static void copy(Path from, Path to) throws IOException, InterruptedException {
        try (InputStream in = Files.newInputStream(from); OutputStream out = PrivateFiles.newOutputStream(to)) {
            copy(in, out);
        }
    }

    static long copy(InputStream in, OutputStream out) throws IOException, InterruptedException {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            check();
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** The sha256 of a file, in hex; an interrupt stops the reading. */
    public static String sha256(Path file) throws IOException, InterruptedException {
        MessageDigest sha = RandomFile.sha256();
        byte[] buf = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                check();
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Deletes a file if it is there; a failure to do so is added to the failure being reported. */
    static void deleteQuietly(Path p, Throwable reported) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            reported.addSuppressed(e);
        }
    }
}
