package dev.vmbench.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The reader against binutils' {@code readelf} on this host's own programs and libraries. */
class ElfDynamicTest {

    private static final Pattern DYN = Pattern.compile("\\((NEEDED|SONAME|RUNPATH|RPATH)\\)\\s+[^\\[]*\\[(.*)]$");
    private static final Pattern INTERP = Pattern.compile("\\[Requesting program interpreter: (.*)]");

    static Stream<Path> hostFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("/bin/ls"), Path.of("/usr/bin/java").toRealPath(),
                Path.of("/lib/x86_64-linux-gnu/libc.so.6").toRealPath(),
                Path.of("/lib64/ld-linux-x86-64.so.2").toRealPath()));
        // a few more shared libraries, and whatever of them carries a RUNPATH (the JDK's do)
        try (Stream<Path> s = Files.list(Path.of("/lib/x86_64-linux-gnu"))) {
            s.filter(p -> p.getFileName().toString().matches("lib(z|ssl|stdc\\+\\+|systemd|crypto)\\.so\\.\\d+"))
                    .forEach(files::add);
        }
        Path jdkLib = Path.of("/usr/bin/java").toRealPath().getParent().resolveSibling("lib");
        for (String lib : List.of("libjava.so", "libnet.so", "server/libjvm.so")) {
            if (Files.isRegularFile(jdkLib.resolve(lib))) {
                files.add(jdkLib.resolve(lib));
            }
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("hostFiles")
    void readsWhatReadelfReads(Path file) throws Exception {
        ElfDynamic elf = ElfDynamic.read(Files.readAllBytes(file));

        List<String> needed = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        String soname = null;
        for (String line : readelf("-d", file)) {
            Matcher m = DYN.matcher(line.strip());
            if (m.find()) {
                switch (m.group(1)) {
                    case "NEEDED" -> needed.add(m.group(2));
                    case "SONAME" -> soname = m.group(2);
                    case "RUNPATH" -> runpath.addAll(Arrays.asList(m.group(2).split(":")));
                    default -> rpath.addAll(Arrays.asList(m.group(2).split(":")));
                }
            }
        }
        String interp = readelf("-l", file).stream().map(INTERP::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst().orElse(null);

        assertThat(elf.needed()).as("NEEDED of %s", file).isEqualTo(needed);
        assertThat(elf.soname()).as("SONAME of %s", file).isEqualTo(soname);
        assertThat(elf.runpath()).as("RUNPATH of %s", file).isEqualTo(runpath);
        assertThat(elf.rpath()).as("RPATH of %s", file).isEqualTo(rpath);
        assertThat(elf.interpreter()).as("interpreter of %s", file).isEqualTo(interp);
    }

    @Test
    void theHostsLsNeedsLibcThroughTheUsualLoader() throws IOException {
        ElfDynamic ls = ElfDynamic.read(Files.readAllBytes(Path.of("/bin/ls")));
        assertThat(ls.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        assertThat(ls.needed()).contains("libc.so.6");
        assertThat(ls.isStatic()).isFalse();
    }

    @Test
    void aStaticProgramNeedsNothing() throws IOException {
        Path busybox = Path.of("/bin/busybox");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(busybox), "busybox-static installed");
        ElfDynamic bb = ElfDynamic.read(Files.readAllBytes(busybox));
        assertThat(bb.isStatic()).isTrue();
        assertThat(bb.interpreterPath()).isEmpty();
    }

    @Test
    void otherFilesAreRefusedWithOneLine() throws IOException {
        assertThatThrownBy(() -> ElfDynamic.read("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not an ELF file");
        byte[] ls = Files.readAllBytes(Path.of("/bin/ls"));
        assertThatThrownBy(() -> ElfDynamic.read(Arrays.copyOf(ls, 40)))
                .hasMessageContaining("cut off at 40 bytes");
        assertThatThrownBy(() -> ElfDynamic.read(Arrays.copyOf(ls, 1000)))
                .hasMessageContaining("past its end");
        byte[] elf32 = ls.clone();
        elf32[4] = 1;
        assertThatThrownBy(() -> ElfDynamic.read(elf32)).hasMessageContaining("not a 64-bit ELF");
        byte[] big = ls.clone();
        big[5] = 2;
        assertThatThrownBy(() -> ElfDynamic.read(big)).hasMessageContaining("not a little-endian");
    }

    @Test
    void withoutProgramHeadersTheDynamicSectionIsRead() throws IOException {
        byte[] ls = Files.readAllBytes(Path.of("/bin/ls"));
        byte[] noPh = ls.clone();
        noPh[0x38] = 0; // e_phnum = 0: only the section headers are left
        noPh[0x39] = 0;
        ElfDynamic fromSections = ElfDynamic.read(noPh);
        ElfDynamic fromSegments = ElfDynamic.read(ls);
        assertThat(fromSections.needed()).isEqualTo(fromSegments.needed());
        assertThat(fromSections.interpreter()).isNull();
    }

    private static List<String> readelf(String option, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("readelf", "-W", option, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("readelf %s %s: %s", option, file, out).isZero();
        return out.lines().toList();
    }
}
