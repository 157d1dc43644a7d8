package dev.vmbench.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.console.Console;

class AsciicastWriterTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static AsciicastWriter writer(Path f, long start) throws Exception {
        return new AsciicastWriter(f, new AsciicastWriter.Header(80, 24, 1700000000L, "t",
                Map.of("TERM", "vt100", "VMBENCH_VM", "qemu1")), start);
    }

    @Test
    void headerAndEventsAreJsonLinesAsAsciinemaReadsThem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.cast");
        try (AsciicastWriter w = writer(f, 0)) {
            w.onMarker("run: true", 1_000_000_000L);
            w.onInput("ls\r", 1_500_000_000L);
            w.onOutput("a\"b\\c\u0000\u0001\u001b[1m\r\n\uFFFD", 2_000_000_000L);
        }
        List<String> lines = Files.readAllLines(f);
        JsonNode h = JSON.readTree(lines.get(0));
        assertThat(h.get("version").asInt()).isEqualTo(2);
        assertThat(h.get("width").asInt()).isEqualTo(80);
        assertThat(h.get("timestamp").asLong()).isEqualTo(1700000000L);
        assertThat(h.get("env").get("VMBENCH_VM").asText()).isEqualTo("qemu1");
        assertThat(lines.get(1)).isEqualTo("[1.000000, \"m\", \"run: true\"]");
        assertThat(lines.get(2)).isEqualTo("[1.500000, \"i\", \"ls\\r\"]");
        JsonNode o = JSON.readTree(lines.get(3));
        assertThat(o.get(2).asText()).isEqualTo("a\"b\\c\u0000\u0001\u001b[1m\r\n\uFFFD");
        assertThat(lines.get(3)).doesNotContain("\u001b").doesNotContain("\u0000"); // escaped, one line
    }

    @Test
    void timestampsNeverGoBackwards(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.cast");
        try (AsciicastWriter w = writer(f, 0)) {
            w.onOutput("x", 3_000_000_000L);
            w.onOutput("y", 2_000_000_000L); // another thread's earlier clock reading, written later
            w.onOutput("z", 4_000_000_000L);
        }
        List<Asciicast.Event> e = Asciicast.read(f).events();
        assertThat(e).extracting(Asciicast.Event::time).containsExactly(3.0, 3.0, 4.0);
    }

    @Test
    void everyEventIsInTheFileBeforeTheNextOne(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("live.cast");
        AsciicastWriter w = writer(f, 0);
        w.onOutput("first", 1);
        assertThat(Files.readAllLines(f)).hasSize(2); // not closed, yet on disk
        w.close();
        w.onOutput("after close", 2);
        assertThat(Files.readAllLines(f)).hasSize(2);
    }

    @Test
    void aRecordingCutShortStillReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cut.cast");
        try (AsciicastWriter w = writer(f, 0)) {
            w.onOutput("whole\r\n", 1);
        }
        Files.writeString(f, Files.readString(f) + "[2.0, \"o\", \"hal");
        assertThat(Asciicast.read(f).events()).hasSize(1);
        assertThat(Asciicast.read(f).text()).isEqualTo("whole\n");
    }

    @Test
    void notACastIsSaidSo(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.cast"), "hello\n");
        assertThatThrownBy(() -> Asciicast.read(f)).hasMessageContaining("not an asciicast header");
    }

    @Test
    void plainTextDropsEscapes() {
        assertThat(Asciicast.plain("\u001b[1;31mred\u001b[0m\r\r\n\u001b]0;title\u0007ok\u001b[6n\r\n"))
                .isEqualTo("red\nok\n");
    }

    /** Invalid UTF-8 and sequences split across reads, through a real Console into a transcript. */
    @Test
    void invalidAndSplitUtf8FromTheConsoleBecomeValidEvents(@TempDir Path dir) throws Exception {
        byte[] bytes = {'a', (byte) 0xE2, (byte) 0x9C, (byte) 0x93, 'b', (byte) 0xFF, 'c', (byte) 0xC3};
        InputStream oneByte = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
        Console c = new Console(oneByte, new ByteArrayOutputStream(), 10);
        Path f = dir.resolve("u.cast");
        AsciicastWriter w = writer(f, System.nanoTime());
        c.addListener(w);
        c.start("t");
        assertThat(c.awaitEnd(5, TimeUnit.SECONDS)).isTrue();
        assertThat(w.isClosed()).isTrue(); // the console's end closes the recording
        String text = String.join("", Asciicast.read(f).events().stream().map(Asciicast.Event::data).toList());
        assertThat(text).isEqualTo("a✓b\uFFFDc\uFFFD");
        for (String line : Files.readAllLines(f)) {
            JSON.readTree(line); // every line is valid JSON
        }
    }
}
