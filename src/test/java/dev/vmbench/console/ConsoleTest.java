package dev.vmbench.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    /** Hands out one byte per read, so every multi-byte character is split across reads. */
    static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] data) {
            this.in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : in.read(b, off, 1);
        }
    }

    @Test
    void utf8SplitAcrossReadsArrivesWhole() throws Exception {
        String text = "grüße → 日本 ✓\n";
        Console c = new Console(new OneByteAtATime(text.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), 100);
        StringBuilder seen = new StringBuilder();
        c.addListener((t, n) -> seen.append(t));
        c.start("test-console");
        assertThat(c.awaitEnd(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.toString()).isEqualTo(text);
        assertThat(c.scrollback().lastLines(5)).containsExactly("grüße → 日本 ✓");
    }

    @Test
    void watchFindsMatchesInOrderAndConsumesThem() throws Exception {
        PipedOutputStream guest = new PipedOutputStream();
        Console c = new Console(new PipedInputStream(guest, 1 << 16), new ByteArrayOutputStream(), 100);
        try (ConsoleWatch w = c.watch()) {
            c.start("test-console");
            guest.write("one\r\r\ntwo\r\r\n# ".getBytes(StandardCharsets.UTF_8));
            guest.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            ConsoleWatch.Match m1 = w.await(Pattern.compile("t(w)o"), deadline);
            assertThat(m1.before()).isEqualTo("one\r\r\n");
            assertThat(m1.group(1)).isEqualTo("w");
            ConsoleWatch.Match m2 = w.await(Pattern.compile("# "), deadline);
            assertThat(m2.before()).isEqualTo("\r\r\n");
            assertThat(w.pending()).isEmpty();
        } finally {
            guest.close();
        }
        assertThat(c.awaitEnd(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void watchTimesOutWithWhatArrived() throws Exception {
        PipedOutputStream guest = new PipedOutputStream();
        Console c = new Console(new PipedInputStream(guest), new ByteArrayOutputStream(), 100);
        try (ConsoleWatch w = c.watch()) {
            c.start("test-console");
            guest.write("partial".getBytes(StandardCharsets.UTF_8));
            guest.flush();
            w.await(Pattern.compile("partial"), 5, TimeUnit.SECONDS);
            guest.write("more".getBytes(StandardCharsets.UTF_8));
            guest.flush();
            assertThatThrownBy(() -> w.await(Pattern.compile("never"), 300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(ConsoleTimeoutException.class)
                    .satisfies(e -> assertThat(((ConsoleTimeoutException) e).received()).isEqualTo("more"));
        } finally {
            guest.close();
        }
    }

    @Test
    void watchOpenedAfterTheEndIsToldAtOnce() throws Exception {
        Console c = new Console(new ByteArrayInputStream("bye\n".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), 100);
        c.start("test-console");
        assertThat(c.awaitEnd(5, TimeUnit.SECONDS)).isTrue();
        try (ConsoleWatch w = c.watch()) {
            assertThatThrownBy(() -> w.await(Pattern.compile("x"), 5, TimeUnit.SECONDS))
                    .isInstanceOf(ConsoleClosedException.class);
        }
    }

    @Test
    void everyListenerSeesEveryChunkInOrder() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            data.append("line ").append(i).append("\r\n");
        }
        Console c = new Console(new ByteArrayInputStream(data.toString().getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), 10);
        List<StringBuilder> seen = List.of(new StringBuilder(), new StringBuilder());
        seen.forEach(sb -> c.addListener((t, n) -> sb.append(t)));
        c.start("test-console");
        assertThat(c.awaitEnd(10, TimeUnit.SECONDS)).isTrue();
        seen.forEach(sb -> assertThat(sb.toString()).isEqualTo(data.toString()));
        assertThat(c.scrollback().lastLines(100)).hasSize(10).endsWith("line 4999");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        Console c = new Console(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), 10);
        List<String> seen = new CopyOnWriteArrayList<>();
        c.addListener((t, n) -> {
            throw new IllegalStateException("boom");
        });
        c.addListener((t, n) -> seen.add(t));
        c.start("test-console");
        assertThat(c.awaitEnd(5, TimeUnit.SECONDS)).isTrue();
        assertThat(String.join("", seen)).isEqualTo("a\nb\n");
    }

    @Test
    void realPtyChildEchoesWhatWeTypeAndEndsTheStream() throws Exception {
        PtyProcess p = new PtyProcessBuilder(new String[] {"/bin/sh", "-c", "printf 'ready> '; read x; echo got:$x"})
                .setEnvironment(Map.of("PATH", "/usr/bin:/bin"))
                .start();
        try {
            Console c = new Console(p.getInputStream(), p.getOutputStream(), 100);
            try (ConsoleWatch w = c.watch()) {
                c.start("test-pty");
                w.await(Pattern.compile("ready> "), 10, TimeUnit.SECONDS);
                c.send("hello\n");
                ConsoleWatch.Match m = w.await(Pattern.compile("got:(\\w+)"), 10, TimeUnit.SECONDS);
                assertThat(m.group(1)).isEqualTo("hello");
                assertThat(m.before()).contains("hello"); // the pty echoed what was typed
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(c.awaitEnd(10, TimeUnit.SECONDS)).as("EIO at child exit is end of stream").isTrue();
            assertThat(c.isClosed()).isTrue();
            c.close();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aMatchCarriesTheArrivalOfTheChunkThatHoldsItsEnd() throws Exception {
        PipedOutputStream guest = new PipedOutputStream();
        Console c = new Console(new PipedInputStream(guest), new ByteArrayOutputStream(), 100);
        c.start("test-console");
        try (ConsoleWatch w2 = c.watch()) {
            guest.write("a".getBytes(StandardCharsets.UTF_8));
            guest.flush();
            ConsoleWatch.Match a = w2.await(Pattern.compile("a"), 5, TimeUnit.SECONDS);
            long afterA = System.nanoTime();
            guest.write("b".getBytes(StandardCharsets.UTF_8));
            guest.flush();
            ConsoleWatch.Match b = w2.await(Pattern.compile("b"), 5, TimeUnit.SECONDS);
            assertThat(a.nanoTime()).isLessThanOrEqualTo(afterA);
            assertThat(b.nanoTime()).isGreaterThanOrEqualTo(afterA);
        } finally {
            guest.close();
        }
    }
}
