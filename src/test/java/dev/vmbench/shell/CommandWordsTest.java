package dev.vmbench.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vmbench.text.PosixLine;

class CommandWordsTest {

    @Test
    void aQemuFlagAloneIsAValueNotAnOption() {
        assertThat(CommandWords.of("", List.of("boot", "--qemu-arg", "-snapshot", "--mem", "1G")).words())
                .containsExactly("boot", "--qemu-arg", " -snapshot", "--mem", "1G");
        assertThat(CommandWords.of("", List.of("boot", "--mem", "-snapshot")).words())
                .containsExactly("boot", "--mem", "-snapshot");
    }

    @Test
    void oneShotArgumentsAreKeptExactly() {
        List<String> args = List.of("run", "g", "printf '%s\\n' \"a b\" \\\\", "", "--x");
        CommandWords w = CommandWords.ofArgs(args);
        assertThat(w.words()).isEqualTo(args);
        assertThat(PosixLine.words(w.rawText())).isEqualTo(args);
    }

    @Test
    void aRepeatedParameterListJoinsTheFirstAsHyperfinesMinusLDoes() {
        assertThat(CommandWords.ofArgs(List.of("bench", "--vms", "a", "--parameter-list", "n", "1,2", "--runs", "3",
                "--parameter-list", "m", "x,y", "--command", "time sleep {n}{m}")).words()).containsExactly("bench",
                "--vms", "a", "--parameter-list", "n", "1,2", "m=x,y", "--runs", "3", "--command", "time sleep {n}{m}");
        assertThat(CommandWords.of("", List.of("bench", "--parameter-list", "n", "1", "--parameter-list", "m", "2",
                "--parameter-list", "k=3,4")).words()).containsExactly("bench", "--parameter-list", "n", "1", "m=2", "k=3,4");
        // one list, or none: as typed
        List<String> one = List.of("bench", "--parameter-list", "n", "1,2", "m=3");
        assertThat(CommandWords.of("", one).words()).isEqualTo(one);
        // a later list without its values is left for the option to refuse
        assertThat(CommandWords.of("", List.of("bench", "--parameter-list", "n", "1", "--parameter-list", "m"))
                .words()).containsExactly("bench", "--parameter-list", "n", "1", "--parameter-list", "m");
    }

    @Test
    void aRepeatedScanJoinsTheFirst() {
        assertThat(CommandWords.ofArgs(List.of("compare", "--scan", "cpus=1,2", "--hypervisors", "a,b", "--scan",
                "mem=256M,1G", "append=x=1,y=2", "--runs", "3")).words()).containsExactly("compare", "--scan", "cpus=1,2",
                "mem=256M,1G", "append=x=1,y=2", "--hypervisors", "a,b", "--runs", "3");
        List<String> once = List.of("compare", "--scan", "cpus=1,2", "mem=1G,2G");
        assertThat(CommandWords.ofArgs(once).words()).isEqualTo(once);
    }
}
