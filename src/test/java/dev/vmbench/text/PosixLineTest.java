package dev.vmbench.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PosixLineTest {

    @Test
    void singleQuotesKeepEveryBackslash() {
        assertThat(PosixLine.words("run g 'printf \"a\\tb\\n\"'")).containsExactly("run", "g", "printf \"a\\tb\\n\"");
        assertThat(PosixLine.words("run g 'echo a\\\\b'")).containsExactly("run", "g", "echo a\\\\b");
    }

    @Test
    void doubleQuotesDropOnlyTheBackslashesPosixSays() {
        // \n is not special inside double quotes: it stays as typed
        assertThat(PosixLine.words("run g \"printf 'x\\ny\\n'\"")).containsExactly("run", "g", "printf 'x\\ny\\n'");
        assertThat(PosixLine.words("\"a\\\"b \\\\ \\$HOME \\`x\\`\"")).containsExactly("a\"b \\ $HOME `x`");
    }

    @Test
    void outsideQuotesABackslashKeepsTheNextCharacter() {
        assertThat(PosixLine.words("a\\ b c\\'d \\\\")).containsExactly("a b", "c'd", "\\");
        assertThat(PosixLine.words("ab\\\ncd")).containsExactly("abcd");
    }

    @Test
    void adjacentPartsFormOneWordAndEmptyQuotesAnEmptyWord() {
        assertThat(PosixLine.words("a'b c'\"d\"e '' x")).containsExactly("ab cde", "", "x");
    }

    @Test
    void nothingIsExpanded() {
        assertThat(PosixLine.words("run g echo $HOME ~ * !!")).containsExactly("run", "g", "echo", "$HOME", "~", "*", "!!");
    }

    @Test
    void anOpenQuoteOrTrailingBackslashIsAnUnfinishedLine() {
        assertThat(PosixLine.split("run g 'abc").complete()).isFalse();
        assertThat(PosixLine.split("run g 'abc").openQuote()).isEqualTo('\'');
        assertThat(PosixLine.split("run g \"abc").openQuote()).isEqualTo('"');
        assertThat(PosixLine.split("run g abc\\").danglingEscape()).isTrue();
        assertThat(PosixLine.split("run g 'abc\\'").complete()).isTrue();
    }

    @Test
    void wordsKnowWhereTheyStand() {
        PosixLine.Split s = PosixLine.split("  ab 'c d'  e");
        assertThat(s.words()).extracting(PosixLine.Word::start).containsExactly(2, 5, 12);
        assertThat(s.words()).extracting(PosixLine.Word::end).containsExactly(4, 10, 13);
    }

    @Property(tries = 2000)
    void quoteThenSplitGivesTheWordsBack(@ForAll("words") List<String> words) {
        assertThat(PosixLine.words(PosixLine.join(words))).isEqualTo(words);
    }

    @Provide
    Arbitrary<List<String>> words() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\n', 'é', '✓', '\u0000')
                .ofMinLength(0).ofMaxLength(30);
        return word.list().ofMinSize(1).ofMaxSize(6);
    }
}
