package dev.vmbench.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.HostCommand;

/**
 * Builds the default guest from Debian packages, without root, mounting or containers:
 * <ol>
 * <li>download the kernel package that {@code linux-image-cloud-amd64} depends on, and busybox-static
 * ({@code apt-get download});</li>
 * <li>unpack them ({@code dpkg-deb -x}); keep the bzImage and its config;</li>
 * <li>extract the uncompressed ELF vmlinux (for Firecracker);</li>
 * <li>write the initramfs (cpio newc) that loads the virtio modules and switches to the root disk;</li>
 * <li>build the ext4 root disk with {@code mke2fs -d}: busybox, an init that gives the seed's prompt,
 * and /random.txt.</li>
 * </ol>
 * Each step is skipped when its output is already there, so a second build reuses everything.
 */
public class ImageBuilder {

    public static final String DEFAULT_KERNEL_PACKAGE = "linux-image-cloud-amd64";
    public static final int DEFAULT_RANDOM_MIB = 64;
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
    private static final String APT_HINT = "run 'apt-get update' as root, then try again";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ImageLayout layout;
    private final Consumer<String> progress;

    public ImageBuilder(ImageLayout layout, Consumer<String> progress) {
        this.layout = layout;
        this.progress = progress;
    }

    /** Reads the manifest of a built image, if there is one. */
    public static Optional<ImageManifest> readManifest(ImageLayout layout) {
        if (!Files.isRegularFile(layout.manifest())) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(layout.manifest().toFile(), ImageManifest.class));
        } catch (IOException e) {
            throw new VmbenchException("cannot read " + layout.manifest() + ": " + e.getMessage()
                    + "; rebuild with 'image build --force'", e);
        }
    }

    /** Whether every file a boot needs is there. */
    public static boolean isComplete(ImageLayout layout) {
        return Stream.of(layout.bzImage(), layout.vmlinux(), layout.initramfs(), layout.rootfs(), layout.manifest())
                .allMatch(Files::isRegularFile);
    }

    public ImageManifest build(String kernelPackage, int randomMiB, boolean force) throws InterruptedException {
        if (randomMiB < 0 || randomMiB > 64 * 1024) {
            throw new VmbenchException("bad --random-mib " + randomMiB + ": give 0 to 65536");
        }
        try {
            return doBuild(kernelPackage == null ? DEFAULT_KERNEL_PACKAGE : kernelPackage, randomMiB, force);
        } catch (IOException e) {
            throw new VmbenchException("image build failed: " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(layout.work());
            } catch (IOException e) {
                progress.accept("      note: could not remove " + layout.work() + ": " + e.getMessage());
            }
        }
    }

    private ImageManifest doBuild(String kernelPackage, int randomMiB, boolean force)
            throws IOException, InterruptedException {
        if (force) {
            deleteTree(layout.dir());
        }
        Files.createDirectories(layout.downloads());
        Optional<ImageManifest> previous = readManifest(layout);
        if (previous.isPresent() && !previous.get().kernelPackage().equals(kernelPackage)) {
            throw new VmbenchException("the image in " + layout.dir() + " was built from "
                    + previous.get().kernelPackage() + ": add --force to rebuild it from " + kernelPackage);
        }

        long t = System.nanoTime();
        Path kernelDeb = download("linux-image-*", () -> resolveKernelPackage(kernelPackage));
        Path busyboxDeb = download("busybox-static_*", () -> "busybox-static");
        step(1, "packages: " + kernelDeb.getFileName() + ", " + busyboxDeb.getFileName(), t);

        t = System.nanoTime();
        Path kernelDir = layout.work().resolve("kernel");
        String kernelVersion;
        if (Files.isRegularFile(layout.bzImage()) && Files.isRegularFile(layout.kernelConfig())
                && previous.isPresent()) {
            kernelVersion = previous.get().kernelVersion();
            step(2, "kernel " + kernelVersion + " (reused)", t);
        } else {
            unpack(kernelDeb, kernelDir);
            Path vmlinuz = findOne(kernelDir.resolve("boot"), "vmlinuz-");
            kernelVersion = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
            copyAtomically(vmlinuz, layout.bzImage());
            copyAtomically(kernelDir.resolve("boot").resolve("config-" + kernelVersion), layout.kernelConfig());
            step(2, "kernel " + kernelVersion + " (" + mib(layout.bzImage()) + " bzImage)", t);
        }

        t = System.nanoTime();
        if (Files.isRegularFile(layout.vmlinux())) {
            step(3, "vmlinux (reused)", t);
        } else {
            Path tmp = tmpFor(layout.vmlinux());
            byte[] bz = Files.readAllBytes(layout.bzImage());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                VmlinuxExtractor.extract(bz, out);
            } catch (IllegalArgumentException e) {
                throw new VmbenchException("cannot extract vmlinux from " + layout.bzImage() + ": " + e.getMessage());
            }
            Files.move(tmp, layout.vmlinux(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            step(3, "vmlinux, uncompressed ELF (" + mib(layout.vmlinux()) + ")", t);
        }

        t = System.nanoTime();
        Path busyboxDir = layout.work().resolve("busybox");
        unpack(busyboxDeb, busyboxDir);
        Path busybox = busyboxDir.resolve("bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new VmbenchException(busyboxDeb.getFileName() + " holds no bin/busybox: rebuild with --force");
        }
        List<String> modules;
        boolean sameFormat = previous.isPresent() && previous.get().format() == ImageManifest.FORMAT;
        if (Files.isRegularFile(layout.initramfs()) && sameFormat) {
            modules = previous.get().modules();
            step(4, "initramfs (reused)", t);
        } else {
            if (!Files.isDirectory(kernelDir)) {
                unpack(kernelDeb, kernelDir);
            }
            Path moduleDir = layout.work().resolve("modules");
            collectModules(kernelDir.resolve("lib/modules/" + kernelVersion), moduleDir);
            Path tmp = tmpFor(layout.initramfs());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                modules = Initramfs.write(busybox, moduleDir, out);
            }
            if (!modules.contains("virtio_blk") && !modules.contains("virtio_mmio")) {
                progress.accept("      note: the kernel package ships no virtio modules; the kernel must have them built in");
            }
            Files.move(tmp, layout.initramfs(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            step(4, "initramfs with " + String.join(", ", modules) + " (" + mib(layout.initramfs()) + ")", t);
        }

        t = System.nanoTime();
        String sha;
        if (Files.isRegularFile(layout.rootfs()) && sameFormat && previous.get().randomMiB() == randomMiB) {
            sha = previous.get().randomSha256();
            step(5, "root disk with " + randomMiB + " MiB /random.txt (reused)", t);
        } else {
            progress.accept("[5/5] root disk: writing " + randomMiB + " MiB /random.txt and running mke2fs ...");
            sha = buildRootfs(busybox, randomMiB);
            step(5, "root disk " + mib(layout.rootfs()) + ", /random.txt sha256 " + sha, t);
        }

        ImageManifest manifest = new ImageManifest(kernelPackage, kernelVersion, debVersion(busyboxDeb), modules,
                randomMiB, sha, Instant.now().toString(), ImageManifest.FORMAT);
        Path tmp = tmpFor(layout.manifest());
        JSON.writeValue(tmp.toFile(), manifest);
        Files.move(tmp, layout.manifest(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private void step(int n, String what, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        progress.accept(String.format("[%d/5] %s  %.1fs", n, what, s));
    }

    private interface PackageName {
        String get() throws InterruptedException;
    }

    private Path download(String glob, PackageName name) throws IOException, InterruptedException {
        Optional<Path> have = findGlob(layout.downloads(), glob + ".deb");
        if (have.isPresent()) {
            return have.get();
        }
        String pkg = name.get();
        HostCommand.run(List.of("apt-get", "download", pkg), layout.downloads(), APT_TIMEOUT, APT_HINT);
        return findGlob(layout.downloads(), glob + ".deb").orElseThrow(() -> new VmbenchException(
                "apt-get download " + pkg + " left no .deb in " + layout.downloads() + "; " + APT_HINT));
    }

    /** The concrete kernel package a meta-package such as linux-image-cloud-amd64 depends on. */
    String resolveKernelPackage(String pkg) throws InterruptedException {
        String out = HostCommand.run(List.of("apt-cache", "depends", pkg), null, Duration.ofMinutes(1), APT_HINT);
        return parseKernelDependency(pkg, out);
    }

    static String parseKernelDependency(String pkg, String aptCacheDepends) {
        for (String line : aptCacheDepends.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("Depends: linux-image-")) {
                return l.substring("Depends: ".length()).strip();
            }
        }
        if (pkg.matches("linux-image-\\d.*")) {
            return pkg; // already a concrete kernel package
        }
        throw new VmbenchException("apt-cache knows no kernel that " + pkg + " depends on; " + APT_HINT);
    }

    private static void unpack(Path deb, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        HostCommand.run(List.of("dpkg-deb", "-x", deb.toString(), dir.toString()), null, Duration.ofMinutes(5),
                "is dpkg-deb installed? rebuild with --force if the download is damaged");
    }

    private static String debVersion(Path deb) throws InterruptedException {
        String name = deb.getFileName().toString();
        String out = HostCommand.run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version"), null,
                Duration.ofMinutes(1), "rebuild with --force");
        String pkg = name.substring(0, name.indexOf('_'));
        String version = out.lines().filter(l -> l.startsWith("Version:")).map(l -> l.substring(8).strip())
                .findFirst().orElse("?");
        return pkg + " " + version;
    }

    private static void collectModules(Path modulesRoot, Path target) throws IOException {
        Files.createDirectories(target);
        if (!Files.isDirectory(modulesRoot)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(modulesRoot)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String f = p.getFileName().toString();
                if (f.endsWith(".ko") && Initramfs.MODULES.contains(f.substring(0, f.length() - 3))) {
                    Files.copy(p, target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private String buildRootfs(Path busybox, int randomMiB) throws IOException, InterruptedException {
        Path root = layout.work().resolve("rootfs");
        deleteTree(root);
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "root", "etc")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(busybox, root.resolve("bin/busybox"));
        root.resolve("bin/busybox").toFile().setExecutable(true, false);
        String applets = HostCommand.run(List.of(busybox.toString(), "--list-full"), null, Duration.ofMinutes(1),
                "the busybox-static binary must run on this host");
        for (String applet : applets.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            if (applet.equals("sbin/init") || applet.equals("linuxrc") || applet.equals("bin/busybox")) {
                continue;
            }
            Path link = root.resolve(applet);
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(root.resolve("bin/busybox")));
        }
        Path init = root.resolve("sbin/init");
        Files.writeString(init, GuestInit.script(), StandardCharsets.UTF_8);
        init.toFile().setExecutable(true, false);
        Files.writeString(root.resolve("etc/profile"), "", StandardCharsets.UTF_8);
        // busybox ash abbreviates the home folder as ~ in the prompt only when passwd names it
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n", StandardCharsets.UTF_8);
        String sha = RandomFile.write(root.resolve("random.txt"), randomMiB);
        Files.writeString(root.resolve("random.txt.sha256"), sha + "  /random.txt\n", StandardCharsets.UTF_8);
        long sizeMiB = randomMiB + randomMiB / 16 + 48;
        Path tmp = tmpFor(layout.rootfs());
        HostCommand.run(List.of("mke2fs", "-q", "-F", "-t", "ext4", "-L", "vmbench-root", "-E", "root_owner=0:0",
                        "-d", root.toString(), tmp.toString(), sizeMiB + "M"), null, Duration.ofMinutes(20),
                "mke2fs comes with e2fsprogs: apt-get install e2fsprogs");
        Files.move(tmp, layout.rootfs(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(layout.randomSha256(), sha + "  /random.txt\n", StandardCharsets.UTF_8);
        return sha;
    }

    private static Path findOne(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
            if (found.size() != 1) {
                throw new VmbenchException("expected one " + prefix + "* in " + dir + ", found " + found.size()
                        + ": rebuild with --force");
            }
            return found.get(0);
        }
    }

    private static Optional<Path> findGlob(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        }
        found.sort(Comparator.naturalOrder());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = tmpFor(to);
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path tmpFor(Path p) {
        return p.resolveSibling(p.getFileName() + ".partial");
    }

    static String mib(Path p) throws IOException {
        return String.format("%.1f MiB", Files.size(p) / 1048576.0);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
