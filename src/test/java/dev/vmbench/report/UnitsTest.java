package dev.vmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void durations() {
        assertThat(Units.parseDuration("120s")).isEqualTo(Duration.ofSeconds(120));
        assertThat(Units.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Units.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> Units.parseDuration("soon")).hasMessageContaining("90s or 2m");
        assertThatThrownBy(() -> Units.parseDuration("0s")).hasMessageContaining("more than zero");
    }

    @Test
    void printing() {
        assertThat(Units.seconds(Duration.ofMillis(4020))).isEqualTo("4.02 s");
        assertThat(Units.seconds(Duration.ofMillis(310))).isEqualTo("310 ms");
        assertThat(Units.uptime(Duration.ofSeconds(185))).isEqualTo("3m 05s");
        assertThat(Units.uptime(Duration.ofSeconds(7260))).isEqualTo("2h 01m");
    }
}
