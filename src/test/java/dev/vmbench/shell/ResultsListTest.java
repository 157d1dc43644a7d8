package dev.vmbench.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vmbench.results.ResultGroups;
import dev.vmbench.results.Series;

/** How 'results list' names a group's command: as typed, or for a scan the first and what was scanned. */
class ResultsListTest {

    static Series series(String vm, String command, Map<String, String> parameters) {
        return new Series(vm, "qemu-microvm", command, List.of(), List.of()).withParameters(parameters);
    }

    static ResultGroups.Group group(List<Series> series) {
        return new ResultGroups.Group(1, "id", "s", series.get(0).command(), Instant.EPOCH, series, Map.of(), List.of());
    }

    @Test
    void aScanIsItsFirstCommandAndWhatWasScanned() {
        assertThat(ReportCommands.commands(group(List.of(series("a", "time true", Map.of()),
                series("b", "time true", Map.of()))))).isEqualTo("time true");
        assertThat(ReportCommands.commands(group(List.of(series("p", "echo 1", Map.of("n", "1")),
                series("p", "echo 2", Map.of("n", "2")), series("p", "echo 3", Map.of("n", "3"))))))
                .isEqualTo("echo 1 … (3 commands, scanning n)");
    }
}
