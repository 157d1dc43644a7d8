package dev.vmbench.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.UsageException;
import dev.vmbench.VmbenchException;

class AsciicastTest {

    static final String HEADER = "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000000}\n";

    static List<Asciicast.Event> events(Path f) {
        try (Asciicast c = Asciicast.open(f)) {
            List<Asciicast.Event> all = new ArrayList<>();
            for (Asciicast.Event e = c.next(); e != null; e = c.next()) {
                all.add(e);
            }
            return all;
        }
    }

    static Path cast(Path dir, String body) throws Exception {
        return Files.writeString(dir.resolve("t.cast"), HEADER + body);
    }

    static void assertOneLine(Throwable t) {
        assertThat(t).isInstanceOf(VmbenchException.class);
        assertThat(t.getMessage()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void eventsAreReadInOrderBlankLinesSkipped(@TempDir Path dir) throws Exception {
        Path f = cast(dir, "[0.5, \"o\", \"a\\u001b[1mb\"]\n\n[1, \"i\", \"ls\\r\"]\r\n[2.25, \"m\", \"run\"]\n");
        try (Asciicast c = Asciicast.open(f)) {
            assertThat(c.header().get("width").asInt()).isEqualTo(80);
            assertThat(c.next()).isEqualTo(new Asciicast.Event(0.5, "o", "a\u001b[1mb"));
            assertThat(c.line()).isEqualTo(2);
            assertThat(c.next()).isEqualTo(new Asciicast.Event(1, "i", "ls\r"));
            assertThat(c.line()).isEqualTo(4);
            assertThat(c.next()).isEqualTo(new Asciicast.Event(2.25, "m", "run"));
            assertThat(c.next()).isNull();
            assertThat(c.next()).isNull();
        }
    }

    @Test
    void aBinaryFileIsOneLineNamingTheByteAndWhatWasExpected(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("vmlinux.cast"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        assertThatThrownBy(() -> Asciicast.open(f)).satisfies(AsciicastTest::assertOneLine)
                .hasMessage(f + ":1 (byte 0): expected an asciicast header (a JSON object), found byte 0x7F: "
                        + "this is not an asciicast v2 (.cast) file");
    }

    @Test
    void binaryAfterAGoodHeaderIsNamedByLineAndByte(@TempDir Path dir) throws Exception {
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] event = "[1, \"o\", \"a\"]\n[2, \"o\", \"b\0c\"]\n[3, \"o\", \"d\"]\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[header.length + event.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(event, 0, all, header.length, event.length);
        Path f = Files.write(dir.resolve("nul.cast"), all);
        long nulAt = header.length + "[1, \"o\", \"a\"]\n[2, \"o\", \"b".length();
        assertThatThrownBy(() -> events(f)).satisfies(AsciicastTest::assertOneLine)
                .hasMessage(f + ":3 (byte " + nulAt + "): a NUL byte: this is a binary file, not an asciicast v2 (.cast) file");
    }

    @Test
    void textThatIsNotUtf8IsNamedByLineAndByte(@TempDir Path dir) throws Exception {
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] bad = "[1, \"o\", \"caf\u00e9\"]\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] after = "[2, \"o\", \"x\"]\n".getBytes(StandardCharsets.UTF_8);
        Path f = dir.resolve("latin1.cast");
        try (var out = Files.newOutputStream(f)) {
            out.write(header);
            out.write(bad);
            out.write(after);
        }
        long at = header.length + "[1, \"o\", \"caf".length();
        assertThatThrownBy(() -> events(f)).satisfies(AsciicastTest::assertOneLine)
                .hasMessage(f + ":2 (byte " + at + "): not UTF-8 text: this is not an asciicast v2 (.cast) file");
    }

    @Test
    void otherFilesAreSaidToBeWhatTheyAreNot(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.cast"), "hello\n");
        assertThatThrownBy(() -> Asciicast.open(text)).satisfies(AsciicastTest::assertOneLine)
                .hasMessageStartingWith(text + ":1 (byte 0): expected an asciicast header").hasMessageContaining("'h'");
        Path v1 = Files.writeString(dir.resolve("v1.cast"), "{\"version\": 1, \"stdout\": []}\n");
        assertThatThrownBy(() -> Asciicast.open(v1)).satisfies(AsciicastTest::assertOneLine)
                .hasMessage(v1 + ":1: asciicast version 1: vmbench reads version 2 (asciinema 2.x files)");
        Path pretty = Files.writeString(dir.resolve("pretty.cast"), "{\n  \"version\": 2\n}\n");
        assertThatThrownBy(() -> Asciicast.open(pretty)).satisfies(AsciicastTest::assertOneLine)
                .hasMessageStartingWith(pretty + ":1: not an asciicast header");
        Path empty = Files.writeString(dir.resolve("empty.cast"), "");
        assertThatThrownBy(() -> Asciicast.open(empty)).hasMessage(empty + " is empty: this is not an asciicast v2 (.cast) file");
        assertThatThrownBy(() -> Asciicast.open(dir)).satisfies(AsciicastTest::assertOneLine)
                .hasMessageContaining("is a folder");
        Path json = cast(dir, "{\"a\": 1}\n[1, \"o\", \"x\"]\n");
        assertThatThrownBy(() -> events(json)).satisfies(AsciicastTest::assertOneLine)
                .hasMessageStartingWith(json + ":2 (byte " + HEADER.length() + "): expected an event line");
        Path shape = cast(dir, "[1, \"o\"]\n[1, \"o\", \"x\"]\n");
        assertThatThrownBy(() -> events(shape)).satisfies(AsciicastTest::assertOneLine)
                .hasMessage(shape + ":2: not an event line [seconds, \"o\"|\"i\"|\"m\", \"text\"]");
    }

    @Test
    void aLineLongerThanTheBoundIsAnErrorNotAMemoryGrab(@TempDir Path dir) throws Exception {
        Path f = cast(dir, "[1, \"o\", \"x\"]\n[2, \"o\", \"" + "y".repeat(5000) + "\"]\n");
        try (Asciicast c = Asciicast.open(f, 4096)) {
            assertThat(c.next().data()).isEqualTo("x");
            assertThatThrownBy(c::next).satisfies(AsciicastTest::assertOneLine)
                    .hasMessageStartingWith(f + ":3: longer than 4 KiB");
        }
        assertThat(Asciicast.MAX_LINE).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void aTruncatedLastLineEndsTheCastQuietly(@TempDir Path dir) throws Exception {
        Path cut = cast(dir, "[1, \"o\", \"whole\\r\\n\"]\n[2.0, \"o\", \"hal");
        assertThat(events(cut)).extracting(Asciicast.Event::data).containsExactly("whole\r\n");
        // cut inside a UTF-8 character
        byte[] head = (HEADER + "[1, \"o\", \"ok\"]\n[2, \"o\", \"").getBytes(StandardCharsets.UTF_8);
        byte[] withHalfChar = java.util.Arrays.copyOf(head, head.length + 1);
        withHalfChar[head.length] = (byte) 0xE2;
        Path half = Files.write(dir.resolve("half.cast"), withHalfChar);
        assertThat(events(half)).extracting(Asciicast.Event::data).containsExactly("ok");
        // but a bad line in the middle is an error
        Path middle = cast(dir, "[1, \"o\", \"hal\n[2, \"o\", \"x\"]\n");
        assertThatThrownBy(() -> events(middle)).hasMessageStartingWith(middle + ":2: not an event line");
    }

    @Test
    void playingFiltersQueriesAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path f = cast(dir, "[0.1, \"o\", \"~ # \\u001b[\"]\n[0.2, \"i\", \"ls\\r\"]\n[0.3, \"o\", \"6nls\\r\\n\"]\n"
                + "[0.4, \"o\", \"\\u001b[1;34mbin\\u001b[0m\\r\\n\\u0005~ # \\u001b[6n\"]\n");
        List<String> out = new ArrayList<>();
        try (Asciicast c = Asciicast.open(f)) {
            assertThat(Player.play(c, 1000, 0, out::add)).isEqualTo(3);
        }
        assertThat(out).containsExactly("~ # ", "ls\r\n", "\u001b[1;34mbin\u001b[0m\r\n~ # ");
    }

    @Test
    void badSpeedsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path f = cast(dir, "");
        try (Asciicast c = Asciicast.open(f)) {
            assertThatThrownBy(() -> Player.play(c, 0, 0, s -> { })).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--speed");
            assertThatThrownBy(() -> Player.play(c, 1, -1, s -> { })).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--idle-limit");
        }
    }

    /**
     * A 50 MB cast plays and exports one event at a time: when the consumer gets event k, the reader has read
     * no further than its line; the export goes straight into its file.
     */
    @Test
    void aLargeCastStreamsThroughPlayAndExport(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.cast");
        String chunk = "0123456789abcdef".repeat(60) + "\\u001b[6n\\r\\n";
        int n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write(HEADER);
            while (Files.size(f) < 50_000_000L || n == 0) {
                for (int i = 0; i < 1000; i++, n++) {
                    w.write(String.format(Locale.ROOT, "[%.6f, \"o\", \"%s\"]\n", n * 1e-6, chunk));
                }
                w.flush();
            }
        }
        assertThat(Files.size(f)).isGreaterThanOrEqualTo(50_000_000L);
        int total = n;

        long[] seen = {0};
        long[] chars = {0};
        try (Asciicast c = Asciicast.open(f)) {
            long played = Player.play(c, 1e9, 0, text -> {
                seen[0]++;
                chars[0] += text.length();
                assertThat(c.line()).isEqualTo(seen[0] + 1); // header, then exactly the events played so far
                assertThat(text).doesNotContain("\u001b[6n");
            });
            assertThat(played).isEqualTo(total);
        }
        assertThat(seen[0]).isEqualTo(total);
        assertThat(chars[0]).isEqualTo((long) total * (960 + 2));

        long[] lineAtWrite = {-1};
        Asciicast[] open = new Asciicast[1];
        Writer counting = new Writer() {
            long writes;

            @Override
            public void write(char[] cbuf, int off, int len) {
                writes++;
            }

            @Override
            public void write(String s) {
                writes++;
                if (writes == 10) {
                    lineAtWrite[0] = open[0].line();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (Asciicast c = Asciicast.open(f)) {
            open[0] = c;
            assertThat(c.writeText(counting)).isEqualTo((long) total * (960 + 1));
        }
        assertThat(lineAtWrite[0]).isEqualTo(11); // the 10th event's text was written when line 11 was read

        Path txt = TextExport.toFile(f, dir.resolve("out/big.txt"));
        assertThat(Files.size(txt)).isEqualTo((long) total * (960 + 1));
        try (var lines = Files.lines(txt)) {
            assertThat(lines.limit(3)).containsOnly("0123456789abcdef".repeat(60));
        }
        assertThat(Files.getPosixFilePermissions(txt)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(txt.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(dir.resolve("out").toFile().list()).containsExactly("big.txt"); // no .partial left
    }

    @Test
    void exportToAWriterEndsWithANewlineAndRefusesToOverwriteTheCast(@TempDir Path dir) throws Exception {
        Path f = cast(dir, "[1, \"o\", \"a\\u001b]10;?\\u0007b\\r\\n~ # \\u001b[6n\"]\n");
        StringWriter w = new StringWriter();
        TextExport.toWriter(f, w);
        assertThat(w).hasToString("ab\n~ # \n");
        assertThatThrownBy(() -> TextExport.toFile(f, f)).satisfies(AsciicastTest::assertOneLine)
                .hasMessageContaining("is the transcript itself");
        assertThat(events(f)).hasSize(1);
    }

    @Test
    void aFailedExportLeavesTheOldOutputAndNoPartialFile(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("old.txt"), "old");
        Path bad = cast(dir, "[1, \"o\", \"x\"]\nnot json\n[2, \"o\", \"y\"]\n");
        assertThatThrownBy(() -> TextExport.toFile(bad, out)).satisfies(AsciicastTest::assertOneLine)
                .hasMessageContaining(":3 ");
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("old.txt", "t.cast");
    }
}
