package dev.vmbench.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class InteractiveRunnerTest {

    static String typed(String keys, boolean fixed) throws Exception {
        Terminal t = TerminalBuilder.builder().streams(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream()).type("xterm-256color").encoding(StandardCharsets.UTF_8).build();
        LineReader r = LineReaderBuilder.builder().terminal(t).build();
        r.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        if (fixed) {
            InteractiveRunner.keepBackslashes(r);
        }
        return r.readLine("> ");
    }

    @Test
    void aBackslashBeforeANonAsciiCharacterIsKept() throws Exception {
        // what JLine alone does on xterm-256color: the backslash is lost
        assertThat(typed("a\\éb \\ν\n", false)).isEqualTo("aéb ν");
        assertThat(typed("a\\éb \\ν \\\\ \\E[<x\n", true)).isEqualTo("a\\éb \\ν \\\\ \\E[<x");
    }

    @Test
    void ordinaryEditingKeysStillWork() throws Exception {
        // Ctrl-A (start of line) then x; Ctrl-E (end) then y; a backspace
        assertThat(typed("abc\u0001x\u0005y\u007fz\n", true)).isEqualTo("xabcz");
    }
}
