package dev.vmbench.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SplitLayoutTest {

    @Test
    void twoPanesSitSideBySideOnAWideTerminalAndFourMakeAGrid() {
        assertThat(SplitLayout.columns(2, 160, 45)).isEqualTo(2);
        assertThat(SplitLayout.columns(4, 160, 45)).isEqualTo(2);
        assertThat(SplitLayout.columns(2, 60, 50)).isEqualTo(1); // narrow and tall: one above the other
        assertThat(SplitLayout.columns(1, 80, 24)).isEqualTo(1);
        assertThat(SplitLayout.columns(9, 240, 60)).isEqualTo(4); // 59 x 19: nearer three to one than 79 x 19
    }

    @Test
    void everyRowIsExactlyTheScreenWidthAndEachPaneShowsItsLastLines() {
        List<String> rows = SplitLayout.render(List.of(
                new SplitLayout.Pane("qemu1 · ready", List.of("old", "a1", "(none):~# ")),
                new SplitLayout.Pane("qemu2 · booting (kernel)", List.of("b\t1", "\u0007bell"))), 61, 4, "status");
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(61));
        assertThat(rows.get(0)).startsWith("─ qemu1 · ready ─").contains("│─ qemu2 · booting (kernel) ");
        assertThat(rows.get(1)).startsWith("a1        ").contains("│b       1"); // tab to column 8
        assertThat(rows.get(2)).startsWith("(none):~# ").contains("│bell"); // control character dropped
        assertThat(rows.get(3)).startsWith("status");
    }

    @Test
    void aCellWithoutAPaneIsBlankAndTinyScreensDoNotBreak() {
        List<String> rows = SplitLayout.render(List.of(new SplitLayout.Pane("a", List.of("x")),
                new SplitLayout.Pane("b", List.of("y")), new SplitLayout.Pane("c", List.of("z"))), 80, 40, "");
        assertThat(rows).hasSize(40).allSatisfy(r -> assertThat(r).hasSize(80));
        assertThat(rows.get(19)).startsWith("─ c ─").endsWith("│" + " ".repeat(40)); // 2 x 2, the fourth cell empty
        assertThat(rows.get(20)).startsWith("z ");
        assertThat(SplitLayout.render(List.of(new SplitLayout.Pane("a", List.of("x"))), 3, 1, "s")).containsExactly("s  ");
        assertThat(SplitLayout.render(List.of(), 10, 0, "s")).isEmpty();
    }

    @Test
    void wideCharactersTakeTwoColumnsAndTheRightEdgeStays() {
        List<String> rows = SplitLayout.render(List.of(
                new SplitLayout.Pane("漢字 vm", List.of("日本語のテキスト", "e\u0301t\u00e9", "😀 ok")),
                new SplitLayout.Pane("b", List.of("right"))), 31, 4, "");
        for (String r : rows.subList(0, 3)) {
            assertThat(SplitLayout.width(r)).as(r).isEqualTo(31);
            assertThat(SplitLayout.width(r.substring(0, r.indexOf('│')))).as(r).isEqualTo(15); // the bar in column 16
        }
        assertThat(rows.get(0)).startsWith("─ 漢字 vm ─────");
        assertThat(rows.get(1)).startsWith("e\u0301t\u00e9"); // a combining mark takes no column
        assertThat(rows.get(2)).startsWith("😀 ok "); // a surrogate pair is one character, two columns
        // seven wide characters fill 14 of 15 columns; the eighth would straddle the edge: a space instead
        assertThat(SplitLayout.fit("日本語のテキスト", 15)).isEqualTo("日本語のテキス ");
    }
}
