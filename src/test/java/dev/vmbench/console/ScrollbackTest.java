package dev.vmbench.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ScrollbackTest {

    @Test
    void serialLineEndingsAndCursorQueriesAreCleaned() {
        Scrollback s = new Scrollback(10);
        s.onOutput("booting\r\r\nsecond line\r\n(none):~# \u001b[6n", 0);
        assertThat(s.lastLines(10)).containsExactly("booting", "second line", "(none):~# ");
    }

    @Test
    void linesSplitAcrossChunksAreJoined() {
        Scrollback s = new Scrollback(10);
        s.onOutput("hel", 0);
        s.onOutput("lo\r", 0);
        s.onOutput("\nworld\n", 0);
        assertThat(s.lastLines(10)).containsExactly("hello", "world");
    }

    @Test
    void boundKeepsTheNewestAndCountsTheDropped() {
        Scrollback s = new Scrollback(3);
        for (int i = 1; i <= 5; i++) {
            s.onOutput("line" + i + "\n", 0);
        }
        assertThat(s.lastLines(10)).containsExactly("line3", "line4", "line5");
        assertThat(s.lastLines(2)).containsExactly("line4", "line5");
        assertThat(s.dropped()).isEqualTo(2);
    }

    @Property
    void neverMoreThanTheBoundAndAlwaysTheLastLines(
            @ForAll @Size(max = 60) List<@StringLength(max = 12) @Chars({'a', 'b', ' '}) String> lines,
            @ForAll @IntRange(min = 1, max = 20) int bound,
            @ForAll @IntRange(min = 1, max = 7) int chunk) {
        Scrollback s = new Scrollback(bound);
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> all.append(l).append("\r\n"));
        for (int i = 0; i < all.length(); i += chunk) {
            s.onOutput(all.substring(i, Math.min(all.length(), i + chunk)), 0);
        }
        List<String> expected = new ArrayList<>(lines.subList(Math.max(0, lines.size() - bound), lines.size()));
        assertThat(s.lastLines(bound)).isEqualTo(expected);
    }
}
