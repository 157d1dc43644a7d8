package dev.vmbench.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.vmbench.VmbenchException;

/**
 * Reads a text file the user named, with a bound: a regular file only (not a FIFO, a device or a folder),
 * at most a given number of bytes, UTF-8 only. Whatever is wrong is one line naming the file, the byte
 * offset and line where it went wrong, and what was expected; nothing is read past the bound.
 */
public final class TextFiles {

    /** A /proc/meminfo capture, a profile file, an image manifest: small files. */
    public static final long SMALL = 4L * 1024 * 1024;

    private TextFiles() {
    }

    /**
     * @param what what the file should hold, for messages ("a /proc/meminfo capture")
     */
    public static String read(Path file, long maxBytes, String what) {
        check(file, what);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot read", file, e), e);
        }
        if (bytes.length > maxBytes) {
            throw new VmbenchException(file + " is larger than " + human(maxBytes) + ", far more than " + what
                    + " takes: give the right file");
        }
        return decode(file, bytes, what);
    }

    /** Fails with one line unless the path is an existing, readable regular file. */
    public static void check(Path file, String what) {
        if (!Files.exists(file)) {
            throw new dev.vmbench.UsageException("no file " + file + ": give " + what);
        }
        if (Files.isDirectory(file)) {
            throw new dev.vmbench.UsageException(file + " is a folder, not " + what);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new dev.vmbench.UsageException(file + " is not a regular file (a device, FIFO or socket): give " + what);
        }
        if (!Files.isReadable(file)) {
            throw new VmbenchException("cannot read " + file + ": permission denied");
        }
    }

    /** Strict UTF-8; the first bad byte is named by offset and line. */
    public static String decode(Path file, byte[] bytes, String what) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new VmbenchException(file + ": byte " + at + " (line " + lineAt(bytes, at) + ") is not UTF-8 text: "
                    + "this is not " + what);
        }
        r = d.flush(out);
        if (r.isError()) {
            throw new VmbenchException(file + ": it ends inside a UTF-8 character: this is not " + what);
        }
        out.flip();
        String s = out.toString();
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            throw new VmbenchException(file + ": line " + lineAt(bytes, s.substring(0, nul)
                    .getBytes(StandardCharsets.UTF_8).length) + " holds a NUL byte: this is binary, not " + what);
        }
        return s;
    }

    /** One line of a file read by {@link #lines}: its number, and its text or why it could not be read. */
    public record Line(int number, String text, String problem) {
    }

    /**
     * Streams a text file line by line without ever holding more than one line: a line longer than
     * {@code maxLineBytes} or not UTF-8 comes as a {@link Line} with a problem (and its text null), so the
     * caller can skip it and say so. The file must be a regular file.
     */
    public static void lines(Path file, int maxLineBytes, String what, java.util.function.Consumer<Line> each) {
        check(file, what);
        try (InputStream raw = Files.newInputStream(file);
             java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 64 * 1024)) {
            java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
            int number = 1;
            boolean tooLong = false;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    each.accept(line(number++, cur, tooLong, maxLineBytes));
                    cur.reset();
                    tooLong = false;
                } else if (cur.size() < maxLineBytes) {
                    cur.write(b);
                } else {
                    tooLong = true;
                }
            }
            if (cur.size() > 0 || tooLong) {
                each.accept(line(number, cur, tooLong, maxLineBytes));
            }
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot read", file, e), e);
        }
    }

    private static Line line(int number, java.io.ByteArrayOutputStream bytes, boolean tooLong, int max) {
        if (tooLong) {
            return new Line(number, null, "longer than " + human(max));
        }
        try {
            return new Line(number, decodeStrict(bytes.toByteArray()), null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "not UTF-8 text");
        }
    }

    /** Decodes strictly, or throws {@link CharacterCodingException}: for callers that report lines themselves. */
    public static String decodeStrict(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    static String human(long bytes) {
        return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MiB" : bytes >= 1024 ? (bytes / 1024) + " KiB"
                : bytes + " bytes";
    }
}
