package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.it.Await;

class RandomFileTest {

    @Test
    void theFileIsPrivateAndNoPartialStays(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("random.txt");
        RandomFile.write(f, 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(dir.resolve("random.txt.partial")).doesNotExist();
    }

    @Test
    void anInterruptStopsTheWriteWithinAMibAndLeavesTheOldFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("random.txt"), "the previous one");
        Path partial = dir.resolve("random.txt.partial");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                RandomFile.write(f, 2048);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Await.until("the write to be under way", Duration.ofSeconds(20),
                () -> Files.exists(partial) && sizeOf(partial) >= 2 * 1024 * 1024);

        t.interrupt();
        t.join(Duration.ofSeconds(10).toMillis());

        assertThat(t.isAlive()).as("the write stopped").isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(partial).doesNotExist();
        assertThat(f).hasContent("the previous one");
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException gone) {
            return 0;
        }
    }
}
