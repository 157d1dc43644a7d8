package dev.vmbench.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pty's console is closed only after pty4j's reaper for it has ended: a reaper still running when the pty's
 * descriptors are freed can write its wake-up byte into the next pty's pipe, and that pty's console then ends
 * before it printed anything (see {@link ReapedPty}).
 */
class ReapedPtyTest {

    @Test
    void theConsoleClosesOnlyOnceTheReaperHasEnded(@TempDir Path natives) throws Exception {
        LocalHost host = new LocalHost(natives);
        for (int i = 0; i < 200; i++) {
            com.pty4j.PtyProcess p = host.startOnPty(new PtyCommand(List.of("/bin/true"), Map.of(), null, 80, 24));
            assertThat(p).isInstanceOf(ReapedPty.class);
            InputStream in = p.getInputStream();
            drain(in);
            p.waitFor();
            in.close();
            assertThat(ReapedPty.reapers()).as("pty4j reapers alive once the console of run %d is closed", i)
                    .noneMatch(t -> t.getName().equals(ReapedPty.REAPER + "[/bin/true]"));
            p.getOutputStream().close();
        }
    }

    @Test
    void aStillRunningProcessIsNotWaitedFor(@TempDir Path natives) throws Exception {
        LocalHost host = new LocalHost(natives);
        com.pty4j.PtyProcess p = host.startOnPty(new PtyCommand(List.of("/bin/sleep", "30"), Map.of(), null, 80, 24));
        try {
            long t0 = System.nanoTime();
            p.getInputStream().close();
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to close").isLessThan(ReapedPty.REAPER_WAIT_MS / 1e3);
            assertThat(p.pid()).isPositive();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static void drain(InputStream in) {
        byte[] b = new byte[4096];
        try {
            while (in.read(b) >= 0) {
                // to the end
            }
        } catch (IOException e) {
            // EIO once the child has gone: the end
        }
    }
}
