package dev.vmbench.image;

import java.nio.file.Path;

/** The files of a guest image folder, by name. */
public record ImageLayout(Path dir) {

    public Path bzImage() {
        return dir.resolve("vmlinuz");
    }

    /** Uncompressed ELF kernel, for Firecracker. */
    public Path vmlinux() {
        return dir.resolve("vmlinux");
    }

    public Path kernelConfig() {
        return dir.resolve("config");
    }

    public Path initramfs() {
        return dir.resolve("initramfs.cpio");
    }

    public Path rootfs() {
        return dir.resolve("rootfs.ext4");
    }

    public Path randomSha256() {
        return dir.resolve("random.txt.sha256");
    }

    public Path manifest() {
        return dir.resolve("image.json");
    }

    /** Downloaded .deb files, kept so a rebuild needs no network. */
    public Path downloads() {
        return dir.resolve("downloads");
    }

    /** Scratch space of a build; removed when it ends. */
    public Path work() {
        return dir.resolve("work");
    }
}
