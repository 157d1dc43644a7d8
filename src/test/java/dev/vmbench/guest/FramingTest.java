package dev.vmbench.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FramingTest {

    @Test
    void typedLineHoldsNoMarkerByte() {
        Framing f = Framing.of("echo hi", "0123456789abcdef");
        assertThat(f.line()).isEqualTo("trap 'printf \"\\036%s_X%d\\n\" 0123456789abcdef $?' EXIT; "
                + "printf '\\036%s_S\\n' 0123456789abcdef; command eval 'echo hi'; "
                + "printf '\\036%s_E%d\\n' 0123456789abcdef $?; trap - EXIT");
        assertThat(f.line()).doesNotContain("\u001e");
        assertThat(f.start().matcher("\u001e0123456789abcdef_S\r\r\n").matches()).isTrue();
        var m = f.end().matcher("\u001e0123456789abcdef_E127\r\n");
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("127");
    }

    @Test
    void theOutcomeTellsTheEndTheShellsExitAndANewShellApart() {
        Framing f = Framing.of("echo hi", "0123456789abcdef");
        var end = f.outcome("[#$] ").matcher("out\r\n\u001e0123456789abcdef_E0\r\n(none):~# \u001b[6n");
        assertThat(end.find()).isTrue();
        assertThat(end.group(1)).isEqualTo("0");
        var exit = f.outcome("[#$] ").matcher("\u001e0123456789abcdef_X3\r\n");
        assertThat(exit.find()).isTrue();
        assertThat(exit.group(1)).isNull();
        assertThat(exit.group(2)).isEqualTo("3");
        var shell = f.outcome("(x)?[#$] ").matcher("text # more\r\n(none):~# \u001b[6n");
        assertThat(shell.find()).isTrue();
        assertThat(shell.group(1)).isNull();
        assertThat(shell.group(2)).isNull();
        assertThat(shell.start()).isEqualTo("text # more\r\n(none):~".length());
    }

    @Test
    void everyRunHasItsOwnNonce() {
        assertThat(Framing.of("true").nonce()).isNotEqualTo(Framing.of("true").nonce()).hasSize(16);
    }

    @Test
    void emptyAndOverlongCommandsAreRefused() {
        assertThatThrownBy(() -> Framing.of("  ")).hasMessageContaining("no command given");
        assertThatThrownBy(() -> Framing.of("x".repeat(2000))).hasMessageContaining("script file");
    }

    /** The quoting survives a real POSIX shell: eval of the quoted word prints the original text. */
    @Property(tries = 60)
    void quotingSurvivesARealShell(@ForAll @StringLength(max = 40) @CharRange(from = ' ', to = '~')
                                   @Chars({'\n', '\t'}) String text) throws Exception {
        String script = "eval " + Framing.quote("printf '%s' " + Framing.quote(text));
        Process p = new ProcessBuilder(List.of("/bin/sh", "-c", script)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(text);
    }
}
