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
}
