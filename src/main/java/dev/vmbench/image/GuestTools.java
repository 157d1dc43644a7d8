package dev.vmbench.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.elf.ElfDynamic;

/**
 * The files {@code image build --with NAME} adds to the root disk, found the way initramfs-tools'
 * {@code copy_exec} finds them: the program, the shared libraries its ELF names as {@code DT_NEEDED}, theirs in
 * turn, and the loader its {@code PT_INTERP} names, each with the symlinks on the way to it. Nothing is
 * installed: a soname still unresolved is looked for in the packages already unpacked, then in the packages
 * the needing ELF's own package depends on (Debian's shlibs convention puts the provider there), downloaded
 * one at a time, those whose names look like the soname first. The package's own Depends closure is not
 * followed (fio's names python3 and librados2's whole tree); only what the ELF files need.
 */
final class GuestTools {

    /** Where the loader looks without an ld.so.cache (Debian's glibc: the multiarch folders, then lib and usr/lib). */
    static final List<String> LOADER_PATH = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib",
            "/usr/lib");
    private static final List<String> PROGRAM_DIRS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin");
    private static final int MAX_LINKS = 40;

    /** A package as the tools use it: its .deb, unpacked, and its Depends and Pre-Depends. */
    record Unpacked(String name, String version, Path deb, Path tree, List<List<String>> depends) {
    }

    /** Fetches (verified) and unpacks a package; throws a VmbenchException when apt cannot give it. */
    interface Packages {
        Unpacked get(String pkg) throws IOException, InterruptedException;

        /** A hint: these will likely be asked for next (the build downloads them in one go). */
        default void prefetch(List<String> pkgs) throws IOException, InterruptedException {
        }
    }

    /**
     * A file for the root disk: its guest path, and the file to copy there or (for a symlink) the link's target.
     *
     * @param tool the tool it is for, for messages
     */
    record GuestFile(String path, Path source, String linkTarget, boolean program, String tool) {
    }

    /** What the tools add: each tool, every file (each once), and the .deb files they came from. */
    record Result(List<GuestTool> tools, List<GuestFile> files, Set<Path> debs) {
    }

    /** Where a soname or a path was found: the package, and the guest path of the real file. */
    private record Found(Unpacked pkg, String file) {
    }

    private final Packages packages;
    private final Consumer<String> progress;
    private final Map<String, Unpacked> unpacked = new LinkedHashMap<>();
    private final Map<String, GuestFile> files = new LinkedHashMap<>();
    private final Set<String> unavailable = new LinkedHashSet<>();

    GuestTools(Packages packages, Consumer<String> progress) {
        this.packages = packages;
        this.progress = progress;
    }

    Result resolve(List<String> names) throws IOException, InterruptedException {
        List<GuestTool> tools = new ArrayList<>();
        for (String name : names) {
            tools.add(tool(name));
        }
        Set<Path> debs = new LinkedHashSet<>();
        unpacked.values().forEach(u -> debs.add(u.deb()));
        return new Result(tools, List.copyOf(files.values()), debs);
    }

    private GuestTool tool(String name) throws IOException, InterruptedException {
        Unpacked pkg;
        try {
            pkg = unpack(name);
        } catch (VmbenchException e) {
            throw new VmbenchException("guest tool " + name + ": " + e.getMessage(), e);
        }
        String program = PROGRAM_DIRS.stream().map(d -> d + "/" + name)
                .filter(p -> Files.exists(inTree(pkg, p), LinkOption.NOFOLLOW_LINKS)).findFirst()
                .orElseThrow(() -> new VmbenchException("guest tool " + name + ": the package " + name + " "
                        + pkg.version() + " has no program " + name + " in " + String.join(", ", PROGRAM_DIRS)
                        + "; give a package whose program has its name"));
        Found real = copy(pkg, program, name, true);
        byte[] head = head(inTree(real.pkg(), real.file()));
        if (!ElfDynamic.isElf(head)) {
            throw new VmbenchException("guest tool " + name + ": " + program + " is not an ELF program (a script?); "
                    + "give a package whose program is compiled");
        }
        Map<String, String> libraries = new LinkedHashMap<>(); // real file -> the path the loader opens
        Set<Unpacked> from = new LinkedHashSet<>();
        List<Found> queue = new ArrayList<>(List.of(real));
        Set<String> seen = new LinkedHashSet<>(List.of(real.file()));
        while (!queue.isEmpty()) {
            Interruptible.check();
            Found elf = queue.remove(0);
            for (Map.Entry<String, Found> need : needs(elf, name, program).entrySet()) {
                Found lib = need.getValue();
                libraries.putIfAbsent(lib.file(), need.getKey());
                from.add(lib.pkg());
                if (seen.add(lib.file())) {
                    queue.add(lib);
                }
            }
        }
        List<String> libraryPackages = from.stream().filter(u -> u != pkg).map(u -> u.name() + " " + u.version())
                .toList();
        return new GuestTool(name, pkg.name(), pkg.version(), program, List.copyOf(libraries.values()),
                libraryPackages);
    }

    /**
     * What one ELF file needs, each found and copied: its loader and its DT_NEEDED sonames, by the guest path
     * the loader will open (the soname's link, or the loader's path).
     */
    private Map<String, Found> needs(Found elf, String tool, String program) throws IOException,
            InterruptedException {
        ElfDynamic dyn;
        Path file = inTree(elf.pkg(), elf.file());
        try {
            dyn = ElfDynamic.read(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new VmbenchException("guest tool " + tool + ": cannot read " + elf.file() + " of "
                    + elf.pkg().name() + ": " + e.getMessage());
        }
        Map<String, Found> found = new LinkedHashMap<>();
        List<String> dirs = searchPath(dyn, parent(elf.file()));
        // what the unpacked packages hold, then what packages named like the soname hold, then the rest
        Map<String, String> unresolved = new LinkedHashMap<>(); // soname or path -> where the loader opens it
        if (dyn.interpreter() != null) {
            unresolved.put(dyn.interpreter(), null);
        }
        for (String soname : dyn.needed()) {
            unresolved.put(soname, null);
        }
        for (int pass = 0; pass < 3 && unresolved.values().stream().anyMatch(v -> v == null); pass++) {
            if (pass == 1) {
                prefetch(unresolved, dirs, elf.pkg());
            }
            for (Map.Entry<String, String> need : unresolved.entrySet()) {
                if (need.getValue() != null) {
                    continue;
                }
                Optional<Found> f = lookUnpacked(need.getKey(), dirs, elf.pkg());
                if (f.isEmpty() && pass > 0) {
                    f = lookDepends(need.getKey(), dirs, elf.pkg(), pass == 1);
                }
                if (f.isPresent()) {
                    need.setValue(f.get().file());
                    found.put(f.get().file(), copy(f.get().pkg(), f.get().file(), tool, false));
                }
            }
        }
        for (Map.Entry<String, String> need : unresolved.entrySet()) {
            if (need.getValue() == null) {
                throw new VmbenchException("guest tool " + tool + ": " + (need.getKey().startsWith("/")
                        ? "the loader " : "the library ") + need.getKey() + " that " + elf.file()
                        + (elf.file().equals(program) ? "" : " (needed by " + program + ")") + " needs is in none of "
                        + (elf.pkg().depends().isEmpty() ? elf.pkg().name() + " and the packages unpacked"
                        : "the packages " + elf.pkg().name() + " depends on (" + String.join(", ",
                        DebDepends.firstChoices(elf.pkg().depends())) + ")"));
            }
        }
        return found;
    }

    /** The folders the loader searches for this ELF's needs: its RUNPATH (else RPATH), then the default path. */
    static List<String> searchPath(ElfDynamic dyn, String origin) {
        List<String> dirs = new ArrayList<>();
        for (String d : dyn.runpath().isEmpty() ? dyn.rpath() : dyn.runpath()) {
            String dir = d.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
            if (dir.startsWith("/")) {
                dirs.add(normalize(dir));
            }
        }
        dirs.addAll(LOADER_PATH);
        return dirs.stream().distinct().toList();
    }

    /** The guest paths where the loader would open a need: a path as it is, a soname in each search folder. */
    private static List<String> places(String need, List<String> dirs) {
        if (need.contains("/")) {
            return List.of(normalize(need));
        }
        return dirs.stream().map(d -> d + "/" + need).toList();
    }

    private Optional<Found> lookUnpacked(String need, List<String> dirs, Unpacked owner) {
        List<Unpacked> order = new ArrayList<>();
        order.add(owner);
        unpacked.values().stream().filter(u -> u != owner).forEach(order::add);
        for (String place : places(need, dirs)) {
            for (Unpacked u : order) {
                if (Files.exists(inTree(u, place), LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(new Found(u, place));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Before the packages named like the needs are fetched one at a time: the most like one of each need not
     * in the unpacked packages, asked for at once.
     */
    private void prefetch(Map<String, String> unresolved, List<String> dirs, Unpacked owner) throws IOException,
            InterruptedException {
        Set<String> likely = new LinkedHashSet<>();
        for (Map.Entry<String, String> need : unresolved.entrySet()) {
            if (need.getValue() != null || lookUnpacked(need.getKey(), dirs, owner).isPresent()) {
                continue;
            }
            String soname = need.getKey().substring(need.getKey().lastIndexOf('/') + 1);
            DebDepends.candidates(soname, owner.depends()).stream()
                    .filter(c -> !unpacked.containsKey(c) && !unavailable.contains(c))
                    .findFirst().filter(c -> DebDepends.likeness(soname, c) > 0).ifPresent(likely::add);
        }
        if (likely.size() > 1) {
            packages.prefetch(List.copyOf(likely));
        }
    }

    /** Downloads the owner's Depends one at a time (those named like the need only, or all) until one holds it. */
    private Optional<Found> lookDepends(String need, List<String> dirs, Unpacked owner, boolean likeOnly)
            throws IOException, InterruptedException {
        String soname = need.substring(need.lastIndexOf('/') + 1);
        for (String candidate : DebDepends.candidates(soname, owner.depends())) {
            if (unpacked.containsKey(candidate) || unavailable.contains(candidate)
                    || (likeOnly && DebDepends.likeness(soname, candidate) == 0)) {
                continue;
            }
            Unpacked u;
            try {
                u = unpack(candidate);
            } catch (VmbenchException aptCannot) {
                unavailable.add(candidate);
                progress.accept("      note: " + aptCannot.getMessage());
                continue;
            }
            for (String place : places(need, dirs)) {
                if (Files.exists(inTree(u, place), LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(new Found(u, place));
                }
            }
        }
        return Optional.empty();
    }

    private Unpacked unpack(String pkg) throws IOException, InterruptedException {
        Unpacked u = unpacked.get(pkg);
        if (u == null) {
            u = packages.get(pkg);
            unpacked.put(pkg, u);
        }
        return u;
    }

    /**
     * Adds a guest path to the files, following symlinks (each link kept as a link) to the regular file at the
     * end, inside the package's tree (an absolute link means the guest's root), else in another unpacked one.
     */
    private Found copy(Unpacked pkg, String guestPath, String tool, boolean program) throws IOException {
        String path = guestPath;
        Unpacked in = pkg;
        for (int i = 0; i < MAX_LINKS; i++) {
            Path p = inTree(in, path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                String at = path;
                Unpacked other = unpacked.values().stream()
                        .filter(u -> Files.exists(inTree(u, at), LinkOption.NOFOLLOW_LINKS))
                        .findFirst().orElseThrow(() -> new VmbenchException("guest tool " + tool + ": " + guestPath
                                + " in " + pkg.name() + " leads to " + at + ", which no unpacked package holds"));
                in = other;
                p = inTree(in, path);
            }
            if (Files.isSymbolicLink(p)) {
                String target = Files.readSymbolicLink(p).toString();
                add(new GuestFile(path, null, target, program, tool));
                path = target.startsWith("/") ? normalize(target) : normalize(parent(path) + "/" + target);
                continue;
            }
            if (!Files.isRegularFile(p)) {
                throw new VmbenchException("guest tool " + tool + ": " + path + " in " + in.name()
                        + " is not a file");
            }
            add(new GuestFile(path, p, null, program, tool));
            return new Found(in, path);
        }
        throw new VmbenchException("guest tool " + tool + ": " + guestPath + " in " + pkg.name()
                + " is a loop of symlinks");
    }

    private void add(GuestFile f) {
        files.putIfAbsent(f.path(), f);
    }

    private static Path inTree(Unpacked u, String guestPath) {
        return u.tree().resolve(guestPath.substring(1));
    }

    private static byte[] head(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        }
    }

    static String parent(String guestPath) {
        int slash = guestPath.lastIndexOf('/');
        return slash <= 0 ? "/" : guestPath.substring(0, slash);
    }

    /** {@code /usr/lib/x86_64-linux-gnu/../../lib/./x} → {@code /lib/x}; never above the root. */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
