package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.ImageManifest;
import dev.vmbench.image.VmlinuxExtractor;

/** Builds the default image from nothing (real apt-get download, dpkg-deb, mke2fs), then again. */
class ImageBuildIT {

    @Test
    void buildsFromScratchAndReusesOnTheSecondCall(@TempDir Path dir) throws Exception {
        ImageLayout layout = new ImageLayout(dir.resolve("default"));
        List<String> progress = new ArrayList<>();
        ImageManifest m = new ImageBuilder(layout, progress::add, TestImage.host()).build(null, 8, false);

        assertThat(progress).anyMatch(l -> l.startsWith("[1/5] packages: linux-image-"))
                .anyMatch(l -> l.startsWith("[5/5] root disk"));
        assertThat(m.kernelVersion()).matches("\\d+\\.\\d+\\.\\d+-\\d+-cloud-amd64");
        assertThat(m.modules()).contains("virtio_mmio", "virtio_pci", "virtio_blk");
        assertThat(ImageBuilder.isComplete(layout)).isTrue();
        try (InputStream in = Files.newInputStream(layout.vmlinux())) {
            assertThat(VmlinuxExtractor.isElf(in.readNBytes(4))).isTrue();
        }
        assertThat(Files.size(layout.vmlinux())).isGreaterThan(Files.size(layout.bzImage()));
        assertThat(Files.readString(layout.randomSha256())).isEqualTo(m.randomSha256() + "  /random.txt\n");
        assertThat(layout.work()).doesNotExist();

        // /random.txt inside the ext4 image, read back without mounting, has the recorded hash
        Path dumped = dir.resolve("random.out");
        Process p = new ProcessBuilder("debugfs", "-R", "dump /random.txt " + dumped, layout.rootfs().toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.size(dumped)).isEqualTo(8L * 1024 * 1024);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dumped)));
        assertThat(sha).isEqualTo(m.randomSha256());

        FileTime rootfsTime = Files.getLastModifiedTime(layout.rootfs());
        List<String> again = new ArrayList<>();
        ImageManifest m2 = new ImageBuilder(layout, again::add, TestImage.host()).build(null, 8, false);
        assertThat(again).filteredOn(l -> l.matches("\\[[2-5]/5].*")).allMatch(l -> l.contains("(reused)"));
        assertThat(Files.getLastModifiedTime(layout.rootfs())).isEqualTo(rootfsTime);
        assertThat(m2.randomSha256()).isEqualTo(m.randomSha256());

        List<String> resized = new ArrayList<>();
        ImageManifest m3 = new ImageBuilder(layout, resized::add, TestImage.host()).build(null, 4, false);
        assertThat(m3.randomMiB()).isEqualTo(4);
        assertThat(m3.randomSha256()).isNotEqualTo(m.randomSha256());
        assertThat(resized).anyMatch(l -> l.startsWith("[2/5]") && l.contains("(reused)"));
    }
}
