package dev.vmbench.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.host.Host;

/**
 * The root disk: a folder tree in work/ (busybox, its applet links, an init that gives the seed's prompt,
 * /random.txt) that {@code mke2fs -d} copies into an ext4 image. The tree's modes are the guest's (0755
 * folders and programs, 0644 files), not vmbench's private ones; it lives inside the private work/ folder
 * and is removed with it.
 */
final class RootTree {

    private static final Set<PosixFilePermission> GUEST_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> GUEST_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final List<String> DIRS = List.of("bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev",
            "tmp", "root", "etc");

    private final Path root;
    private final Path busybox;
    private final int randomMiB;
    private final Host host;
    private final List<GuestTools.GuestFile> tools;
    /** Busybox's own files, which no guest tool replaces. */
    private static final Set<String> BUSYBOX_OWN = Set.of("/bin/busybox", "/bin/sh", "/sbin/init");

    RootTree(Path root, Path busybox, int randomMiB, Host host) {
        this(root, busybox, randomMiB, host, List.of());
    }

    /** @param tools the guest tools' programs, libraries and links, laid out after busybox's */
    RootTree(Path root, Path busybox, int randomMiB, Host host, List<GuestTools.GuestFile> tools) {
        this.root = root;
        this.busybox = busybox;
        this.randomMiB = randomMiB;
        this.host = host;
        this.tools = tools;
    }

    /**
     * Lays out the tree and makes {@code next}'s rootfs.ext4 and random.txt.sha256 from it.
     *
     * @return the sha256 of /random.txt
     */
    String build(ImageLayout next) throws IOException, InterruptedException {
        PrivateFiles.deleteTree(root);
        directory(root);
        for (String d : DIRS) {
            directory(root.resolve(d));
        }
        Path bb = root.resolve("bin/busybox");
        ImageBuilder.copy(busybox, bb);
        Files.setPosixFilePermissions(bb, GUEST_DIR);
        links(bb);
        for (GuestTools.GuestFile f : tools) {
            tool(f);
        }
        file("sbin/init", GuestInit.script(), GUEST_DIR);
        file("etc/profile", "", GUEST_FILE);
        // busybox ash abbreviates the home folder as ~ in the prompt only when passwd names it
        file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", GUEST_FILE);
        file("etc/group", "root:x:0:\n", GUEST_FILE);
        String sha = random();
        file("random.txt.sha256", sha + "  /random.txt\n", GUEST_FILE);
        mke2fs(next.rootfs());
        ImageBuilder.write(next.randomSha256(), out -> {
            out.write((sha + "  /random.txt\n").getBytes(StandardCharsets.UTF_8));
            return null;
        });
        return sha;
    }

    /** A link to busybox for every applet it has, as {@code busybox --install -s} would make. */
    private void links(Path bb) throws IOException, InterruptedException {
        String applets = host.run(List.of(bb.toString(), "--list-full"), null, null, Duration.ofMinutes(1),
                "the busybox-static binary must run on this host");
        for (String applet : applets.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            Interruptible.check();
            if (applet.equals("sbin/init") || applet.equals("linuxrc") || applet.equals("bin/busybox")) {
                continue;
            }
            Path link = root.resolve(applet);
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            directory(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(bb));
        }
    }

    /**
     * A guest tool's file, at its package's path. It may take the place of a busybox applet's link of the same
     * name (the tool asked for is the real program), never busybox itself, /bin/sh or /sbin/init; any other
     * clash is an error.
     */
    private void tool(GuestTools.GuestFile f) throws IOException, InterruptedException {
        Interruptible.check();
        Path p = root.resolve(f.path().substring(1));
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            boolean applet = Files.isSymbolicLink(p) && Files.readSymbolicLink(p).getFileName().toString()
                    .equals("busybox");
            if (!applet || !f.program() || BUSYBOX_OWN.contains(f.path())) {
                throw new VmbenchException("guest tool " + f.tool() + ": its " + f.path() + " would replace "
                        + (applet ? "busybox's applet" : "a file of the root disk") + "; leave " + f.tool()
                        + " out of --with");
            }
            Files.delete(p);
        }
        Path d = root;
        for (Path name : root.relativize(p.getParent())) {
            d = d.resolve(name.toString());
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                directory(d);
            } else if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new VmbenchException("guest tool " + f.tool() + ": /" + root.relativize(d)
                        + " is not a folder on the root disk, so " + f.path() + " cannot go there");
            }
        }
        if (f.linkTarget() != null) {
            Files.createSymbolicLink(p, Path.of(f.linkTarget()));
        } else {
            ImageBuilder.copy(f.source(), p);
            Files.setPosixFilePermissions(p, GUEST_DIR); // programs, libraries and the loader alike: 0755
        }
    }

    private String random() throws IOException, InterruptedException {
        Path random = root.resolve("random.txt");
        String sha;
        try {
            sha = RandomFile.write(random, randomMiB);
        } catch (IOException e) {
            throw Interruptible.cannotWrite(random, e);
        }
        Files.setPosixFilePermissions(random, GUEST_FILE);
        return sha;
    }

    private void mke2fs(Path image) throws IOException, InterruptedException {
        long toolBytes = 0;
        for (GuestTools.GuestFile f : tools) {
            toolBytes += f.source() == null ? 0 : Files.size(f.source());
        }
        long toolMiB = toolBytes == 0 ? 0 : toolBytes / 1048576 + toolBytes / 1048576 / 8 + 4;
        long sizeMiB = randomMiB + randomMiB / 16 + 48 + toolMiB;
        PrivateFiles.createNew(image);
        host.run(List.of("mke2fs", "-q", "-F", "-t", "ext4", "-L", "vmbench-root", "-E", "root_owner=0:0",
                        "-d", root.toString(), image.toString(), sizeMiB + "M"), null, image.getParent(),
                Duration.ofMinutes(20), "mke2fs comes with e2fsprogs: apt-get install e2fsprogs");
        PrivateFiles.tighten(image);
    }

    private void directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, GUEST_DIR);
    }

    private void file(String name, String content, Set<PosixFilePermission> mode) throws IOException,
            InterruptedException {
        Path p = root.resolve(name);
        ImageBuilder.write(p, out -> {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Files.setPosixFilePermissions(p, mode);
    }
}
