package dev.vmbench.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QueryFilterTest {

    static final String ESC = "\u001b";
    static final String BEL = "\u0007";
    static final String ST = ESC + "\\";

    /** Sequences a terminal answers, one of each kind (and some variants). */
    static Stream<String> queries() {
        return Stream.of(
                ESC + "[5n", ESC + "[6n", ESC + "[?6n", ESC + "[?15n", ESC + "[?996n", // DSR, DECXCPR
                ESC + "[c", ESC + "[0c", ESC + "[>c", ESC + "[>0c", ESC + "[=c", ESC + "Z", // DA1, DA2, DA3, DECID
                ESC + "[?2004$p", ESC + "[20$p", ESC + "[?1;2$p",                          // DECRQM
                ESC + "[11t", ESC + "[13t", ESC + "[13;2t", ESC + "[14t", ESC + "[14;2t", ESC + "[15t",
                ESC + "[16t", ESC + "[18t", ESC + "[19t", ESC + "[20t", ESC + "[21t",     // XTWINOPS reports
                ESC + "]10;?" + BEL, ESC + "]11;?" + ST, ESC + "]4;1;?" + ST, ESC + "]4;1;?;2;?" + BEL,
                ESC + "]52;c;?" + BEL, ESC + "]12;?" + BEL, ESC + "]50;?" + BEL,             // OSC queries
                ESC + "P$qm" + ST, ESC + "P$q\"p" + ST, ESC + "P+q544e" + ST, ESC + "P+q6b637531;6b637575" + ST,
                "\u0005",                                                                   // ENQ
                ESC + "[0x", ESC + "[>q", ESC + "[>0q", ESC + "[?u", ESC + "[?4m", ESC + "[1$w", ESC + "[1;1;1;1;1*y",
                ESC + "[1'|", ESC + "[#R", ESC + "[?1000h", ESC + "[?1000;1006h", ESC + "[?1004h",
                ESC + "_Gi=31,a=q;AAAA" + ST,                                              // kitty graphics
                "\u009b6n", "\u009bc", "\u009d10;?" + BEL, "\u0090$qm\u009c", "\u009a"       // 8-bit forms
        );
    }

    /** Sequences that only draw or move: they pass unchanged. */
    static Stream<String> ordinary() {
        return Stream.of(
                ESC + "[1;31m", ESC + "[0m", ESC + "[m", ESC + "[38;2;10;20;30m", ESC + "[38:5:1m", ESC + "[2J",
                ESC + "[H", ESC + "[10;20H", ESC + "[K", ESC + "[?25l", ESC + "[?1049h", ESC + "[?2004h",
                ESC + "[?1000l", ESC + "[22;0t", ESC + "[23;0t", ESC + "[8;40;120t", ESC + "[ q", ESC + "[2 q",
                ESC + "[?6c", ESC + "[>1u", ESC + "[<u", ESC + "[>4;1m", ESC + "[!p", ESC + "[4h", ESC + "[5;24r",
                ESC + "(B", ESC + ")0", ESC + "7", ESC + "8", ESC + "M", ESC + "=", ESC + ">", ESC + "c", ST,
                ESC + "]0;vmbench: qemu1" + BEL, ESC + "]2;what?" + ST, ESC + "]0;?" + BEL,
                ESC + "]8;;https://example.org/?q=1" + ST, ESC + "]4;1;rgb:ff/00/00" + BEL, ESC + "]52;c;aGk=" + BEL,
                ESC + "]7;file://host/tmp" + BEL, ESC + "P1$r0m" + ST, ESC + "P0;1|17/ab" + ST, ESC + "Pq#0;2;0;0;0~" + ST,
                "\u009b1m", "\u009d0;title\u009c"
        );
    }

    @ParameterizedTest
    @MethodSource("queries")
    void eachQueryIsDropped(String query) {
        assertThat(QueryFilter.strip("~ # " + query + "ls\r\n")).isEqualTo("~ # ls\r\n");
        assertThat(PlainText.of("~ # " + query + "ls\r\n")).isEqualTo("~ # ls\n");
    }

    @ParameterizedTest
    @MethodSource("ordinary")
    void ordinarySequencesPassUnchanged(String seq) {
        String s = "a" + seq + "b\r\n";
        assertThat(QueryFilter.strip(s)).isEqualTo(s);
        assertThat(PlainText.of(s)).isEqualTo("ab\n");
    }

    /** A sequence split across two events, at every position, comes out as it does whole. */
    @ParameterizedTest
    @MethodSource("allSequences")
    void splitAtEveryPositionGivesTheSameOutput(String seq) {
        String s = "x" + seq + "y";
        String whole = QueryFilter.strip(s);
        String plain = PlainText.of(s);
        for (int i = 0; i <= s.length(); i++) {
            QueryFilter f = new QueryFilter();
            assertThat(f.filter(s.substring(0, i)) + f.filter(s.substring(i)) + f.finish())
                    .as("split at %d", i).isEqualTo(whole);
            PlainText p = new PlainText();
            assertThat(p.add(s.substring(0, i)) + p.add(s.substring(i)) + p.finish()).as("split at %d", i)
                    .isEqualTo(plain);
        }
        QueryFilter f = new QueryFilter();
        StringBuilder oneByOne = new StringBuilder();
        s.chars().forEach(c -> oneByOne.append(f.filter(String.valueOf((char) c))));
        assertThat(oneByOne.append(f.finish()).toString()).isEqualTo(whole);
    }

    static Stream<String> allSequences() {
        return Stream.concat(queries(), ordinary());
    }

    @Test
    void busyboxPromptQueryIsDroppedAndTextIsNotHeldBack() {
        QueryFilter f = new QueryFilter();
        assertThat(f.filter("\r\n~ # " + ESC + "[")).isEqualTo("\r\n~ # "); // the prompt shows at once
        assertThat(f.filter("6")).isEmpty();
        assertThat(f.filter("nl")).isEqualTo("l");
        assertThat(f.filter("s\r\n" + ESC + "[1;34mbin" + ESC + "[0m")).isEqualTo("s\r\n" + ESC + "[1;34mbin" + ESC + "[0m");
        assertThat(f.finish()).isEmpty();
    }

    @Test
    void anUnfinishedSequenceAtTheEndIsDropped() {
        QueryFilter f = new QueryFilter();
        assertThat(f.filter("bye" + ESC + "[6")).isEqualTo("bye");
        assertThat(f.finish()).isEmpty();
        assertThat(QueryFilter.strip("t" + ESC + "]11;?")).isEqualTo("t");
        assertThat(QueryFilter.strip("t" + ESC)).isEqualTo("t");
    }

    @Test
    void controlsInsideADroppedSequenceStillHappenAndAbortedOnesAreGone() {
        // a terminal executes C0 controls met inside a sequence: they stay, the query goes
        assertThat(QueryFilter.strip(ESC + "[6\r\nn")).isEqualTo("\r\n");
        assertThat(QueryFilter.strip(ESC + "[1\r\nm")).isEqualTo(ESC + "[1\r\nm");
        // CAN and SUB abort a sequence; what follows is text
        assertThat(QueryFilter.strip(ESC + "[6\u0018n")).isEqualTo("\u0018n");
        // ESC starts a new sequence: the first was cut short
        assertThat(QueryFilter.strip(ESC + "[6" + ESC + "[6n" + ESC + "[1m")).isEqualTo(ESC + "[1m");
        // a non-ASCII character inside a CSI: the terminal drops the sequence, the character is text
        assertThat(QueryFilter.strip(ESC + "[6é6n")).isEqualTo("é6n");
        // ENQ inside a sequence is dropped too
        assertThat(QueryFilter.strip(ESC + "[1\u0005m")).isEqualTo(ESC + "[1m");
        // a parameter after an intermediate: malformed, dropped
        assertThat(QueryFilter.strip("a" + ESC + "[$6n")).isEqualTo("a");
    }

    @Test
    void anOscEndedByEscIsJudgedThenTheNewSequenceIsTooAndTmuxPassthroughCannotSmuggleAQuery() {
        assertThat(QueryFilter.strip(ESC + "]0;t" + ESC + "[6n")).isEqualTo(ESC + "]0;t");
        assertThat(QueryFilter.strip(ESC + "]11;?" + ESC + "[1m")).isEqualTo(ESC + "[1m");
        String passthrough = ESC + "Ptmux;" + ESC + ESC + "[6n" + ST;
        assertThat(QueryFilter.strip(passthrough)).doesNotContain("[6n");
    }

    @Test
    void overlongSequencesAreDroppedWithBoundedMemoryAndTextAfterThemStays() {
        String longCsi = ESC + "[" + "1;".repeat(EscapeParser.MAX_SEQUENCE) + "m";
        assertThat(QueryFilter.strip("a" + longCsi + "b")).isEqualTo("ab");
        String longOsc = ESC + "]52;c;" + "A".repeat(EscapeParser.MAX_STRING + 10) + BEL;
        QueryFilter f = new QueryFilter();
        assertThat(f.filter("a" + longOsc.substring(0, 100))).isEqualTo("a");
        for (int i = 100; i < longOsc.length(); i += 1 << 16) {
            assertThat(f.filter(longOsc.substring(i, Math.min(longOsc.length(), i + (1 << 16))))).isEmpty();
        }
        assertThat(f.filter("b")).isEqualTo("b");
        String bigButAllowed = ESC + "]52;c;" + "A".repeat(100_000) + BEL;
        assertThat(QueryFilter.strip(bigButAllowed)).isEqualTo(bigButAllowed);
    }

    @Test
    void plainTextDropsControlStringsWholeAndControlCharacters() {
        assertThat(PlainText.of("a" + ESC + "P$qm" + ST + "b" + ESC + "]0;title" + BEL + "c\u0005\u0007\b\td\r\r\n"))
                .isEqualTo("abc\td\n");
        assertThat(PlainText.of("\u001b[1;31mred\u001b[0m\r\r\n\u001b]0;title\u0007ok\u001b[6n\r\n"))
                .isEqualTo("red\nok\n");
    }

    // ---- property: random streams with queries, split at random places ----

    /** What a terminal answers, found without the parser: the output must hold none of these. */
    static final Pattern ANSWERED = Pattern.compile("\u0005|\u009a|\u001bZ"
            + "|(\u001b\\[|\u009b)(\\??[0-9;]*n|[>=]?[0-9;]*c|[?0-9;]*\\$p|(1[13-689]|2[01])(;[0-9]*)?t)"
            + "|(\u001b\\]|\u009d)(?![012];)[0-9]+;([^\u0007\u001b]*;)?\\?"
            + "|(\u001bP|\u0090)[$+]q");

    @Provide
    Arbitrary<List<String>> streams() {
        Arbitrary<String> text = Arbitraries.of("~ # ", "ls\r\n", "hello", "é✓", "\r\n", "6n", "[c", "?", ";", "\t");
        Arbitrary<String> query = Arbitraries.of(queries().toList());
        Arbitrary<String> plain = Arbitraries.of(ordinary().toList());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, text), net.jqwik.api.Tuple.of(3, query), net.jqwik.api.Tuple.of(3, plain))
                .list().ofMaxSize(30);
    }

    @Property(tries = 300)
    void randomSplitsOfAStreamGiveTheUnsplitOutputWithNoQuery(@ForAll("streams") List<String> tokens,
                                                               @ForAll("cuts") List<Integer> cuts) {
        String stream = String.join("", tokens);
        String expected = String.join("", tokens.stream().filter(t -> queries().noneMatch(t::equals)).toList());
        assertThat(QueryFilter.strip(stream)).isEqualTo(expected);

        List<Integer> at = new ArrayList<>(cuts.stream().map(c -> Math.floorMod(c, stream.length() + 1)).sorted().toList());
        QueryFilter f = new QueryFilter();
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int c : at) {
            out.append(f.filter(stream.substring(from, c)));
            from = c;
        }
        out.append(f.filter(stream.substring(from))).append(f.finish());
        assertThat(out.toString()).isEqualTo(expected);
        assertThat(ANSWERED.matcher(out).find()).as("a query in %s", out).isFalse();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(8);
    }
}
