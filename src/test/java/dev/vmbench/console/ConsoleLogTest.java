package dev.vmbench.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogTest {

    @Test
    void theLogIsPlainTextEvenWhenASequenceIsSplitBetweenChunks(@TempDir Path dir) throws Exception {
        ConsoleLog log = ConsoleLog.createUnique(dir.resolve("g.log"));
        log.onOutput("\u001b[1;34mbin\u001b[0m\r\r\n(none):~# \u001b[", 1);
        log.onOutput("6nls\r\n", 2);
        log.onClose();
        assertThat(Files.readString(log.file())).isEqualTo("bin\n(none):~# ls\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file()))).isEqualTo("rw-------");
    }
}
