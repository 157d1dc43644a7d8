package dev.vmbench.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.console.Console;
import dev.vmbench.console.ConsoleListener;
import dev.vmbench.console.ConsoleWatch;

class AsciicastWriterTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static AsciicastWriter writer(Path f, long start) throws Exception {
        return AsciicastWriter.createNew(f, header(), start);
    }

    static AsciicastWriter.Header header() {
        return new AsciicastWriter.Header(80, 24, 1700000000L, "t", Map.of("TERM", "vt100", "VMBENCH_VM", "qemu1"));
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
        List<Asciicast.Event> e = AsciicastTest.events(f);
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
        assertThat(AsciicastTest.events(f)).hasSize(1);
        StringWriter text = new StringWriter();
        TextExport.toWriter(f, text);
        assertThat(text).hasToString("whole\n");
    }

    @Test
    void notACastIsSaidSo(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.cast"), "hello\n");
        assertThatThrownBy(() -> Asciicast.open(f)).hasMessageContaining("expected an asciicast header");
    }

    @Test
    void anExistingFileIsNeverOpenedForWriting(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("keep.cast"), "someone's recording\n");
        assertThatThrownBy(() -> writer(f, 0)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(f)).isEqualTo("someone's recording\n");
    }

    @Test
    void replacingRenamesANewFileOverTheOldOneWhichIsNotTruncated(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("old.cast"), "old recording\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        try (InputStream stillReading = Files.newInputStream(f);
             AsciicastWriter w = AsciicastWriter.replace(f, header(), 0)) {
            w.onOutput("new", 1);
            assertThat(new String(stillReading.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old recording\n");
        }
        assertThat(AsciicastTest.events(f)).extracting(Asciicast.Event::data).containsExactly("new");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.toFile().list()).containsExactly("old.cast"); // no temporary file left
    }

    @Test
    void filesAre0600AndNewFolders0700(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a/b/x.cast");
        try (AsciicastWriter w = writer(f, 0)) {
            w.onOutput("x", 1);
        }
        Path u;
        try (AsciicastWriter w = AsciicastWriter.createUnique(dir.resolve("c/y.cast"), header(), 0)) {
            u = w.file();
        }
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(u)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (Path d : List.of(dir.resolve("a"), dir.resolve("a/b"), dir.resolve("c"))) {
            assertThat(Files.getPosixFilePermissions(d)).as(d.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void twoThreadsClaimingOneNameGetTwoFiles(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("qemu1-20240101-120000.cast");
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Path> start = () -> {
            together.await();
            try (AsciicastWriter w = AsciicastWriter.createUnique(base, header(), 0)) {
                w.onOutput(Thread.currentThread().getName(), 1);
                return w.file();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> a = pool.submit(start);
            Future<Path> b = pool.submit(start);
            Path fa = a.get(30, TimeUnit.SECONDS);
            Path fb = b.get(30, TimeUnit.SECONDS);
            assertThat(List.of(fa.getFileName().toString(), fb.getFileName().toString()))
                    .containsExactlyInAnyOrder("qemu1-20240101-120000.cast", "qemu1-20240101-120000-2.cast");
            assertThat(AsciicastTest.events(fa)).hasSize(1);
            assertThat(AsciicastTest.events(fb)).hasSize(1);
            assertThat(AsciicastTest.events(fa).get(0).data()).isNotEqualTo(AsciicastTest.events(fb).get(0).data());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A full disk: the write fails part way through a line. */
    @Test
    void aFailedWriteStopsTheRecordingKeepsEveryWholeEventAndIsReportedOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("full.cast");
        FileChannel real = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FillingUp disk = new FillingUp(real);
        List<String> reports = new ArrayList<>();
        AsciicastWriter w = new AsciicastWriter(f, disk, header(), 0);
        w.onFailure(reports::add);
        w.onOutput("one\r\n", 1);
        w.onOutput("two\r\n", 2);
        disk.room = 10; // the next line does not fit: part of it is written, then ENOSPC
        w.onOutput("three, a longer line\r\n", 3);
        w.onOutput("four", 4);
        w.onMarker("five", 5);

        assertThat(w.isClosed()).isTrue();
        assertThat(w.events()).isEqualTo(2);
        assertThat(reports).containsExactly("cannot write " + f
                + ": no space left on device: free some space there and try again (no restart needed)");
        assertThat(w.failure()).contains(reports.get(0));
        assertThat(real.isOpen()).isFalse();
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(3); // the header and two whole events; the half line was cut off
        assertThat(Files.readString(f)).endsWith("\n");
        assertThat(AsciicastTest.events(f)).extracting(Asciicast.Event::data).containsExactly("one\r\n", "two\r\n");
    }

    /**
     * What 'transcript stop' does (remove the writer from the console, then close it) on a disk that is slow:
     * the console's reader went on reading meanwhile, and the file still gets everything it read.
     */
    @Test
    void stoppingARecordingOnASlowDiskWritesEverythingAlreadyRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("slow.cast");
        FillingUp disk = new FillingUp(FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        AsciicastWriter w = new AsciicastWriter(f, disk, header(), System.nanoTime());
        assertThat(w.delivery()).isEqualTo(ConsoleListener.Delivery.QUEUED);
        CountDownLatch slow = new CountDownLatch(1);
        disk.gate = slow;
        PipedOutputStream guest = new PipedOutputStream();
        Console c = new Console(new PipedInputStream(guest, 1 << 16), new ByteArrayOutputStream(), 100);
        c.addListener(w);
        StringBuilder sent = new StringBuilder();
        try (ConsoleWatch watch = c.watch()) {
            c.start("slow-disk");
            for (int i = 0; i < 200; i++) {
                String line = "line " + i + "\r\n";
                sent.append(line);
                guest.write(line.getBytes(StandardCharsets.UTF_8));
                guest.flush();
            }
            watch.await(Pattern.compile("line 199\r\n"), 10, TimeUnit.SECONDS); // all read
            c.mark("the end"); // after the last line: a marker takes its place among the output read so far
            assertThat(disk.entered.await(10, TimeUnit.SECONDS)).as("the first write is stuck").isTrue();
            Thread stop = new Thread(() -> c.removeListener(w), "transcript-stop");
            stop.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> stop.getState() == Thread.State.WAITING); // waits for the writer to catch up
            guest.write("after the stop\r\n".getBytes(StandardCharsets.UTF_8));
            guest.flush();
            watch.await(Pattern.compile("after the stop"), 10, TimeUnit.SECONDS);
            disk.gate = null;
            slow.countDown();
            stop.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(stop.isAlive()).isFalse();
        } finally {
            guest.close();
        }
        w.close();
        List<Asciicast.Event> events = AsciicastTest.events(f);
        assertThat(String.join("", events.stream().filter(e -> e.code().equals("o")).map(Asciicast.Event::data).toList()))
                .isEqualTo(sent.toString());
        assertThat(events.get(events.size() - 1).code()).isEqualTo("m");
        assertThat(events.get(events.size() - 1).data()).isEqualTo("the end");
        assertThat(w.failure()).isEmpty();
    }

    /** The console dropped the recording (it fell too far behind): a failure, reported once; the file is kept. */
    @Test
    void aRecordingTheConsoleDroppedStopsAndIsReportedOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dropped.cast");
        AsciicastWriter w = writer(f, 0);
        List<String> reports = new ArrayList<>();
        w.onFailure(reports::add);
        w.onOutput("kept\r\n", 1);
        w.onDropped("fell more than 64 MiB behind the console");
        w.onDropped("again");
        w.onOutput("after", 2);
        assertThat(w.isClosed()).isTrue();
        assertThat(reports).containsExactly("writing " + f + " fell more than 64 MiB behind the console");
        assertThat(w.failure()).contains(reports.get(0));
        assertThat(AsciicastTest.events(f)).extracting(Asciicast.Event::data).containsExactly("kept\r\n");
    }

    /**
     * A file channel on a disk with a given room left: writes past it write what fits, then fail. While a gate
     * is set, every write waits for it to open (a slow or hung disk).
     */
    static final class FillingUp implements SeekableByteChannel {
        final FileChannel file;
        long room = Long.MAX_VALUE;
        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);

        FillingUp(FileChannel file) {
            this.file = file;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            CountDownLatch g = gate;
            if (g != null) {
                entered.countDown();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            if (room <= 0) {
                throw new IOException("No space left on device");
            }
            if (src.remaining() <= room) {
                int n = file.write(src);
                room -= n;
                return n;
            }
            ByteBuffer part = src.slice().limit((int) room);
            int n = file.write(part);
            src.position(src.position() + n);
            room -= n;
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            file.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
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
        String text = String.join("", AsciicastTest.events(f).stream().map(Asciicast.Event::data).toList());
        assertThat(text).isEqualTo("a✓b\uFFFDc\uFFFD");
        for (String line : Files.readAllLines(f)) {
            JSON.readTree(line); // every line is valid JSON
        }
    }
}
