package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.host.HostCommand;
import dev.vmbench.it.Await;

/**
 * Whole builds (real dpkg-deb, mke2fs) on a real, small file system (a tmpfs): a full disk during
 * {@code --force} ends in one line naming the path and the cause and leaves the previous image exactly as it
 * was; so does Ctrl-C; once there is space again the same JVM builds fine. The two packages are downloaded
 * once into target/deb-cache and seeded into the image's downloads/, so the builds need no network.
 */
class ImageFullDiskIT {

    static final long MIB = 1024 * 1024;

    @Test
    void fullDiskAndInterruptLeaveThePreviousImageAndTheNextBuildWorks() throws Exception {
        try (Tmpfs fs = Tmpfs.mount("image", 400)) {
            Path home = fs.dir().resolve("home");
            ImageLayout layout = new ImageLayout(home.resolve("images/default"));
            String kernel = seed(layout.downloads());
            Path stale = staleKernel(layout.downloads());
            ImageManifest first = build(layout, false);
            assertThat("linux-image-" + first.kernelVersion()).as("apt's kernel, not the newest-named .deb")
                    .isEqualTo(kernel);
            assertThat(stale).as("the cache keeps only what the image was built from").doesNotExist();
            Map<String, String> before = fingerprint(layout);

            fs.fill(5 * MIB); // not even the kernel package unpacks
            assertFailsForSpace(layout, before, layout.work().resolve("kernel").toString());
            fs.unfill();

            fs.fill(unpackedKernel(layout) + Files.size(layout.bzImage()) + 24 * MIB); // no room for vmlinux
            assertFailsForSpace(layout, before, layout.work().resolve("next/vmlinux").toString());
            fs.unfill();

            assertInterruptLeavesTheImage(layout, before);

            ImageManifest again = build(layout, true);
            assertThat(again.builtAt()).isNotEqualTo(first.builtAt());
            assertThat(again.randomSha256()).isEqualTo(first.randomSha256());
            assertThat(ImageBuilder.isComplete(layout)).isTrue();
            Map<String, String> after = fingerprint(layout);
            assertThat(after.get("vmlinux")).as("rebuilt, same kernel").isNotEqualTo(before.get("vmlinux"))
                    .endsWith(before.get("vmlinux").substring(before.get("vmlinux").indexOf(' ')));
            assertPrivate(home);
            assertWithoutForceOnlyWhatChangedIsRemade(layout, after);
        }
    }

    private static ImageManifest build(ImageLayout layout, boolean force) throws InterruptedException {
        return build(layout, force, 1, new ArrayList<>());
    }

    private static ImageManifest build(ImageLayout layout, boolean force, int randomMiB, List<String> progress)
            throws InterruptedException {
        return new ImageBuilder(layout, line -> {
            System.out.println("[full-disk IT] " + line);
            progress.add(line);
        }, new dev.vmbench.host.LocalHost(Path.of("target/native"))).build(null, randomMiB, force);
    }

    private static void assertWithoutForceOnlyWhatChangedIsRemade(ImageLayout layout, Map<String, String> built)
            throws Exception {
        List<String> same = new ArrayList<>();
        build(layout, false, 1, same);
        assertThat(same).filteredOn(l -> l.matches("\\[[1-5]/5].*")).hasSize(5).allMatch(l -> l.contains("(reused)"));
        assertThat(fingerprint(layout).get("rootfs.ext4")).isEqualTo(built.get("rootfs.ext4"));

        List<String> resized = new ArrayList<>();
        ImageManifest m = build(layout, false, 2, resized);
        assertThat(m.randomMiB()).isEqualTo(2);
        assertThat(resized).anyMatch(l -> l.startsWith("[2/5]") && l.contains("(reused)"))
                .anyMatch(l -> l.startsWith("[5/5] root disk") && !l.contains("(reused)"));
        Map<String, String> now = fingerprint(layout);
        assertThat(now.get("vmlinux")).isEqualTo(built.get("vmlinux"));
        assertThat(now.get("rootfs.ext4")).isNotEqualTo(built.get("rootfs.ext4"));
        assertThat(layout.work()).doesNotExist();
    }

    private static void assertFailsForSpace(ImageLayout layout, Map<String, String> before, String path)
            throws IOException {
        VmbenchException e = catchThrowableOfType(() -> build(layout, true), VmbenchException.class);
        assertThat(e).as("the build on a full disk must fail with a VmbenchException").isNotNull();
        System.out.println("[full-disk IT] the error: " + e.getMessage());
        assertThat(e.getMessage()).doesNotContain("\n").contains(path).contains("no space left on device")
                .contains("free some space there and try again");
        assertThat(e.details()).isNull();
        assertThat(layout.work()).doesNotExist();
        assertThat(fingerprint(layout)).isEqualTo(before);
    }

    private static void assertInterruptLeavesTheImage(ImageLayout layout, Map<String, String> before)
            throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                build(layout, true);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Path staged = layout.work().resolve("next/vmlinuz");
        Await.until("the forced build to stage a kernel", Duration.ofSeconds(120), () -> Files.exists(staged)
                || !t.isAlive());
        t.interrupt();
        t.join(Duration.ofSeconds(30).toMillis());
        assertThat(t.isAlive()).as("the build stopped").isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessage(ImageBuilder.INTERRUPTED);
        assertThat(layout.work()).doesNotExist();
        assertThat(fingerprint(layout)).isEqualTo(before);
    }

    /** Every file of the image but the download cache: name → mtime, size and sha256. */
    private static Map<String, String> fingerprint(ImageLayout layout) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(layout.dir())) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.startsWith(layout.downloads())) {
                    files.put(layout.dir().relativize(p).toString(), Files.getLastModifiedTime(p) + " "
                            + Files.size(p) + " " + Interruptible.sha256(p));
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    private static long unpackedKernel(ImageLayout layout) throws Exception {
        try (Stream<Path> debs = Files.list(layout.downloads())) {
            Path deb = debs.filter(p -> p.getFileName().toString().matches("linux-image-.*\\.deb")).findFirst()
                    .orElseThrow();
            String kib = HostCommand.run(List.of("dpkg-deb", "-f", deb.toString(), "Installed-Size"), null,
                    Duration.ofSeconds(30), "dpkg-deb");
            return Long.parseLong(kib.strip()) * 1024;
        }
    }

    private static void assertPrivate(Path home) throws IOException {
        List<String> loose = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    loose.add(mode + " " + p);
                }
            }
        }
        assertThat(loose).as("everything under VMBENCH_HOME is private").isEmpty();
    }

    /**
     * A .deb named like a newer kernel, with a matching record: the old builder took the last linux-image-*
     * .deb by name; the new one builds from the kernel apt resolves.
     */
    private static Path staleKernel(Path downloads) throws Exception {
        Path deb = Files.write(downloads.resolve("linux-image-6.1.0-999-cloud-amd64_6.1.999-1_amd64.deb"),
                new byte[1000]);
        Files.writeString(DebCache.recordOf(deb), Interruptible.sha256(deb) + "  " + deb.getFileName() + "\n");
        return deb;
    }

    /**
     * Downloads the packages once per checkout (target/deb-cache, verified) and copies them in.
     *
     * @return the kernel package apt resolves
     */
    private static String seed(Path downloads) throws Exception {
        dev.vmbench.host.LocalHost host = new dev.vmbench.host.LocalHost(Path.of("target/native"));
        DebCache shared = new DebCache(Path.of("target", "deb-cache").toAbsolutePath(), DebCache.hostApt(host),
                line -> System.out.println("[deb-cache] " + line));
        shared.sweep();
        String kernel = new ImageBuilder(new ImageLayout(Path.of("target", "unused-image")), line -> { }, host)
                .resolveKernelPackage(ImageBuilder.DEFAULT_KERNEL_PACKAGE);
        PrivateFiles.createDirectories(downloads); // as VMBENCH_HOME is made; the files are copied 0644
        for (String pkg : List.of(kernel, "busybox-static")) {
            Path deb = shared.fetch(pkg, shared.expect(pkg));
            Files.copy(deb, downloads.resolve(deb.getFileName()));
            Files.copy(DebCache.recordOf(deb), downloads.resolve(DebCache.recordOf(deb).getFileName()));
        }
        return kernel;
    }
}
