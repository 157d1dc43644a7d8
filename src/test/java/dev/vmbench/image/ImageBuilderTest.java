package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

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
}
