package dev.vmbench.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.config.TextFiles;
import dev.vmbench.host.Host;

/**
 * The image's {@code downloads/} folder: .deb files each checked against the exact size and SHA256 apt
 * expects, with the verified hash recorded beside it ({@code FILE.deb.sha256}, as sha256sum writes it).
 * A download goes into a private temporary folder and is moved in only once verified, so nothing partial is
 * ever taken as complete; a .deb whose record is missing or does not match is checked again against apt, or
 * deleted.
 */
final class DebCache {

    static final String APT_HINT = "run 'apt-get update' as root, then try again";
    static final String RECORD = ".sha256";
    private static final String TEMP_PREFIX = ".partial-";
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern PRINT_URI = Pattern.compile(
            "^'([^']+)' (\\S+\\.deb) (\\d+) SHA256:([0-9a-fA-F]{64})$");

    /** What apt-get does for the cache; tests replace it. */
    interface Apt {
        /**
         * {@code apt-get download --print-uris PKG} run in {@code in}, an empty folder: what apt would fetch,
         * without fetching (apt prints nothing for a file already in the folder it runs in).
         */
        String printUris(String pkg, Path in) throws InterruptedException;

        /** The same for several packages in one call (apt reads its lists once); fails if any is unknown. */
        default String printUris(List<String> pkgs, Path in) throws InterruptedException {
            StringBuilder out = new StringBuilder();
            for (String pkg : pkgs) {
                out.append(printUris(pkg, in)).append('\n');
            }
            return out.toString();
        }

        /** {@code apt-get download PKG} into {@code into}, a new private folder inside the cache. */
        void download(String pkg, Path into) throws InterruptedException;

        /** The same for several packages in one call. */
        default void download(List<String> pkgs, Path into) throws InterruptedException {
            for (String pkg : pkgs) {
                download(pkg, into);
            }
        }
    }

    /** The file apt would download for a package: name, exact size, SHA256. */
    record Expected(String fileName, long size, String sha256) {
    }

    /** The host's real apt-get. */
    static Apt hostApt(Host host) {
        return new Apt() {
            @Override
            public String printUris(String pkg, Path in) throws InterruptedException {
                return host.run(List.of("apt-get", "download", "--print-uris", pkg), in, null,
                        Duration.ofMinutes(1), APT_HINT);
            }

            @Override
            public String printUris(List<String> pkgs, Path in) throws InterruptedException {
                List<String> argv = new ArrayList<>(List.of("apt-get", "download", "--print-uris"));
                argv.addAll(pkgs);
                return host.run(argv, in, null, Duration.ofMinutes(1), APT_HINT);
            }

            @Override
            public void download(List<String> pkgs, Path into) throws InterruptedException {
                List<String> argv = new ArrayList<>(List.of("apt-get", "download"));
                argv.addAll(pkgs);
                host.run(argv, into, into.getParent(), APT_TIMEOUT, APT_HINT);
            }

            @Override
            public void download(String pkg, Path into) throws InterruptedException {
                // a full disk is reported for downloads/, not for the temporary folder removed right after
                host.run(List.of("apt-get", "download", pkg), into, into.getParent(), APT_TIMEOUT, APT_HINT);
            }
        };
    }

    private final Path dir;
    private final Apt apt;
    private final Consumer<String> progress;

    DebCache(Path dir, Apt apt, Consumer<String> progress) {
        this.dir = dir;
        this.apt = apt;
        this.progress = progress;
    }

    /** Reads apt's {@code 'URL' FILE SIZE SHA256:HEX} line for the package. */
    static Expected parse(String pkg, String printUris) {
        List<Expected> found = new ArrayList<>();
        for (String line : printUris.lines().map(String::strip).toList()) {
            Matcher m = PRINT_URI.matcher(line);
            if (m.matches()) {
                found.add(new Expected(m.group(2), Long.parseLong(m.group(3)), m.group(4).toLowerCase(Locale.ROOT)));
            }
        }
        String name = pkg.contains("=") ? pkg.substring(0, pkg.indexOf('=')) : pkg;
        return found.stream().filter(e -> e.fileName().startsWith(name + "_")).findFirst()
                .orElseThrow(() -> new VmbenchException("apt gives no download with a size and SHA256 for " + pkg
                        + ", so it cannot be verified; " + APT_HINT));
    }

    /** Why the file is not the one apt expects ("is 10 bytes, apt expects 20"), or null when it is. */
    static String problem(Path file, Expected want) throws IOException, InterruptedException {
        long size = Files.size(file);
        if (size != want.size()) {
            return "is " + size + " bytes, apt expects " + want.size() + " (a cut-off download)";
        }
        String sha = Interruptible.sha256(file);
        return sha.equals(want.sha256()) ? null
                : "has sha256 " + sha + ", apt expects " + want.sha256() + " (a damaged download)";
    }

    Expected expect(String pkg) throws IOException, InterruptedException {
        Path empty = tempDir();
        try {
            return parse(pkg, apt.printUris(pkg, empty));
        } finally {
            PrivateFiles.deleteTree(empty);
        }
    }

    /**
     * What apt would fetch for each of several packages, asked in one apt call: a guest tool's libraries come
     * from many small packages, and apt spends most of a call reading its lists. Empty when apt cannot answer
     * for all of them at once (one unknown or virtual package fails the call): they are then asked one by one.
     */
    Map<String, Expected> expectAll(List<String> pkgs) throws IOException, InterruptedException {
        Map<String, Expected> found = new LinkedHashMap<>();
        if (pkgs.isEmpty()) {
            return found;
        }
        Path empty = tempDir();
        try {
            String out = apt.printUris(pkgs, empty);
            for (String pkg : pkgs) {
                found.put(pkg, parse(pkg, out));
            }
        } catch (VmbenchException aptCannotSayForAll) {
            found.clear();
        } finally {
            PrivateFiles.deleteTree(empty);
        }
        return found;
    }

    /** A new private folder inside the cache, removed by the caller (or by the next sweep). */
    private Path tempDir() throws IOException {
        return Files.createTempDirectory(PrivateFiles.createDirectories(dir), TEMP_PREFIX,
                PosixFilePermissions.asFileAttribute(PrivateFiles.DIR));
    }

    /** The package's verified .deb: the cached one if it checks out, else a fresh, verified download. */
    Path fetch(String pkg, Expected want) throws IOException, InterruptedException {
        Path target = dir.resolve(want.fileName());
        if (Files.exists(target)) {
            String bad = problem(target, want);
            if (bad == null) {
                record(target, want.sha256());
                return target;
            }
            progress.accept("      " + target.getFileName() + " " + bad + ": fetching it again");
            forget(target);
        }
        return download(pkg, want, target);
    }

    /**
     * Downloads, in one apt call, those of the packages not in the cache yet, and moves in each that checks
     * out; one that does not is left out (a later {@link #fetch} downloads it again, and says why if it fails).
     * A failed call changes nothing. For a guest tool's libraries, which come from many small packages.
     */
    void fetchAll(Map<String, Expected> wants) throws IOException, InterruptedException {
        Map<String, Expected> missing = new LinkedHashMap<>();
        wants.forEach((pkg, want) -> {
            if (!Files.exists(dir.resolve(want.fileName()))) {
                missing.put(pkg, want);
            }
        });
        if (missing.size() < 2) {
            return; // one package: fetch() downloads it as ever
        }
        Path tmp = tempDir();
        try {
            apt.download(List.copyOf(missing.keySet()), tmp);
            for (Expected want : missing.values()) {
                Path got = tmp.resolve(want.fileName());
                if (Files.isRegularFile(got)) {
                    PrivateFiles.tighten(got);
                    if (problem(got, want) == null) {
                        Path target = dir.resolve(want.fileName());
                        Files.move(got, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        record(target, want.sha256());
                    }
                }
            }
        } catch (VmbenchException aptFailed) {
            // fetch() asks for each package on its own, and reports what goes wrong
        } finally {
            PrivateFiles.deleteTree(tmp);
        }
    }

    private Path download(String pkg, Expected want, Path target) throws IOException, InterruptedException {
        Path tmp = tempDir();
        try {
            apt.download(pkg, tmp);
            Path got = tmp.resolve(want.fileName());
            if (!Files.isRegularFile(got)) {
                throw new VmbenchException("apt-get download " + pkg + " did not write " + want.fileName()
                        + "; " + APT_HINT);
            }
            PrivateFiles.tighten(got);
            String bad = problem(got, want);
            if (bad != null) {
                throw new VmbenchException("the download of " + pkg + " " + bad + "; try again (" + APT_HINT
                        + " if it happens again)");
            }
            Files.move(got, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            record(target, want.sha256());
            return target;
        } finally {
            PrivateFiles.deleteTree(tmp);
        }
    }

    /** The newest .deb matching the glob whose recorded hash matches its content: for when apt cannot say. */
    Optional<Path> newestVerified(String glob) throws IOException, InterruptedException {
        List<Path> found = list(glob);
        found.sort(Comparator.reverseOrder());
        for (Path deb : found) {
            if (verified(deb)) {
                return Optional.of(deb);
            }
        }
        return Optional.empty();
    }

    /**
     * Tidies the cache before use: removes what an interrupted download left, tightens old files to 0600, and
     * checks every .deb without a matching record against apt (when apt still knows its version), deleting
     * those that do not check out.
     */
    void sweep() throws IOException, InterruptedException {
        PrivateFiles.createDirectories(dir);
        PrivateFiles.tighten(dir);
        for (Path p : list("*")) {
            String name = p.getFileName().toString();
            if (name.startsWith(TEMP_PREFIX) || name.endsWith(".partial")) {
                PrivateFiles.deleteTree(p);
            } else if (name.endsWith(".deb" + RECORD) && !Files.exists(dir.resolve(debOf(name)))) {
                Files.deleteIfExists(p);
            } else {
                PrivateFiles.tighten(p);
            }
        }
        for (Path deb : list("*.deb")) {
            if (!verified(deb)) {
                recheck(deb);
            }
        }
    }

    /** Removes every .deb (and record) but the given ones: the cache keeps what the image was built from. */
    void keepOnly(Set<Path> debs) throws IOException {
        for (Path deb : list("*.deb")) {
            if (!debs.contains(deb)) {
                forget(deb);
            }
        }
    }

    private void recheck(Path deb) throws IOException, InterruptedException {
        String[] parts = deb.getFileName().toString().split("_");
        Optional<Expected> known = Optional.empty();
        if (parts.length == 3) {
            String pkg = parts[0] + "=" + unescape(parts[1]);
            try {
                known = Optional.of(expect(pkg)).filter(e -> e.fileName().equals(deb.getFileName().toString()));
            } catch (VmbenchException aptForgotIt) {
                known = Optional.empty();
            }
        }
        if (known.isPresent() && problem(deb, known.get()) == null) {
            record(deb, known.get().sha256());
            return;
        }
        progress.accept("      " + deb.getFileName() + " cannot be verified: removed from " + dir);
        forget(deb);
    }

    /** Whether the .deb has a record and its content still has the recorded hash. */
    boolean verified(Path deb) throws IOException, InterruptedException {
        Optional<String> recorded = recorded(deb);
        return recorded.isPresent() && recorded.get().equals(Interruptible.sha256(deb));
    }

    private static Optional<String> recorded(Path deb) {
        Path record = recordOf(deb);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            String text = TextFiles.read(record, 4096, "a sha256 record").strip();
            return Optional.of(text.split("\\s+")[0].toLowerCase(Locale.ROOT));
        } catch (VmbenchException unreadable) {
            return Optional.empty();
        }
    }

    /** Records the verified hash beside the .deb (unless it is recorded already: a full disk may not take it). */
    private static void record(Path deb, String sha) throws InterruptedException {
        if (recorded(deb).filter(sha::equals).isPresent()) {
            return;
        }
        Path record = recordOf(deb);
        try {
            PrivateFiles.writeAtomically(record, sha + "  " + deb.getFileName() + "\n");
        } catch (IOException e) {
            throw Interruptible.cannotWrite(record, e);
        }
    }

    private void forget(Path deb) throws IOException {
        Files.deleteIfExists(deb);
        Files.deleteIfExists(recordOf(deb));
    }

    static Path recordOf(Path deb) {
        return deb.resolveSibling(deb.getFileName() + RECORD);
    }

    private static String debOf(String recordName) {
        return recordName.substring(0, recordName.length() - RECORD.length());
    }

    /** apt writes the epoch's colon as %3a in file names. */
    static String unescape(String version) {
        return version.replaceAll("(?i)%3a", ":");
    }

    private List<Path> list(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        }
        return found;
    }
}
