package dev.vmbench.image;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vmbench.UsageException;
import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.config.TextFiles;
import dev.vmbench.host.Host;

/**
 * Builds the default guest from Debian packages, without root, mounting or containers:
 * <ol>
 * <li>download the kernel package that {@code linux-image-cloud-amd64} depends on, and busybox-static
 * ({@code apt-get download}), each verified against the size and SHA256 apt expects ({@link DebCache});</li>
 * <li>unpack them ({@code dpkg-deb -x}); keep the bzImage and its config;</li>
 * <li>extract the uncompressed ELF vmlinux (for Firecracker);</li>
 * <li>write the initramfs (cpio newc) that loads the virtio modules and switches to the root disk;</li>
 * <li>build the ext4 root disk with {@code mke2fs -d}: busybox, an init that gives the seed's prompt,
 * and /random.txt; with {@code --with}, guest tools and the libraries their ELF files need ({@link GuestTools}).</li>
 * </ol>
 * Every new output is written into a staging folder inside {@code work/}; only when all of them and the
 * manifest are there do they replace the previous image's files. A failed or interrupted build (Ctrl-C
 * interrupts the thread; every step notices) removes {@code work/} and leaves the previous image as it was.
 * Without {@code --force}, outputs the new image would share with the previous one are kept, not remade.
 * Everything written under the image folder is private (folders 0700, files 0600).
 */
public class ImageBuilder {

    public static final String DEFAULT_KERNEL_PACKAGE = "linux-image-cloud-amd64";
    public static final int DEFAULT_RANDOM_MIB = 64;
    public static final String INTERRUPTED = "image build interrupted; the previous image is untouched";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String LOCK = ".build.lock";

    private final ImageLayout layout;
    private final Consumer<String> progress;
    private final DebCache.Apt apt;
    private final Host host;

    /** @param host where apt-get, dpkg-deb and mke2fs run */
    public ImageBuilder(ImageLayout layout, Consumer<String> progress, Host host) {
        this(layout, progress, DebCache.hostApt(host), host);
    }

    ImageBuilder(ImageLayout layout, Consumer<String> progress, DebCache.Apt apt, Host host) {
        this.layout = layout;
        this.progress = progress;
        this.apt = apt;
        this.host = host;
    }

    /** Reads the manifest of a built image, if there is one. */
    public static Optional<ImageManifest> readManifest(ImageLayout layout) {
        if (!Files.isRegularFile(layout.manifest())) {
            return Optional.empty();
        }
        String text = TextFiles.read(layout.manifest(), TextFiles.SMALL, "an image manifest (image.json)");
        try {
            return Optional.of(JSON.readValue(text, ImageManifest.class));
        } catch (JsonProcessingException e) {
            throw new VmbenchException("cannot read " + layout.manifest() + ": " + e.getOriginalMessage().lines()
                    .findFirst().orElse("not an image manifest") + "; rebuild with 'image build --force'", e);
        }
    }

    /** Whether every file a boot needs is there. */
    public static boolean isComplete(ImageLayout layout) {
        return Stream.of(layout.bzImage(), layout.vmlinux(), layout.initramfs(), layout.rootfs(), layout.manifest())
                .allMatch(Files::isRegularFile);
    }

    /**
     * @throws InterruptedException when the thread was interrupted (Ctrl-C): the build stopped, its scratch
     *                              files are gone and the previous image is as it was
     */
    public ImageManifest build(String kernelPackage, int randomMiB, boolean force) throws InterruptedException {
        return build(kernelPackage, randomMiB, force, List.of());
    }

    /**
     * @param tools Debian package names whose program of the same name goes on the root disk with the shared
     *              libraries it needs ({@code --with fio,stress-ng}); a build with another set remakes the root disk
     * @throws InterruptedException when the thread was interrupted (Ctrl-C): the build stopped, its scratch
     *                              files are gone and the previous image is as it was
     */
    public ImageManifest build(String kernelPackage, int randomMiB, boolean force, List<String> tools)
            throws InterruptedException {
        if (randomMiB < 0 || randomMiB > 64 * 1024) {
            throw new UsageException("bad --random-mib " + randomMiB + ": give 0 to 65536");
        }
        List<String> with = toolNames(tools);
        String pkg = kernelPackage == null ? DEFAULT_KERNEL_PACKAGE : kernelPackage;
        try {
            return locked(pkg, randomMiB, force, with);
        } catch (IOException e) {
            throw failure(e);
        } catch (UncheckedIOException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** The tool names, each once, checked as Debian package names. */
    static List<String> toolNames(List<String> tools) {
        List<String> names = tools == null ? List.of() : tools.stream().distinct().toList();
        for (String name : names) {
            if (!name.matches("[a-z0-9][a-z0-9+.-]+")) {
                throw new UsageException("bad --with " + name + ": give Debian package names whose program has the "
                        + "same name, e.g. --with fio,stress-ng");
            }
        }
        return names;
    }

    /** One line: the path the failure was about (else the image folder), the cause, what to do. */
    private VmbenchException failure(IOException e) throws InterruptedException {
        if (Interruptible.isInterrupt(e)) {
            throw interrupted(Interruptible.interrupt(e));
        }
        boolean named = e instanceof FileSystemException f && f.getFile() != null;
        return new VmbenchException(IoErrors.describe("image build failed in", named ? null : layout.dir(), e), e);
    }

    private static InterruptedException interrupted(InterruptedException cause) {
        InterruptedException e = new InterruptedException(INTERRUPTED);
        e.initCause(cause);
        return e;
    }

    /** Runs the build holding the image folder's lock, so two shells never build into one work/ folder. */
    private ImageManifest locked(String pkg, int randomMiB, boolean force, List<String> tools)
            throws IOException, InterruptedException {
        PrivateFiles.createDirectories(layout.dir());
        PrivateFiles.tighten(layout.dir());
        Path lockFile = layout.dir().resolve(LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE))) {
            PrivateFiles.tighten(lockFile);
            if (tryLock(channel) == null) {
                throw new VmbenchException("another 'image build' is running in " + layout.dir()
                        + ": wait for it to finish");
            }
            try {
                removeLeftovers();
                return new Run(pkg, randomMiB, force, tools).run();
            } finally {
                removeWork();
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    /** What a killed vmbench left: its work/ folder, and the .partial files older versions wrote. */
    private void removeLeftovers() throws IOException {
        PrivateFiles.deleteTree(layout.work());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.dir(), "*.partial")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void removeWork() {
        try {
            PrivateFiles.deleteTree(layout.work());
        } catch (IOException e) {
            progress.accept("      note: could not remove " + layout.work() + ": " + IoErrors.cause(e));
        }
    }

    /** Which of the previous image's outputs the new one keeps. */
    record Reuse(boolean kernel, boolean initramfs, boolean rootfs) {
        static Reuse of(Optional<ImageManifest> previous, int randomMiB, List<String> tools) {
            boolean kernel = previous.isPresent();
            boolean initramfs = kernel && previous.get().format() == ImageManifest.FORMAT;
            boolean rootfs = initramfs && previous.get().randomMiB() == randomMiB
                    && Set.copyOf(previous.get().toolNames()).equals(Set.copyOf(tools));
            return new Reuse(kernel, initramfs, rootfs);
        }
    }

    private interface PackageName {
        String get() throws InterruptedException;
    }

    interface Output<T> {
        T writeTo(OutputStream out) throws IOException, InterruptedException;
    }

    /** One build: what it reuses, what it has made so far, and the staging folder it makes it in. */
    private final class Run {
        private final String kernelPackage;
        private final int randomMiB;
        private final List<String> toolNames;
        private final Optional<ImageManifest> previous;
        private final Reuse reuse;
        private final ImageLayout next = new ImageLayout(layout.work().resolve("next"));
        private final DebCache cache = new DebCache(layout.downloads(), apt, progress);
        private Path kernelDeb;
        private Path busyboxDeb;
        private Path kernelTree;
        private Path busybox;
        private String kernelVersion;
        private List<String> modules;
        private String randomSha;
        private List<GuestTool> tools = List.of();
        private final Set<Path> toolDebs = new LinkedHashSet<>();
        private final Map<String, DebCache.Expected> expected = new HashMap<>();

        Run(String kernelPackage, int randomMiB, boolean force, List<String> toolNames) {
            this.kernelPackage = kernelPackage;
            this.randomMiB = randomMiB;
            this.toolNames = toolNames;
            this.previous = force ? Optional.empty() : reusable(kernelPackage);
            this.reuse = Reuse.of(previous, randomMiB, toolNames);
        }

        ImageManifest run() throws IOException, InterruptedException {
            PrivateFiles.createDirectories(next.dir());
            packages();
            kernel();
            vmlinux();
            initramfs();
            rootfs();
            ImageManifest manifest = new ImageManifest(kernelPackage, kernelVersion, busyboxPackage(), modules,
                    randomMiB, randomSha, Instant.now().toString(), ImageManifest.FORMAT, tools);
            write(next.manifest(), out -> {
                out.write(JSON.writeValueAsBytes(manifest));
                return null;
            });
            Interruptible.check(); // the last point to stop: from here on the new image replaces the old
            commit();
            pruneDownloads();
            return manifest;
        }

        private void packages() throws IOException, InterruptedException {
            long t = System.nanoTime();
            boolean needKernel = !reuse.kernel() || !reuse.initramfs();
            boolean needBusybox = !reuse.initramfs() || !reuse.rootfs();
            if (!needKernel && !needBusybox) {
                step(1, "packages (reused)", t);
                return;
            }
            cache.sweep();
            List<String> names = new ArrayList<>();
            if (needKernel) {
                kernelDeb = reuse.kernel()
                        ? fetch(() -> "linux-image-" + previous.get().kernelVersion(),
                        "linux-image-" + previous.get().kernelVersion() + "_*.deb")
                        : fetch(() -> resolveKernelPackage(kernelPackage), kernelGlob(kernelPackage));
                names.add(kernelDeb.getFileName().toString());
            }
            if (needBusybox) {
                busyboxDeb = fetch(() -> "busybox-static", "busybox-static_*.deb");
                names.add(busyboxDeb.getFileName().toString());
            }
            step(1, "packages: " + String.join(", ", names) + " (verified)", t);
        }

        /** apt's current version, verified; or, when apt cannot say (no package lists), the newest verified one. */
        private Path fetch(PackageName name, String cachedGlob) throws IOException, InterruptedException {
            String pkg;
            DebCache.Expected want;
            try {
                pkg = name.get();
                want = cache.expect(pkg);
            } catch (VmbenchException aptCannotSay) {
                Optional<Path> cached = cache.newestVerified(cachedGlob);
                if (cached.isEmpty()) {
                    throw aptCannotSay;
                }
                progress.accept("      note: " + aptCannotSay.getMessage() + "; using the verified "
                        + cached.get().getFileName());
                return cached.get();
            }
            return cache.fetch(pkg, want);
        }

        private void kernel() throws IOException, InterruptedException {
            long t = System.nanoTime();
            Interruptible.check();
            if (reuse.kernel()) {
                kernelVersion = previous.get().kernelVersion();
                step(2, "kernel " + kernelVersion + " (reused)", t);
                return;
            }
            Path boot = kernelTree().resolve("boot");
            Path vmlinuz = findOne(boot, "vmlinuz-");
            kernelVersion = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
            copy(vmlinuz, next.bzImage());
            copy(boot.resolve("config-" + kernelVersion), next.kernelConfig());
            step(2, "kernel " + kernelVersion + " (" + mib(next.bzImage()) + " bzImage)", t);
        }

        private void vmlinux() throws IOException, InterruptedException {
            long t = System.nanoTime();
            Interruptible.check();
            if (reuse.kernel()) {
                step(3, "vmlinux (reused)", t);
                return;
            }
            byte[] bz = Files.readAllBytes(next.bzImage());
            try {
                write(next.vmlinux(), out -> VmlinuxExtractor.extract(bz, out));
            } catch (IllegalArgumentException e) {
                throw new VmbenchException("cannot extract vmlinux from " + next.bzImage() + ": " + e.getMessage());
            }
            step(3, "vmlinux, uncompressed ELF (" + mib(next.vmlinux()) + ")", t);
        }

        private void initramfs() throws IOException, InterruptedException {
            long t = System.nanoTime();
            Interruptible.check();
            if (reuse.initramfs()) {
                modules = previous.get().modules();
                step(4, "initramfs (reused)", t);
                return;
            }
            Path moduleDir = PrivateFiles.createDirectories(layout.work().resolve("modules"));
            collectModules(kernelTree().resolve("lib/modules/" + kernelVersion), moduleDir);
            Path bb = busybox();
            modules = write(next.initramfs(), out -> Initramfs.write(bb, moduleDir, out));
            if (!modules.contains("virtio_blk") && !modules.contains("virtio_mmio")) {
                progress.accept("      note: the kernel package ships no virtio modules; the kernel must have them built in");
            }
            step(4, "initramfs with " + String.join(", ", modules) + " (" + mib(next.initramfs()) + ")", t);
        }

        private void rootfs() throws IOException, InterruptedException {
            long t = System.nanoTime();
            Interruptible.check();
            if (reuse.rootfs()) {
                randomSha = previous.get().randomSha256();
                tools = previous.get().tools();
                step(5, "root disk with " + randomMiB + " MiB /random.txt" + (tools.isEmpty() ? ""
                        : " and " + String.join(", ", previous.get().toolNames())) + " (reused)", t);
                return;
            }
            List<GuestTools.GuestFile> toolFiles = List.of();
            if (!toolNames.isEmpty()) {
                long tt = System.nanoTime();
                GuestTools.Packages packages = new GuestTools.Packages() {
                    @Override
                    public GuestTools.Unpacked get(String pkg) throws IOException, InterruptedException {
                        return toolPackage(pkg);
                    }

                    @Override
                    public void prefetch(List<String> pkgs) throws IOException, InterruptedException {
                        Map<String, DebCache.Expected> wants = new LinkedHashMap<>();
                        pkgs.stream().filter(expected::containsKey).forEach(p -> wants.put(p, expected.get(p)));
                        cache.fetchAll(wants);
                    }
                };
                GuestTools.Result r = new GuestTools(packages, progress).resolve(toolNames);
                tools = r.tools();
                toolFiles = r.files();
                toolDebs.addAll(r.debs());
                step(5, "guest tools: " + String.join(", ", tools.stream().map(GuestTool::summary).toList()), tt);
            }
            t = System.nanoTime();
            progress.accept("[5/5] root disk: writing " + randomMiB + " MiB /random.txt and running mke2fs ...");
            randomSha = new RootTree(layout.work().resolve("rootfs"), busybox(), randomMiB, host, toolFiles)
                    .build(next);
            step(5, "root disk " + mib(next.rootfs()) + ", /random.txt sha256 " + randomSha, t);
        }

        /** A guest tool's or library's package: verified, unpacked, with its version and Depends. */
        private GuestTools.Unpacked toolPackage(String pkg) throws IOException, InterruptedException {
            DebCache.Expected known = expected.get(pkg);
            Path deb = known != null ? cache.fetch(pkg, known) : fetch(() -> pkg, pkg + "_*.deb");
            String out = host.run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Pre-Depends",
                    "Depends"), null, null, Duration.ofMinutes(1), "rebuild with --force");
            Map<String, String> control = DebDepends.control(out);
            List<List<String>> depends = new ArrayList<>(DebDepends.groups(control.get("Pre-Depends")));
            depends.addAll(DebDepends.groups(control.get("Depends")));
            Path tree = unpack(deb, "deb-" + pkg);
            // what apt would fetch for the packages this one depends on, asked at once: the libraries its ELF
            // files need are among them (fetched only when needed)
            List<String> ask = DebDepends.firstChoices(depends).stream().filter(p -> !expected.containsKey(p)).toList();
            expected.putAll(cache.expectAll(ask));
            return new GuestTools.Unpacked(pkg, control.getOrDefault("Version", "?"), deb, tree, depends);
        }

        private String busyboxPackage() throws InterruptedException {
            return busyboxDeb != null ? debVersion(busyboxDeb) : previous.get().busyboxPackage();
        }

        private Path kernelTree() throws IOException, InterruptedException {
            if (kernelTree == null) {
                kernelTree = unpack(kernelDeb, "kernel");
            }
            return kernelTree;
        }

        private Path busybox() throws IOException, InterruptedException {
            if (busybox == null) {
                Path bb = unpack(busyboxDeb, "busybox").resolve("bin/busybox");
                if (!Files.isRegularFile(bb)) {
                    throw new VmbenchException(busyboxDeb.getFileName() + " holds no bin/busybox");
                }
                busybox = bb;
            }
            return busybox;
        }

        /**
         * Puts the staged files in place of the previous image's. The old manifest goes first, so that if the
         * machine stops half way the folder holds no image rather than a mixed one; the new manifest goes last.
         */
        private void commit() throws IOException {
            List<Path> staged;
            try (Stream<Path> s = Files.list(next.dir())) {
                staged = s.filter(p -> !p.equals(next.manifest())).toList();
            }
            Files.deleteIfExists(layout.manifest());
            for (Path p : staged) {
                Files.move(p, layout.dir().resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(next.manifest(), layout.manifest(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            for (Path p : List.of(layout.bzImage(), layout.kernelConfig(), layout.vmlinux(), layout.initramfs(),
                    layout.rootfs(), layout.randomSha256(), layout.manifest())) {
                if (Files.exists(p)) {
                    PrivateFiles.tighten(p); // an older vmbench wrote them with the umask's modes
                }
            }
        }

        /** The cache keeps the packages this image was built from, not every version ever fetched. */
        private void pruneDownloads() {
            if (kernelDeb == null || busyboxDeb == null) {
                return;
            }
            try {
                Set<Path> keep = new LinkedHashSet<>(toolDebs);
                keep.add(kernelDeb);
                keep.add(busyboxDeb);
                cache.keepOnly(keep);
            } catch (IOException e) {
                progress.accept("      note: could not tidy " + layout.downloads() + ": " + IoErrors.cause(e));
            }
        }
    }

    /** The previous image, when the new one may keep parts of it. */
    private Optional<ImageManifest> reusable(String kernelPackage) {
        Optional<ImageManifest> previous = readManifest(layout);
        if (previous.isPresent() && !previous.get().kernelPackage().equals(kernelPackage)) {
            throw new VmbenchException("the image in " + layout.dir() + " was built from "
                    + previous.get().kernelPackage() + ": add --force to rebuild it from " + kernelPackage);
        }
        return previous.filter(m -> isComplete(layout) && Files.isRegularFile(layout.kernelConfig()));
    }

    private void step(int n, String what, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        progress.accept(String.format("[%d/5] %s  %.1fs", n, what, s));
    }

    /** The concrete kernel package a meta-package such as linux-image-cloud-amd64 depends on. */
    String resolveKernelPackage(String pkg) throws InterruptedException {
        String out = host.run(List.of("apt-cache", "depends", pkg), null, null, Duration.ofMinutes(1),
                DebCache.APT_HINT);
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
        throw new VmbenchException("apt-cache knows no kernel that " + pkg + " depends on; " + DebCache.APT_HINT);
    }

    /** The cached .deb files that can stand for a kernel package: linux-image-cloud-amd64 → linux-image-*-cloud-amd64. */
    static String kernelGlob(String pkg) {
        if (pkg.matches("linux-image-\\d.*")) {
            return pkg + "_*.deb";
        }
        return "linux-image-[0-9]*-" + pkg.substring(pkg.startsWith("linux-image-") ? "linux-image-".length() : 0)
                + "_*.deb";
    }

    /** Unpacks a .deb into work/NAME, tightened to 0700/0600 (the package's own modes do not matter here). */
    private Path unpack(Path deb, String name) throws IOException, InterruptedException {
        Path dir = PrivateFiles.createDirectories(layout.work().resolve(name));
        host.run(List.of("dpkg-deb", "-x", deb.toString(), dir.toString()), null, dir, Duration.ofMinutes(5),
                "is dpkg-deb installed? rebuild with --force if the download is damaged");
        tightenTree(dir);
        return dir;
    }

    private static void tightenTree(Path dir) throws IOException, InterruptedException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Interruptible.check();
                PrivateFiles.tighten(p);
            }
        }
    }

    private String debVersion(Path deb) throws InterruptedException {
        String name = deb.getFileName().toString();
        String out = host.run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version"), null, null,
                Duration.ofMinutes(1), "rebuild with --force");
        String pkg = name.substring(0, name.indexOf('_'));
        String version = out.lines().filter(l -> l.startsWith("Version:")).map(l -> l.substring(8).strip())
                .findFirst().orElse("?");
        return pkg + " " + version;
    }

    private static void collectModules(Path modulesRoot, Path target) throws IOException, InterruptedException {
        if (!Files.isDirectory(modulesRoot)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(modulesRoot)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String f = p.getFileName().toString();
                if (f.endsWith(".ko") && Initramfs.MODULES.contains(f.substring(0, f.length() - 3))) {
                    copy(p, target.resolve(f));
                }
            }
        }
    }

    /** Writes a private file; a failure is one line naming it, an interrupt stays an interrupt. */
    static <T> T write(Path file, Output<T> output) throws InterruptedException {
        try (OutputStream out = PrivateFiles.newOutputStream(file)) {
            return output.writeTo(out);
        } catch (IOException e) {
            throw Interruptible.cannotWrite(file, e);
        }
    }

    static void copy(Path from, Path to) throws InterruptedException {
        try {
            Interruptible.copy(from, to);
        } catch (IOException e) {
            throw Interruptible.cannotWrite(to, e);
        }
    }

    private static Path findOne(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
            if (found.size() != 1) {
                throw new VmbenchException("expected one " + prefix + "* in " + dir + ", found " + found.size());
            }
            return found.get(0);
        }
    }

    static String mib(Path p) throws IOException {
        return String.format("%.1f MiB", Files.size(p) / 1048576.0);
    }

}
