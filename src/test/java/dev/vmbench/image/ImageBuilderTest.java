package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {

    @Test
    void kernelDependencyIsReadFromAptCache() {
        String out = "linux-image-cloud-amd64\n  Depends: linux-image-6.1.0-56-cloud-amd64\n";
        assertThat(ImageBuilder.parseKernelDependency("linux-image-cloud-amd64", out))
                .isEqualTo("linux-image-6.1.0-56-cloud-amd64");
        assertThat(ImageBuilder.parseKernelDependency("linux-image-6.1.0-56-cloud-amd64", ""))
                .isEqualTo("linux-image-6.1.0-56-cloud-amd64");
        assertThatThrownBy(() -> ImageBuilder.parseKernelDependency("linux-image-cloud-amd64", ""))
                .hasMessageContaining("apt-get update");
    }

    @Test
    void randomFileIsTheSameEverywhereAndItsHashIsRight(@TempDir Path dir) throws Exception {
        String a = RandomFile.write(dir.resolve("a"), 3);
        String b = RandomFile.write(dir.resolve("b"), 3);
        assertThat(a).isEqualTo(b);
        byte[] bytes = Files.readAllBytes(dir.resolve("a"));
        assertThat(bytes).hasSize(3 * 1024 * 1024);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(a);
    }

    @Test
    void badRandomSizeIsRefusedBeforeAnyWork(@TempDir Path dir) {
        ImageBuilder b = new ImageBuilder(new ImageLayout(dir.resolve("img")), line -> { },
                new dev.vmbench.host.LocalHost(dir.resolve("native")));
        assertThatThrownBy(() -> b.build(null, -1, false)).hasMessageContaining("--random-mib");
        assertThat(dir.resolve("img")).doesNotExist();
    }

    @Test
    void aDifferentToolSetRemakesTheRootDiskOnly() {
        GuestTool fio = new GuestTool("fio", "fio", "3.33-3", "/usr/bin/fio", List.of("/lib/x86_64-linux-gnu/libc.so.6"),
                List.of("libc6 2.36-9"));
        ImageManifest withFio = new ImageManifest("linux-image-cloud-amd64", "6.1.0-56-cloud-amd64", "busybox-static 1",
                List.of("virtio_blk"), 64, "ab", "2026-01-01T00:00:00Z", ImageManifest.FORMAT, List.of(fio));
        assertThat(ImageBuilder.Reuse.of(Optional.of(withFio), 64, List.of("fio")))
                .isEqualTo(new ImageBuilder.Reuse(true, true, true));
        assertThat(ImageBuilder.Reuse.of(Optional.of(withFio), 64, List.of()))
                .isEqualTo(new ImageBuilder.Reuse(true, true, false));
        assertThat(ImageBuilder.Reuse.of(Optional.of(withFio), 64, List.of("fio", "stress-ng")))
                .isEqualTo(new ImageBuilder.Reuse(true, true, false));
        ImageManifest old = new ImageManifest("linux-image-cloud-amd64", "6.1.0-56-cloud-amd64", "busybox-static 1",
                List.of("virtio_blk"), 64, "ab", "2026-01-01T00:00:00Z", ImageManifest.FORMAT, null);
        assertThat(old.tools()).isEmpty();
        assertThat(ImageBuilder.Reuse.of(Optional.of(old), 64, List.of()))
                .isEqualTo(new ImageBuilder.Reuse(true, true, true));
    }

    @Test
    void whoNeedsAToolIsToldHowToBuildIt() throws Exception {
        GuestTool stress = new GuestTool("stress-ng", "stress-ng", "0.15.06-2", "/usr/bin/stress-ng", List.of(),
                List.of());
        ImageManifest m = new ImageManifest("k", "v", "b", List.of(), 64, "ab", "t", ImageManifest.FORMAT,
                List.of(stress));
        assertThat(m.hasTool("stress-ng")).isTrue();
        assertThat(m.hasTool("fio")).isFalse();
        assertThat(m.requireTool("stress-ng")).isEqualTo(stress);
        assertThatThrownBy(() -> m.requireTool("fio"))
                .hasMessage("the image has no fio: run 'image build --with stress-ng,fio'");
        assertThat(ImageManifest.noTool("fio")).isEqualTo("the image has no fio: run 'image build --with fio'");
        // image.json round trip, and an image.json from before tools reads as none
        ImageManifest back = ImageBuilder.JSON.readValue(ImageBuilder.JSON.writeValueAsString(m), ImageManifest.class);
        assertThat(back).isEqualTo(m);
        String before = ImageBuilder.JSON.writeValueAsString(m).replaceAll("(?s),\\s*\"tools\"\\s*:\\s*\\[.*]", "");
        assertThat(before).doesNotContain("tools");
        assertThat(ImageBuilder.JSON.readValue(before, ImageManifest.class).tools()).isEmpty();
    }

    @Test
    void toolNamesArePackageNames() {
        assertThat(ImageBuilder.toolNames(List.of("fio", "stress-ng", "fio"))).containsExactly("fio", "stress-ng");
        assertThatThrownBy(() -> ImageBuilder.toolNames(List.of("../etc")))
                .hasMessageStartingWith("bad --with ../etc: give Debian package names");
    }
}
