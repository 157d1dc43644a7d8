package dev.vmbench.vmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vmbench.host.LocalHost;
import dev.vmbench.host.ProcessReader;

/**
 * The memory accounting checked against known numbers: a tiny program (python3) maps 64 MiB of private
 * anonymous memory, as a hypervisor maps guest RAM, and touches 24 MiB of it (huge pages off, so resident is
 * exact); a 3 MiB writable and executable mapping stands in for a translation cache, 1 MiB of it touched.
 */
class VmmMemoryTest {

    static final long RAM_KIB = 64 * 1024;
    static final long TOUCHED_KIB = 24 * 1024;
    static final String PROGRAM = """
            import mmap, sys
            ram = mmap.mmap(-1, 64 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
            ram.madvise(mmap.MADV_NOHUGEPAGE)
            for off in range(0, 24 << 20, 4096):
                ram[off] = 1
            code = mmap.mmap(-1, 3 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS,
                             prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
            code.madvise(mmap.MADV_NOHUGEPAGE)
            for off in range(0, 1 << 20, 4096):
                code[off] = 1
            print("ready", flush=True)
            sys.stdin.read()
            """;

    static Process program;
    static ProcessReader proc;

    @BeforeAll
    static void start() throws Exception {
        program = new ProcessBuilder("python3", "-c", PROGRAM).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready"); // blocks until the mappings are touched
        proc = new ProcessReader(new LocalHost(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (program != null) {
            program.destroyForcibly();
            program.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theGuestRamMappingIsFoundByItsSizeAndItsResidentPartIsExact() {
        VmmMemory m = VmmMemory.of(proc.smaps(program.pid()).orElseThrow(), List.of(List.of(RAM_KIB)), List.of());
        assertThat(m.guestRam().mappings()).isEqualTo(1);
        assertThat(m.guestRam().size()).isEqualTo(RAM_KIB);
        assertThat(m.guestRam().rss()).isEqualTo(TOUCHED_KIB);
        assertThat(m.guestRam().uss()).isEqualTo(TOUCHED_KIB);
        assertThat(m.guestRam().pss()).isEqualTo(TOUCHED_KIB);
        assertThat(m.guestRamFound()).isEqualTo("1 anonymous rw-p mapping of 64 MiB, the VM's --mem");
        assertThat(m.translationCache()).isPresent();
        assertThat(m.translationCache().get().size()).isEqualTo(3 * 1024);
        assertThat(m.translationCache().get().rss()).isEqualTo(1024);
        assertThat(m.overhead().rss()).isGreaterThan(1024); // the interpreter itself, the code mapping among it
    }

    @Test
    void thePartsAddUpToTheKernelsOwnTotal() {
        VmmMemory m = VmmMemory.of(proc.smaps(program.pid()).orElseThrow(), List.of(List.of(RAM_KIB)), List.of());
        long vmRss = proc.vmRss(program.pid()).orElseThrow();
        assertThat(m.guestRam().rss() + m.overhead().rss()).isEqualTo(m.total().rss());
        assertThat((double) m.total().rss()).isCloseTo(vmRss, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void aLayoutThatIsNotThereCountsEverythingAsTheVmmsAndSaysSo() {
        List<Smaps.Mapping> maps = proc.smaps(program.pid()).orElseThrow();
        VmmMemory m = VmmMemory.of(maps, List.of(List.of(128L * 1024)), List.of());
        assertThat(m.guestRam().mappings()).isZero();
        assertThat(m.overhead().rss()).isEqualTo(m.total().rss());
        assertThat(m.guestRamFound()).startsWith("not found: no writable anonymous mapping of 128 MiB");
        // the second layout is taken when the first is not there whole (Firecracker's splits by version)
        VmmMemory second = VmmMemory.of(maps, List.of(List.of(48L * 1024, 16L * 1024), List.of(RAM_KIB)), List.of());
        assertThat(second.guestRam().size()).isEqualTo(RAM_KIB);
    }

    @Test
    void aGoneProcessHasNoFigures() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(proc.smaps(p.pid())).isEmpty();
        assertThat(proc.stat(p.pid())).isEmpty();
        assertThat(proc.cpuSeconds(p.pid())).isEmpty();
    }

    @Test
    void smapsAndStatTextAreParsedOrRefused() {
        List<Smaps.Mapping> maps = Smaps.parse("""
                55f5438b2000-55f54442c000 rw-p 00000000 00:00 0                          [heap]
                Size:              11752 kB
                Rss:                5328 kB
                Pss:                5000 kB
                Private_Clean:       100 kB
                Private_Dirty:      4900 kB
                VmFlags: rd wr mr mw me ac sd
                7fc890000000-7fc8cffff000 rwxp 00000000 00:00 0
                Size:            1048572 kB
                Rss:                8192 kB
                """);
        assertThat(maps).hasSize(2);
        assertThat(maps.get(0).path()).isEqualTo("[heap]");
        assertThat(maps.get(0).uss()).isEqualTo(5000);
        assertThat(maps.get(1).executable()).isTrue();
        assertThat(maps.get(1).memoryOnly()).isTrue();
        assertThatThrownBy(() -> Smaps.parse("Rss: 1 kB\n")).hasMessageContaining("not /proc/PID/smaps");
        ProcStat s = ProcStat.parse("5732 (qemu (a) b) S 1 5732 5732 0 -1 4194560 8 0 0 0 354 149 0 0 20 0 4 0 1 2 3");
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.utime()).isEqualTo(354);
        assertThat(s.stime()).isEqualTo(149);
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.userSeconds(100)).isEqualTo(3.54);
        assertThatThrownBy(() -> ProcStat.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }
}
