package dev.vmbench.image;

import java.util.List;

/**
 * What {@code image build} made, saved as {@code image.json} beside the image.
 *
 * @param kernelPackage  the Debian package the kernel came from
 * @param kernelVersion  e.g. 6.1.0-56-cloud-amd64
 * @param busyboxPackage the busybox-static package version
 * @param modules        the modules the initramfs loads
 * @param randomMiB      size of /random.txt
 * @param randomSha256   sha256 of /random.txt
 * @param builtAt        ISO-8601 time of the build
 * @param format         how vmbench lays out the initramfs and root disk; a build with another format
 *                       remakes them
 */
public record ImageManifest(String kernelPackage, String kernelVersion, String busyboxPackage, List<String> modules,
                            int randomMiB, String randomSha256, String builtAt, int format) {

    /** Raised whenever the initramfs or the root disk's contents change. */
    public static final int FORMAT = 2;
}
