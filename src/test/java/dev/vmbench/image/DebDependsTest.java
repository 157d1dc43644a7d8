package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DebDependsTest {

    static final String FIO = "libaio1 (>= 0.3.93), libc6 (>= 2.34), libgfapi0 (>= 10.3), libibverbs1 (>= 1.1.6), "
            + "libnbd0 (>= 1.0.0), libnuma1 (>= 2.0.11), libpmem1 (>= 1.5), libpmemblk1 (>= 1.4), "
            + "librados2 (>= 16.2.10+ds), librbd1 (>= 10.1.0), librdmacm1 (>= 1.0.15), zlib1g (>= 1:1.2.0), "
            + "init-system-helpers (>= 1.51), python3";

    @Test
    void namesAreReadWithoutVersionsArchitecturesOrRestrictions() {
        assertThat(DebDepends.groups("libc6 (>= 2.34), python3:any (>= 3.11~) | python3-minimal:any,"
                + "\n libfoo1 [amd64] <!nocheck>, libbar2:amd64 (= 1:2.0-1)"))
                .containsExactly(List.of("libc6"), List.of("python3", "python3-minimal"), List.of("libfoo1"),
                        List.of("libbar2"));
        assertThat(DebDepends.groups(null)).isEmpty();
        assertThat(DebDepends.groups("")).isEmpty();
        assertThat(DebDepends.groups(FIO)).hasSize(14).first().isEqualTo(List.of("libaio1"));
    }

    @Test
    void packagesNamedLikeTheSonameComeFirstTheRestInTheFieldsOrder() {
        List<List<String>> fio = DebDepends.groups(FIO);
        assertThat(DebDepends.candidates("libnuma.so.1", fio)).startsWith("libnuma1");
        assertThat(DebDepends.candidates("libz.so.1", fio)).startsWith("zlib1g");
        assertThat(DebDepends.candidates("libm.so.6", fio)).startsWith("libc6");
        assertThat(DebDepends.candidates("/lib64/ld-linux-x86-64.so.2", fio)).startsWith("libc6");
        assertThat(DebDepends.candidates("libpmem.so.1", fio)).startsWith("libpmem1", "libpmemblk1");
        assertThat(DebDepends.candidates("libstdc++.so.6", DebDepends.groups("libc6, libgcc-s1, libstdc++6 (>= 12)")))
                .startsWith("libstdc++6");
        // nothing like it: every package, the field's order
        assertThat(DebDepends.candidates("libweird.so.3", fio)).hasSize(14).startsWith("libaio1", "libc6");
        // alternatives: the first of each group before the others
        assertThat(DebDepends.candidates("libx.so.1", DebDepends.groups("a | b, c")))
                .containsExactly("a", "c", "b");
    }

    @Test
    void likeness() {
        assertThat(DebDepends.likeness("libc.so.6", "libc6")).isEqualTo(3);
        assertThat(DebDepends.likeness("libfoo.so.1", "libc6")).isZero();
        assertThat(DebDepends.likeness("libgfapi.so.0", "libgfapi0")).isEqualTo(2);
        assertThat(DebDepends.likeness("libboost_thread.so.1.74.0", "libboost-thread1.74.0")).isEqualTo(2);
        assertThat(DebDepends.likeness("libnl-route-3.so.200", "libnl-route-3-200")).isEqualTo(2);
        assertThat(DebDepends.likeness("libz.so.1", "zlib1g")).isEqualTo(1);
        assertThat(DebDepends.likeness("libz.so.1", "python3")).isZero();
    }

    @Test
    void dpkgDebFieldsAreReadWithTheirContinuationLines() {
        String out = "Package: fio\nVersion: 3.33-3\nPre-Depends: libc6 (>= 2.34)\nDepends: libaio1,\n zlib1g\n";
        assertThat(DebDepends.control(out)).containsEntry("Package", "fio").containsEntry("Version", "3.33-3")
                .containsEntry("Pre-Depends", "libc6 (>= 2.34)").containsEntry("Depends", "libaio1, zlib1g");
        assertThat(DebDepends.control("Package: x\n")).doesNotContainKey("Depends");
    }
}
