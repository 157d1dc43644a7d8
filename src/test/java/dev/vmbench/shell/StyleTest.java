package dev.vmbench.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.vmbench.UsageException;

/** hyperfine's --style words: which print progress, which colour, and one line for a word it does not know. */
class StyleTest {

    @Test
    void progressAndColourAsHyperfine() {
        assertThat(ExecCommands.Style.of("FULL").progress()).isTrue();
        assertThat(ExecCommands.Style.of("basic").progress()).isFalse();
        assertThat(ExecCommands.Style.of("none").progress()).isFalse();
        assertThat(ExecCommands.Style.of("nocolor").progress()).isTrue();
        assertThat(ExecCommands.Style.of("full").colour(true)).isTrue();
        assertThat(ExecCommands.Style.of("full").colour(false)).isFalse();
        assertThat(ExecCommands.Style.of("color").colour(false)).isTrue();
        assertThat(ExecCommands.Style.of("nocolor").colour(true)).isFalse();
        assertThat(ExecCommands.Style.of("basic").colour(true)).isFalse();
        assertThat(new ExecCommands.Styles().choices()).containsExactly("full", "basic", "nocolor", "color", "none");
    }

    @Test
    void anUnknownWordIsOneLine() {
        assertThatThrownBy(() -> ExecCommands.Style.of("fancy")).isInstanceOf(UsageException.class)
                .hasMessage("unknown --style 'fancy': use full, basic, nocolor, color or none");
    }
}
