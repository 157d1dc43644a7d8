package dev.vmbench.config;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Files vmbench writes are private to the user, whatever the umask, as ssh keeps {@code ~/.ssh}: folders
 * 0700, files 0600 (0700 for the few that must run). Every file and folder vmbench creates under
 * VMBENCH_HOME and its config folder goes through here.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> EXECUTABLE = DIR;

    private PrivateFiles() {
    }

    /** Creates the folder and any missing parents, each new one 0700; existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(p, DIR); // the umask may have taken bits away; none were added
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
        if (!Files.isDirectory(abs)) {
            throw new java.nio.file.NotDirectoryException(abs.toString());
        }
        return dir;
    }

    /** Creates the parent folders (0700) of a file. */
    public static void createParents(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
    }

    /** Makes an existing file 0600 or folder 0700 (files already there from an older vmbench, or a library). */
    public static void tighten(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return;
        }
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIR : FILE);
    }

    /** Opens a file for writing, created 0600 when new (an existing file is made 0600 too). */
    public static OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        createParents(file);
        Set<OpenOption> opts = new java.util.HashSet<>(Arrays.asList(options));
        if (opts.isEmpty()) {
            opts.addAll(List.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE));
        }
        opts.add(StandardOpenOption.WRITE);
        boolean existed = Files.exists(file);
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(FILE);
        OutputStream out = java.nio.channels.Channels.newOutputStream(
                java.nio.channels.FileChannel.open(file, opts, attr));
        if (existed) {
            tighten(file);
        }
        return out;
    }

    public static BufferedWriter newBufferedWriter(Path file, OpenOption... options) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(newOutputStream(file, options), StandardCharsets.UTF_8));
    }

    /** Writes a whole file (created 0600, parents 0700). */
    public static Path writeString(Path file, String content) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /**
     * Writes a whole file so that a reader never sees it half written: into {@code FILE.partial} first, then
     * renamed over it. A failure (a full disk) leaves the old file as it was.
     */
    public static Path writeAtomically(Path file, String content) throws IOException {
        requireReplaceable(file);
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return file;
    }

    /**
     * Refuses to replace anything but a regular file: a rename over {@code /dev/null}, a FIFO or a folder would
     * destroy it (and as root, for the whole machine).
     */
    public static void requireReplaceable(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && !(Files.isSymbolicLink(file) && Files.isRegularFile(file))) {
            throw new java.nio.file.FileSystemException(file.toString(), null, Files.isDirectory(file)
                    ? "it is a folder, not a file" : "it is not a regular file (a device, FIFO or socket)");
        }
    }

    /** Creates a new, empty file (0600) that must not exist yet. */
    public static Path createNew(Path file) throws IOException {
        createParents(file);
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }

    /**
     * A new file named after {@code base} that does not exist yet: {@code base} itself, else
     * {@code NAME-2.EXT}, {@code NAME-3.EXT} ... Created (empty, 0600) atomically, so two shells can never pick
     * the same name.
     */
    public static Path createUnique(Path base) throws IOException {
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; i < 10_000; i++) {
            Path candidate = i == 1 ? base : base.resolveSibling(stem + "-" + i + ext);
            try {
                return createNew(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken (by this shell or another): try the next name
            }
        }
        throw new FileAlreadyExistsException(base + " and 9,999 numbered variants all exist");
    }

    /** Removes a folder and everything in it (symbolic links themselves, never what they point to); nothing if absent. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
