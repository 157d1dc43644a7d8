package dev.vmbench.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import dev.vmbench.config.PrivateFiles;

/**
 * The file the seed hashes ({@code /random.txt}): N MiB of pseudo-random bytes. The generator has a fixed
 * seed, so every vmbench makes the same file and its sha256 identifies it across machines; the bytes are
 * as incompressible as {@code /dev/urandom}'s, which is all the benchmark needs.
 */
public final class RandomFile {

    public static final long SEED = 0x766d62656e6368L; // "vmbench"
    private static final int MIB = 1024 * 1024;

    private RandomFile() {
    }

    /**
     * Writes the file (0600) and returns its sha256 in hex. It is written as {@code FILE.partial} and renamed
     * when whole; a failure or an interrupt (checked every MiB) removes the partial file and leaves an
     * existing FILE as it was.
     *
     * @throws InterruptedException when the thread was interrupted (Ctrl-C)
     */
    public static String write(Path file, int mib) throws IOException, InterruptedException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            String sha = writeTo(partial, mib);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return sha;
        } catch (IOException e) {
            Interruptible.deleteQuietly(partial, e);
            if (Interruptible.isInterrupt(e)) {
                throw Interruptible.interrupt(e);
            }
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            Interruptible.deleteQuietly(partial, e);
            throw e;
        }
    }

    private static String writeTo(Path partial, int mib) throws IOException, InterruptedException {
        MessageDigest sha = sha256();
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = PrivateFiles.newOutputStream(partial)) {
            for (int i = 0; i < mib; i++) {
                Interruptible.check();
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
