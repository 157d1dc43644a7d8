package dev.vmbench.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void commandOutputUndoesTheTtyKeepsLoneCarriageReturnsAndDropsQueries() {
        assertThat(TerminalText.commandOutput("a\r\r\nb\r\n\u001b[6nc\rd")).isEqualTo("a\nb\nc\rd");
    }

    @Test
    void aLineLosesEveryCarriageReturnAndQueryButKeepsColours() {
        assertThat(TerminalText.line("\u001b[1mok\u001b[0m\r(none):~# \u001b[6n")).isEqualTo("\u001b[1mok\u001b[0m(none):~# ");
    }

    @Test
    void plainTextLosesEverySequence() {
        assertThat(TerminalText.plain("\u001b[1;31mred\u001b[0m\r\r\nok\u001b[6n\r\n")).isEqualTo("red\nok\n");
    }
}
