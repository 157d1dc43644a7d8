package dev.vmbench.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.TextFiles;
import dev.vmbench.text.PlainText;

/**
 * An asciicast v2 file, read as a stream: the header when opened, then one event at a time from
 * {@link #next()}, so a file of any size takes little memory. A line is at most {@link #MAX_LINE} bytes.
 * Whatever is not asciicast v2 (a binary file, text that is not UTF-8, another format) fails with one line
 * naming the file, the line and byte offset, and what was expected. A truncated last line (a recording cut
 * short by a crash) ends the stream quietly: what came before plays.
 */
public final class Asciicast implements AutoCloseable {

    /** One event: seconds since the start, "o" (output), "i" (input) or "m" (marker), and its text. */
    public record Event(double time, String code, String data) {
    }

    /** Longest line read, in bytes; a longer one is an error, not a reason to take the shell's memory. */
    public static final int MAX_LINE = 16 * 1024 * 1024;
    static final int MAX_HEADER = 1024 * 1024;
    private static final String WHAT = "an asciicast v2 (.cast) file";
    private static final String EVENT = "an event line [seconds, \"o\"|\"i\"|\"m\", \"text\"]";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final InputStream in;
    private final int maxLine;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final JsonNode header;

    /** Read-ahead from the file. */
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** The line just read, its bytes then its characters. */
    private byte[] bytes = new byte[8192];
    private int length;
    private char[] chars = new char[8192];
    private int textLength;
    /** Whether the line just read ended with a newline (not with the end of the file). */
    private boolean terminated;
    /** Number of the line just read (1 is the header), and the byte offset where it started. */
    private long line;
    private long lineStart;
    private long offset;
    private boolean ended;

    private Asciicast(Path file, InputStream in, int maxLine) {
        this.file = file;
        this.in = in;
        this.maxLine = maxLine;
        this.header = readHeader();
    }

    /** Opens a cast and reads its header; close it when done. */
    public static Asciicast open(Path file) {
        return open(file, MAX_LINE);
    }

    static Asciicast open(Path file, int maxLine) {
        TextFiles.check(file, WHAT);
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot read", file, e), e);
        }
        try {
            return new Asciicast(file, in, maxLine);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The header line: version, width, height, timestamp, title, env. */
    public JsonNode header() {
        return header;
    }

    /** The number of the last line read (1: the header). */
    public long line() {
        return line;
    }

    /**
     * The next event, or null at the end of the file (or at a truncated last line).
     *
     * @throws VmbenchException one line, for a line that is not an event (or not text, or too long)
     */
    public Event next() {
        while (!ended) {
            if (!readLine('[', maxLine)) {
                ended = true;
                return null;
            }
            if (isBlank()) {
                continue;
            }
            try {
                Event e = parseEvent(decode());
                if (e != null) {
                    return e;
                }
            } catch (VmbenchException | IOException ex) {
                if (lastLine()) {
                    break; // cut short by a crash: play what is whole
                }
                if (ex instanceof VmbenchException v) {
                    throw v;
                }
            }
            if (lastLine()) {
                break;
            }
            throw error("not " + EVENT);
        }
        ended = true;
        return null;
    }

    /**
     * Writes the plain text of the remaining output events (escape sequences, queries and carriage returns
     * removed) to out, as it reads them.
     *
     * @return the number of characters written
     */
    public long writeText(Writer out) throws IOException {
        PlainText plain = new PlainText();
        long n = 0;
        for (Event e = next(); e != null; e = next()) {
            if (e.code().equals("o")) {
                String t = plain.add(e.data());
                out.write(t);
                n += t.length();
            }
        }
        String t = plain.finish();
        out.write(t);
        return n + t.length();
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private JsonNode readHeader() {
        if (!readLine('{', Math.min(maxLine, MAX_HEADER))) {
            throw new VmbenchException(file + " is empty: this is not " + WHAT);
        }
        JsonNode h;
        try {
            char[] c = decode();
            h = JSON.readTree(JSON.getFactory().createParser(c, 0, textLength));
        } catch (IOException e) {
            throw error("not an asciicast header (a JSON object on the first line): this is not " + WHAT);
        }
        if (h == null || !h.isObject()) {
            throw error("not an asciicast header (a JSON object on the first line): this is not " + WHAT);
        }
        JsonNode v = h.get("version");
        if (v == null || !v.isInt()) {
            throw error("the header has no \"version\": this is not " + WHAT);
        }
        if (v.asInt() != 2) {
            throw error("asciicast version " + v.asInt() + ": vmbench reads version 2 (asciinema 2.x files)");
        }
        return h;
    }

    /**
     * Reads the next line's bytes (without its newline) into {@link #bytes}. Fails early, at its first byte,
     * on a line that cannot be what is expected, so a binary file is not read far.
     *
     * @return false at the end of the file
     */
    private boolean readLine(char first, int max) {
        length = 0;
        terminated = false;
        lineStart = offset;
        line++;
        while (true) {
            if (pos == limit && !fill()) {
                return length > 0;
            }
            int start = pos;
            if (length == 0) {
                int b = buf[pos] & 0xff;
                if (b != first && b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                    throw error("expected " + (first == '{' ? "an asciicast header (a JSON object)" : EVENT)
                            + ", found " + describe(b) + ": this is not " + WHAT, lineStart);
                }
            }
            while (pos < limit && buf[pos] != '\n') {
                if (buf[pos] == 0) {
                    throw error("a NUL byte: this is a binary file, not " + WHAT, lineStart + length + pos - start);
                }
                pos++;
            }
            int n = pos - start;
            if ((long) length + n > max) {
                throw error("longer than " + human(max) + ": this is not " + WHAT
                        + " (its lines are JSON, each well below that)");
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(max, Math.max(length + n, 2L * bytes.length)));
            }
            System.arraycopy(buf, start, bytes, length, n);
            length += n;
            offset += n;
            if (pos < limit) {
                pos++; // the newline
                offset++;
                terminated = true;
                return true;
            }
        }
    }

    /** Refills {@link #buf}. @return false at the end of the file */
    private boolean fill() {
        try {
            int n = in.read(buf);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot read", file, e) + " (line " + line + ")", e);
        }
    }

    /** Decodes the line just read as strict UTF-8 into {@link #chars} ({@link #textLength} of them). */
    private char[] decode() {
        if (chars.length < length) {
            chars = new char[Math.max(length, 2 * chars.length)];
        }
        ByteBuffer src = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer dst = CharBuffer.wrap(chars);
        utf8.reset();
        CoderResult r = utf8.decode(src, dst, true);
        if (!r.isError()) {
            r = utf8.flush(dst);
        }
        if (r.isError()) {
            throw error("not UTF-8 text: this is not " + WHAT, lineStart + src.position());
        }
        textLength = dst.position();
        return chars;
    }

    private Event parseEvent(char[] c) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(c, 0, textLength)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                return null;
            }
            double time = p.getDoubleValue();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String code = p.getText();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String data = p.getText();
            if (p.nextToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
                return null;
            }
            return new Event(time, code, data);
        }
    }

    private boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Whether the line just read is the last one in the file (so a bad one was cut short). */
    private boolean lastLine() {
        if (!terminated) {
            return true;
        }
        return pos == limit && !fill();
    }

    private VmbenchException error(String what) {
        return new VmbenchException(file + ":" + line + ": " + what);
    }

    private VmbenchException error(String what, long byteOffset) {
        return new VmbenchException(file + ":" + line + " (byte " + byteOffset + "): " + what);
    }

    private static String describe(int b) {
        return b >= 0x21 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
    }

    private static String human(int bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MiB" : bytes >= 1024 ? bytes / 1024 + " KiB"
                : bytes + " bytes";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written; nothing to lose
        }
    }
}
