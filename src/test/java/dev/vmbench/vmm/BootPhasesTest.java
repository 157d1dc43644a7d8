package dev.vmbench.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class BootPhasesTest {

    static final long S = 1_000_000_000L;

    @Test
    void milestonesAreTakenWhenTheirLinesArriveEvenWhenALineIsSplitAcrossChunks() {
        BootPhases.Watch w = new BootPhases.Watch(10 * S);
        w.onText("", 10 * S);
        w.onText("Probing EDD... ok\r\n[    0.000000] Linux version 6.1\r\n", 10 * S + S / 4);
        w.onText("[    3.079131] Freeing unused kernel image (initmem) memory: 2612K\r\n[    3.0921", 13 * S);
        w.onText("61] Run /init as init process\r\n", 14 * S);
        w.onText("[    5.1] Run /sbin/init as init process\r\n(none):~# ", 15 * S);
        BootPhases p = w.phases(15 * S, 15 * S + S / 10);
        assertThat(p.firstByte()).isEqualTo(0.25);
        assertThat(p.userspace()).isEqualTo(3.0); // the line's first chunk: 13 s, the first Run line
        assertThat(p.kernelUserspace()).isEqualTo(OptionalDouble.of(3.092161));
        assertThat(p.prompt()).isEqualTo(5.0);
        assertThat(p.ready()).isEqualTo(5.1);
        assertThat(p.asMap()).containsKeys(BootPhases.NAMES);
        assertThat(p.line()).isEqualTo("first byte 0.25 s · userspace 3.00 s (kernel clock 3.09 s) · prompt 5.00 s · ready 5.10 s");
    }

    @Test
    void withoutARunLineTheLastFreeingLineCountsAndAQuietKernelSaysNothing() {
        BootPhases.Watch w = new BootPhases.Watch(0);
        w.onText("[ 1.5] Freeing unused kernel image (initmem) memory\n", 2 * S);
        w.onText("Freeing unused kernel image (rodata/data gap) memory\n", 3 * S);
        BootPhases p = w.phases(4 * S, 4 * S);
        assertThat(p.userspace()).isEqualTo(3.0);
        assertThat(p.kernelUserspace()).isEmpty();
        BootPhases quiet = new BootPhases.Watch(0).phases(4 * S, 5 * S);
        assertThat(quiet.firstByte()).isNaN();
        assertThat(quiet.userspace()).isNaN();
        assertThat(quiet.asMap()).containsOnlyKeys("prompt", "ready");
        assertThat(quiet.line()).contains("userspace not printed");
    }

    @Test
    void aCpuWindowNeedsSamplesThatSpanIt() {
        CpuWindow c = new CpuWindow(15);
        c.add(0, 1.0);
        c.add(5 * S, 1.5);
        assertThat(c.over(10)).isEmpty();
        c.add(11 * S, 2.0);
        assertThat(c.over(10)).hasValueSatisfying(u -> {
            assertThat(u.cpuSeconds()).isEqualTo(1.0);
            assertThat(u.wallSeconds()).isEqualTo(11.0);
        });
        c.add(40 * S, 2.5); // older samples fall out of the window kept
        assertThat(c.over(10)).hasValueSatisfying(u -> assertThat(u.wallSeconds()).isEqualTo(29.0));
    }
}
