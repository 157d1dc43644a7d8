package dev.vmbench.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.SshFailure;
import dev.vmbench.host.SshHost;

/**
 * The files a VM boots from, copied once to a host's cache and kept there by content: {@code CACHE/files/SHA256}.
 * A second boot copies nothing; a changed file has another hash and is copied again. A copy is written under a
 * temporary name and renamed when whole, so a copy cut short is never taken for the file.
 */
public final class RemoteFiles {

    private record Stamp(long size, FileTime modified) {
    }

    private record Known(Stamp stamp, String sha) {
    }

    /** Smaller files are copied without progress lines: they take a moment. */
    private static final long PROGRESS_FROM = 64L << 20;

    private final Map<Path, Known> hashes = new HashMap<>();
    private final Map<String, String> cacheDirs = new HashMap<>();
    private final Set<String> present = new HashSet<>();

    /** The file's sha256, computed once per content (size and modification time unchanged). */
    public synchronized String sha256(Path local) {
        Path f = local.toAbsolutePath().normalize();
        Stamp now;
        try {
            now = new Stamp(Files.size(f), Files.getLastModifiedTime(f));
        } catch (IOException e) {
            throw new VmbenchException("cannot read " + local + ": " + e.getMessage(), e);
        }
        Known k = hashes.get(f);
        if (k == null || !k.stamp().equals(now)) {
            k = new Known(now, HostCheck.sha256(f));
            hashes.put(f, k);
        }
        return k.sha();
    }

    /** The cache folder on the host, absolute (made 0700 there if missing). */
    public synchronized String cacheDir(SshHost h) throws InterruptedException {
        String dir = cacheDirs.get(h.name());
        if (dir == null) {
            String c = h.target().cacheOrDefault();
            SshHost.Result r = h.exec("mkdir -p " + c + "/files && chmod 700 " + c + " && cd " + c + " && pwd",
                    Duration.ofSeconds(20));
            if (r.code() != 0) {
                throw new VmbenchException("cannot make the cache folder " + c + " on " + h.name() + ": "
                        + r.err().strip() + " (set 'cache:' for " + h.name() + " in hosts.yaml)");
            }
            dir = r.out().strip();
            cacheDirs.put(h.name(), dir);
        }
        return dir;
    }

    /** Where the file's copy is (or would be) on the host, copied or not. */
    public Path remotePath(SshHost h, Path local) throws InterruptedException {
        return Path.of(cacheDir(h), "files", sha256(local));
    }

    /**
     * The file's copy on the host, copied now if it is not there.
     *
     * @param progress lines as the copy goes (none when nothing is copied)
     */
    public Path ensure(SshHost h, Path local, Consumer<String> progress) throws InterruptedException {
        Path remote = remotePath(h, local);
        String key = h.name() + ":" + remote;
        synchronized (this) {
            if (present.contains(key)) {
                return remote;
            }
        }
        if (h.exec("test -f " + remote, Duration.ofSeconds(20)).code() != 0) {
            upload(h, local, remote, progress);
        }
        synchronized (this) {
            present.add(key);
        }
        return remote;
    }

    private static void upload(SshHost h, Path local, Path remote, Consumer<String> progress)
            throws InterruptedException {
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw new VmbenchException("cannot read " + local + ": " + e.getMessage(), e);
        }
        String tmp = remote + ".part.$$";
        List<String> argv = new ArrayList<>(h.target().ssh(h.controlDir()));
        argv.addAll(List.of(h.target().destination(), "--", "cat > " + tmp + " && mv -f " + tmp + " " + remote
                + " || { rm -f " + tmp + "; exit 1; }"));
        long t0 = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "copying %s (%.1f MiB) to %s's cache", local.getFileName(),
                size / 1048576.0, h.name()));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new VmbenchException("cannot run ssh: " + e.getMessage(), e);
        }
        CompletableFuture<String> err = SshHost.drain(p.getErrorStream());
        try (InputStream in = Files.newInputStream(local); OutputStream out = p.getOutputStream()) {
            byte[] buf = new byte[1 << 20];
            long sent = 0;
            int shownTenth = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                sent += n;
                int tenth = (int) (sent * 10 / Math.max(1, size));
                if (tenth > shownTenth && tenth < 10 && size >= PROGRESS_FROM) {
                    shownTenth = tenth;
                    progress.accept("  " + local.getFileName() + ": " + tenth * 10 + "%");
                }
            }
        } catch (IOException e) {
            // the far side stopped reading: its reason is on stderr, below
        }
        int code = p.waitFor();
        String e = err.join();
        if (code == 255) {
            throw new VmbenchException(SshFailure.describe(h.name(), e));
        }
        if (code != 0) {
            throw new VmbenchException(e.toLowerCase(Locale.ROOT).contains("no space left")
                    ? "no space left on " + h.name() + " for " + local.getFileName() + " in " + remote.getParent()
                    + ": free some there, or set 'cache:' for " + h.name() + " in hosts.yaml to a larger disk"
                    : "could not copy " + local.getFileName() + " to " + h.name() + ": " + e.strip());
        }
        progress.accept(String.format(Locale.ROOT, "  %s copied in %.1f s", local.getFileName(),
                (System.nanoTime() - t0) / 1e9));
    }
}
