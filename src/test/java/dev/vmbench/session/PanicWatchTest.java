package dev.vmbench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PanicWatchTest {

    @Test
    void aPanicLineSplitAcrossChunksStartsTheGraceAndThenTheKill() throws Exception {
        CountDownLatch killed = new CountDownLatch(1);
        PanicWatch w = new PanicWatch(Duration.ofMillis(50), killed::countDown);
        w.onOutput("[    1.234] Kernel pa", 0);
        assertThat(w.seen()).isFalse();
        w.onOutput("nic - not syncing: sysrq triggered crash\r\n", 0);
        assertThat(w.seen()).isTrue();
        assertThat(killed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void ordinaryOutputNeverTriggersIt() throws Exception {
        CountDownLatch killed = new CountDownLatch(1);
        PanicWatch w = new PanicWatch(Duration.ofMillis(1), killed::countDown);
        for (int i = 0; i < 1000; i++) {
            w.onOutput("Kernel: all fine, no panic here " + i + "\n", 0);
        }
        assertThat(w.seen()).isFalse();
        assertThat(killed.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }
}
