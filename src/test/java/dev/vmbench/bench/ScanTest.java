package dev.vmbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScanTest {

    @Test
    void rangesAndListsAsHyperfineMakesThem() {
        assertThat(Scan.range("n", "1", "4", null)).containsExactly("1", "2", "3", "4");
        assertThat(Scan.range("x", "0", "0.3", "0.1")).containsExactly("0", "0.1", "0.2", "0.3"); // no drift
        assertThat(Scan.range("n", "2", "8", "3")).containsExactly("2", "5", "8");
        assertThat(Scan.list("size", "1M,16M")).containsExactly("1M", "16M");
        assertThatThrownBy(() -> Scan.range("n", "4", "1", null)).hasMessage("--parameter-scan n: 1 is below 4");
        assertThatThrownBy(() -> Scan.range("n", "a", "3", null)).hasMessageStartingWith("--parameter-scan n a 3: give numbers");
        assertThatThrownBy(() -> Scan.range("n", "1", "3", "0")).hasMessage("--parameter-step-size 0: give a positive step");
        assertThatThrownBy(() -> Scan.list("n", "1,,2")).hasMessage("--parameter-list n '1,,2' has an empty value");
        assertThatThrownBy(() -> Scan.list("a-b", "1")).hasMessageStartingWith("parameter name 'a-b'");
    }

    @Test
    void severalParametersMakeTheirProductTheFirstVaryingSlowest() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("n", List.of("1", "2"));
        p.put("size", List.of("a", "b", "c"));
        List<Map<String, String>> all = Scan.product(p);
        assertThat(all).hasSize(6);
        assertThat(all.get(0)).containsExactly(Map.entry("n", "1"), Map.entry("size", "a"));
        assertThat(all.get(5)).containsExactly(Map.entry("n", "2"), Map.entry("size", "c"));
        assertThat(Scan.product(Map.of())).containsExactly(Map.of());
    }

    @Test
    void everyPlaceholderIsFilledAndAnUnusedParameterRefused() {
        assertThat(Scan.substitute("dd bs={size} count={n}; echo {n} {other}", Map.of("n", "3", "size", "1M")))
                .isEqualTo("dd bs=1M count=3; echo 3 {other}");
        assertThatThrownBy(() -> Scan.substitute("true", Map.of("n", "1")))
                .hasMessage("the command does not use the parameter {n}: put {n} where its value goes");
    }

    @Test
    void hyperfinesRunCountRule() {
        Bench.Controls auto = new Bench.Controls(null, null, null, null, false, false, false, 0, 0, 10, 0, 3);
        assertThat(auto.count(0.05)).isEqualTo(60);  // 3 s of measuring
        assertThat(auto.count(0.5)).isEqualTo(10);   // at least 10 runs
        assertThat(new Bench.Controls(null, null, null, null, false, false, false, 0, 0, 10, 20, 3).count(0.01))
                .isEqualTo(20);
        assertThat(Bench.Controls.runs(7, 0).count(100)).isEqualTo(7);
        assertThatThrownBy(() -> new Bench.Controls(null, null, null, null, false, false, false, 0, 0, 10, 5, 3))
                .hasMessage("--min-runs 10 is more than --max-runs 5");
    }
}
