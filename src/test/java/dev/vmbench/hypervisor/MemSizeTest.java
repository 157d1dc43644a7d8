package dev.vmbench.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemSizeTest {

    @ParameterizedTest
    @CsvSource({"1G,1024", "1g,1024", "512M,512", "512,512", "2GiB,2048", "1536m,1536", "2097152K,2048", "1T,1048576"})
    void parsesWhatUsersType(String text, long mib) {
        assertThat(MemSize.parseMiB(text)).isEqualTo(mib);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12x", "", "  ", "G", "-1G", "1.5G", "1000K", "8M", "2T"})
    void rejectsWithAHint(String text) {
        assertThatThrownBy(() -> MemSize.parseMiB(text))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("512M or 1G", "between", "empty"));
    }

    @Test
    void formatsAsPeopleWriteIt() {
        assertThat(MemSize.format(1024)).isEqualTo("1G");
        assertThat(MemSize.format(1536)).isEqualTo("1536M");
    }

    @Property
    void formatThenParseIsIdentity(@ForAll @LongRange(min = 16, max = 1024 * 1024) long mib) {
        assertThat(MemSize.parseMiB(MemSize.format(mib))).isEqualTo(mib);
    }
}
