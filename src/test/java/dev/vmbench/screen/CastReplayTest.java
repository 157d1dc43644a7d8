package dev.vmbench.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.text.SplitLayout;

class CastReplayTest {

    private static Path cast(Path dir, String name, long timestamp, String... events) throws Exception {
        StringBuilder sb = new StringBuilder("{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": " + timestamp
                + "}\n");
        for (String e : events) {
            sb.append(e).append('\n');
        }
        return Files.writeString(dir.resolve(name + ".cast"), sb.toString());
    }

    @Test
    void castsPlaySideBySideOnOneClockWithTheirMarkers(@TempDir Path dir) throws Exception {
        Path a = cast(dir, "qemu1", 1000, "[0.1, \"o\", \"boot a\\r\\n\"]", "[0.3, \"m\", \"run: true\"]",
                "[0.4, \"o\", \"(none):~# \"]");
        Path b = cast(dir, "qemu2", 1001, "[0.05, \"o\", \"late b\\r\\n\"]"); // started a second after a
        try (CastReplay r = CastReplay.start(List.of(a, b), 50, 2)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!r.finished() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(r.finished()).isTrue();
            List<SplitLayout.Pane> panes = r.panes(10);
            assertThat(panes.get(0).title()).isEqualTo("qemu1");
            assertThat(panes.get(0).lines()).containsExactly("boot a", "", "» run: true", "(none):~# ");
            assertThat(panes.get(1).lines()).containsExactly("late b");
            assertThat(r.status()).contains("2 casts").contains("end of the replay");
        }
    }

    @Test
    void aBrokenCastStopsTheReplayWithOneLine(@TempDir Path dir) throws Exception {
        Path a = cast(dir, "a", 1, "[0.1, \"o\", \"x\"]", "not an event", "[0.2, \"o\", \"y\"]");
        try (CastReplay r = CastReplay.start(List.of(a, a), 100, 0)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!r.finished() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(r.status()).contains("stopped: ").doesNotContain("\n");
        }
    }
}
