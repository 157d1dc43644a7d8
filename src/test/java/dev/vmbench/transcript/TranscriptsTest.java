package dev.vmbench.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;

class TranscriptsTest {

    static final Clock NOON = Clock.fixed(Instant.parse("2024-01-01T12:00:00.123Z"), ZoneOffset.UTC);

    /** Two shells on one VMBENCH_HOME start recording a VM of the same name in the same second. */
    @Test
    void twoShellsStartingAtOnceGetTwoFiles(@TempDir Path home) throws Exception {
        Path folder = home.resolve("state/transcripts");
        Transcripts shell1 = new Transcripts(folder, NOON);
        Transcripts shell2 = new Transcripts(folder, NOON);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> a = pool.submit(recordOneEvent(shell1, "from shell 1", together));
            Future<Path> b = pool.submit(recordOneEvent(shell2, "from shell 2", together));
            Path fa = a.get(30, TimeUnit.SECONDS);
            Path fb = b.get(30, TimeUnit.SECONDS);
            assertThat(fa).isNotEqualTo(fb);
            assertThat(shell1.files()).containsExactly(folder.toAbsolutePath().resolve("qemu1-20240101-120000.cast"),
                    folder.toAbsolutePath().resolve("qemu1-20240101-120000-2.cast"));
            assertThat(AsciicastTest.events(fa)).extracting(Asciicast.Event::data).containsExactly("from shell 1");
            assertThat(AsciicastTest.events(fb)).extracting(Asciicast.Event::data).containsExactly("from shell 2");
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(folder.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (Path f : List.of(folder.resolve("qemu1-20240101-120000.cast"), folder.resolve("qemu1-20240101-120000-2.cast"))) {
            assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    static Callable<Path> recordOneEvent(Transcripts shell, String text, CyclicBarrier together) {
        return () -> {
            together.await();
            try (AsciicastWriter w = shell.open("qemu1", null, false, AsciicastWriterTest.header(), System.nanoTime())) {
                w.onOutput(text, 1);
                return w.file();
            }
        };
    }

    @Test
    void anExistingFileIsRefusedUnlessForced(@TempDir Path dir) throws Exception {
        Transcripts t = new Transcripts(dir.resolve("transcripts"), NOON);
        Path f = Files.writeString(dir.resolve("session.cast"), "an earlier session\n");
        assertThatThrownBy(() -> t.open("qemu1", f, false, AsciicastWriterTest.header(), System.nanoTime()))
                .isInstanceOf(VmbenchException.class)
                .hasMessage(f + " already exists: give another --file, or add --force to replace it");
        assertThat(Files.readString(f)).isEqualTo("an earlier session\n");

        try (AsciicastWriter w = t.open("qemu1", f, true, AsciicastWriterTest.header(), System.nanoTime())) {
            w.onOutput("the new one", 1);
            assertThat(w.file()).isEqualTo(f);
        }
        assertThat(AsciicastTest.events(f)).extracting(Asciicast.Event::data).containsExactly("the new one");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> t.open("qemu1", dir, true, AsciicastWriterTest.header(), System.nanoTime()))
                .hasMessage(dir + " is a folder: give --file a .cast file's path");
    }

    @Test
    void aNewFileNamedByTheUserIsCreatedWithItsFolders(@TempDir Path dir) throws Exception {
        Transcripts t = new Transcripts(dir.resolve("transcripts"), NOON);
        Path f = dir.resolve("new/sub/s.cast");
        try (AsciicastWriter w = t.open("qemu1", f, false, AsciicastWriterTest.header(), System.nanoTime())) {
            w.onOutput("x", 1);
        }
        assertThat(AsciicastTest.events(f)).hasSize(1);
        assertThat(Files.getPosixFilePermissions(f.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(t.files()).isEmpty(); // not in the state folder
    }

    @Test
    void anOldOpenTranscriptsFolderIsMadePrivate(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("transcripts"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (AsciicastWriter w = new Transcripts(folder, NOON).open("vm", null, false, AsciicastWriterTest.header(), System.nanoTime())) {
            assertThat(w.file().getFileName().toString()).isEqualTo("vm-20240101-120000.cast");
        }
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
