package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.GuestTool;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.ImageManifest;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/**
 * {@code image build --with fio} for real (apt-get download of fio and the library packages its ELF needs),
 * booted: fio runs in the busybox guest, without an ld.so.cache. Its own image folder, kept in target/ so a
 * second run fetches nothing.
 */
class GuestToolsIT {

    static final Duration T = Duration.ofSeconds(60);
    static final ImageLayout LAYOUT = new ImageLayout(Path.of("target", "it-home-tools", "images", "default")
            .toAbsolutePath());

    @Test
    void fioRunsInTheGuestAndAnotherToolSetRemakesTheRootDisk() throws Exception {
        List<String> progress = new ArrayList<>();
        ImageManifest m = new ImageBuilder(LAYOUT, progress::add, TestImage.host()).build(null, 8, false,
                List.of("fio"));
        progress.forEach(l -> System.out.println("[tools image] " + l));
        GuestTool fio = m.requireTool("fio");
        assertThat(fio.program()).isEqualTo("/usr/bin/fio");
        assertThat(fio.libraries()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(fio.libraryPackages()).anyMatch(p -> p.startsWith("libc6 ")).noneMatch(p -> p.startsWith("python3"));
        assertThat(progress).anyMatch(l -> l.startsWith("[5/5] guest tools: fio ") || l.contains("and fio (reused)"));
        assertThat(ImageBuilder.readManifest(LAYOUT).orElseThrow().toolNames()).containsExactly("fio");

        VmLauncher launcher = TestImage.launcher();
        VmSpec spec = new VmSpec("tools-microvm", "qemu-microvm", LAYOUT.bzImage(), LAYOUT.initramfs(), LAYOUT.rootfs(),
                512, 2, null, Accel.AUTO, false, null, List.of());
        try (SessionRegistry registry = new SessionRegistry()) {
            VmSession vm = launcher.start(launcher.prepare(spec), T, l -> { });
            registry.add(vm);
            ExecResult version = GuestExec.run(vm, "fio --version", T);
            assertThat(version.exitCode()).isZero();
            assertThat(version.output()).isEqualTo("fio-" + fio.version().replaceAll("-[^-]*$", "") + "\n");
            assertThat(GuestExec.run(vm, "ls /etc/ld.so.cache", T).exitCode()).as("no cache needed").isNotZero();
            ExecResult job = GuestExec.run(vm, "fio --name=t --filename=/tmp/f --size=4M --rw=randread --bs=4k"
                    + " --output-format=json", Duration.ofMinutes(5));
            assertThat(job.exitCode()).isZero();
            assertThat(job.output()).contains("\"jobname\" : \"t\"", "\"error\" : 0", "\"io_kbytes\" : 4096");
        }

        List<String> without = new ArrayList<>();
        ImageManifest plain = new ImageBuilder(LAYOUT, without::add, TestImage.host()).build(null, 8, false, List.of());
        assertThat(without).anyMatch(l -> l.startsWith("[5/5] root disk ") && !l.contains("reused"));
        assertThat(plain.tools()).isEmpty();
        assertThatThrownBy(() -> plain.requireTool("fio"))
                .hasMessage("the image has no fio: run 'image build --with fio'");
    }
}
