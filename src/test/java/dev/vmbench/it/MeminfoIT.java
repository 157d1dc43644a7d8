package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.guest.GuestExec;
import dev.vmbench.memdiff.MeminfoCapture;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.report.MeminfoReport;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/** meminfo of a real guest before and after reading /random.txt: the diff finds the page cache. */
class MeminfoIT {

    @Test
    void readingTheFileShowsUpAsFileCache(@TempDir Path dir) throws Exception {
        VmLauncher launcher = TestImage.launcher();
        VmSession vm = launcher.start(launcher.prepare(TestImage.spec("mem-it", "qemu-microvm")),
                Duration.ofSeconds(120), l -> { });
        try {
            MeminfoCapture.Capture before = MeminfoCapture.capture(vm);
            assertThat(GuestExec.run(vm, "cat /random.txt > /dev/null", Duration.ofSeconds(60)).exitCode()).isZero();
            MeminfoCapture.Capture after = MeminfoCapture.capture(vm);

            MeminfoDiff d = MeminfoDiff.of("before", before.meminfo(), "after", after.meminfo());
            MeminfoDiff.Row cached = d.rows().stream().filter(r -> r.field().equals("Cached")).findFirst().orElseThrow();
            assertThat(cached.delta()).as("64 MiB of /random.txt in the page cache").isGreaterThan(60L * 1024);
            assertThat(d.largest(3)).extracting(MeminfoDiff.Row::field).contains("Cached");
            assertThat(MeminfoReport.summary(d, 3)).contains("Cached (file cache): after has");

            Path saved = dir.resolve("after.meminfo");
            MeminfoCapture.save(after, vm, saved);
            MeminfoCapture.Capture loaded = MeminfoCapture.load(saved);
            assertThat(loaded.meminfo()).isEqualTo(after.meminfo());
            assertThat(loaded.label()).isEqualTo("after");
            JsonNode meta = new ObjectMapper().readTree(Files.readString(MeminfoCapture.sidecar(saved)));
            assertThat(meta.get("vm").asText()).isEqualTo("mem-it");
            assertThat(meta.get("hypervisor").asText()).isEqualTo("qemu-microvm");
            assertThat(meta.get("mem_mib").asLong()).isEqualTo(512);
            assertThat(meta.has("captured_at")).isTrue();
        } finally {
            vm.kill();
        }
    }
}
