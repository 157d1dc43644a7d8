package dev.vmbench.transcript;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.text.PlainText;

/**
 * A transcript's output as plain text ({@link dev.vmbench.text.PlainText}: no escape sequences, no terminal queries),
 * streamed event by event from the cast into a writer or a file, never held whole in memory.
 */
public final class TextExport {

    private TextExport() {
    }

    /**
     * Writes the text of cast to out (a terminal; not closed), ending with a newline.
     *
     * @return the number of characters written
     */
    public static long toWriter(Path cast, Writer out) {
        try {
            EndTracking w = new EndTracking(out);
            long n = copy(cast, w);
            if (w.last != '\n') {
                out.write('\n');
                n++;
            }
            out.flush();
            return n;
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot write the text of", cast, e), e);
        }
    }

    private static long copy(Path cast, Writer out) throws IOException {
        try (Asciicast c = Asciicast.open(cast)) {
            return c.writeText(out);
        }
    }

    /**
     * Writes the text of cast into file (0600, parent folders made 0700): into a temporary file beside it,
     * then renamed over it, so a failure half way (a bad line, a full disk) leaves no half file and file as
     * it was.
     *
     * @return the absolute path written
     */
    public static Path toFile(Path cast, Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new VmbenchException(file + " is a folder: give --out a file's path");
        }
        try {
            if (Files.exists(target) && Files.isSameFile(cast, target)) {
                throw new VmbenchException("--out " + file + " is the transcript itself: give another file");
            }
            PrivateFiles.requireReplaceable(target);
            PrivateFiles.createParents(target);
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot write", target, e), e);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial",
                    PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
            Files.setPosixFilePermissions(tmp, PrivateFiles.FILE);
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(
                    FileChannel.open(tmp, StandardOpenOption.WRITE)), StandardCharsets.UTF_8), 64 * 1024)) {
                copy(cast, w);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot write", target, e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a leftover .partial beside the output; nothing of the user's is lost
        }
    }

    /** Passes writes on, remembering the last character. */
    private static final class EndTracking extends Writer {
        private final Writer out;
        private char last = '\n';

        EndTracking(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (len > 0) {
                out.write(cbuf, off, len);
                last = cbuf[off + len - 1];
            }
        }

        @Override
        public void write(String s) throws IOException {
            if (!s.isEmpty()) {
                out.write(s);
                last = s.charAt(s.length() - 1);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the caller's writer stays open
        }
    }
}
