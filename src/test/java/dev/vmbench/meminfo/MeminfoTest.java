package dev.vmbench.meminfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MeminfoTest {

    @Test
    void pastedTerminalTextParses() {
        Meminfo m = Meminfo.parse("(none):~# cat /proc/meminfo\r\nMemTotal:        1012792 kB\r\n"
                + "HugePages_Total:       0\r\nHugepagesize:       2048 kB\r\n(none):~# \r\n\r\n", "paste");
        assertThat(m.fields().keySet()).containsExactly("MemTotal", "HugePages_Total", "Hugepagesize");
        assertThat(m.fields().get("MemTotal")).isEqualTo(new Meminfo.Field(1012792, true));
        assertThat(m.fields().get("HugePages_Total").kb()).isFalse();
    }

    @Test
    void malformedLineIsNamedWithSourceAndLine() {
        assertThatThrownBy(() -> Meminfo.parse("MemTotal: 1 kB\nMemFree: lots\nCached: 3 kB\n", "x.txt"))
                .hasMessage("x.txt:2: not a /proc/meminfo line: 'MemFree: lots' (expected 'Name:  number [kB]')");
        assertThatThrownBy(() -> Meminfo.parse("hello\n", "y.txt")).hasMessageStartingWith("y.txt: no /proc/meminfo fields");
        assertThatThrownBy(() -> Meminfo.parse("MemTotal: 1 kB\nMemTotal: 2 kB\n", "z")).hasMessageContaining("appears twice");
    }

    @Test
    void oneSidedFieldsAndUnitlessCounts() {
        Meminfo a = Meminfo.parse("MemTotal: 100 kB\nHugePages_Free: 2\n");
        Meminfo b = Meminfo.parse("MemTotal: 150 kB\nHugePages_Free: 3\nSecPageTables: 0 kB\n");
        MeminfoDiff d = MeminfoDiff.of("a", a, "b", b);
        assertThat(d.rows()).extracting(MeminfoDiff.Row::field).containsExactly("MemTotal", "HugePages_Free", "SecPageTables");
        assertThat(d.rows().get(0).deltaPct()).isEqualTo(50.0);
        assertThat(d.rows().get(1).kb()).isFalse();
        assertThat(d.rows().get(2).oneSided()).isTrue();
        assertThat(d.changed(0)).hasSize(3);
        assertThat(d.changed(60)).extracting(MeminfoDiff.Row::field).containsExactly("SecPageTables");
    }

    @Provide
    Arbitrary<Meminfo> meminfos() {
        Arbitrary<String> names = Arbitraries.of("MemTotal", "MemFree", "Cached", "Buffers", "Active(file)",
                "HugePages_Total", "Slab", "Dirty", "Percpu", "SUnreclaim");
        Arbitrary<Meminfo.Field> fields = Combinators.combine(Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.of(true, false)).as(Meminfo.Field::new);
        return Arbitraries.maps(names, fields).ofMinSize(1).map(m -> new Meminfo(new LinkedHashMap<>(m)));
    }

    @Property
    void anyValidMeminfoParsesBackFromItsText(@ForAll("meminfos") Meminfo m) {
        assertThat(Meminfo.parse("(none):~# cat /proc/meminfo\n" + m.render() + "(none):~# \n")).isEqualTo(m);
    }

    @Property
    void diffOfXWithXHasNoChanges(@ForAll("meminfos") Meminfo m) {
        MeminfoDiff d = MeminfoDiff.of("x", m, "x", m);
        assertThat(d.changed(0)).isEmpty();
        assertThat(d.largest(3)).isEmpty();
        assertThat(d.rows()).allMatch(r -> r.delta() == 0);
    }

    @Property
    void aMinusBIsTheNegationOfBMinusA(@ForAll("meminfos") Meminfo a, @ForAll("meminfos") Meminfo b) {
        Map<String, Long> ab = new LinkedHashMap<>();
        MeminfoDiff.of("a", a, "b", b).rows().forEach(r -> ab.put(r.field(), r.delta()));
        for (MeminfoDiff.Row r : MeminfoDiff.of("b", b, "a", a).rows()) {
            Long forward = ab.get(r.field());
            assertThat(r.delta() == null ? null : -r.delta()).isEqualTo(forward);
        }
        assertThat(MeminfoDiff.of("a", a, "b", b).reversed().rows().stream().map(MeminfoDiff.Row::delta).toList())
                .isEqualTo(MeminfoDiff.of("a", a, "b", b).rows().stream()
                        .map(r -> r.delta() == null ? null : -r.delta()).toList());
    }

    @Test
    void kernelOrderIsKept() {
        Meminfo m = Meminfo.parse("Zeta: 1 kB\nAlpha: 2 kB\nMid: 3 kB\n");
        assertThat(List.copyOf(m.fields().keySet())).containsExactly("Zeta", "Alpha", "Mid");
    }
}
