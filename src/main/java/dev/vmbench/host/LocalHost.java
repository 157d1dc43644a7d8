package dev.vmbench.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine vmbench runs on: processes started here (on a pty through pty4j, or to completion), facts read
 * from its own {@code /proc} and {@code /dev/kvm}.
 */
public class LocalHost implements Host {

    private volatile long clockTicks;

    private final Path procCpuinfo;
    private final Path devKvm;
    private final Path nativeDir;
    private volatile KvmCheck kvm;

    /** @param nativeDir where the pty's native libraries are kept ({@code VMBENCH_HOME/native}) */
    public LocalHost(Path nativeDir) {
        this(Path.of("/proc/cpuinfo"), Path.of("/dev/kvm"), nativeDir);
    }

    LocalHost(Path procCpuinfo, Path devKvm, Path nativeDir) {
        this.procCpuinfo = procCpuinfo;
        this.devKvm = devKvm;
        this.nativeDir = nativeDir;
    }

    @Override
    public String name() {
        return "local";
    }

    /**
     * One place for the pty settings of every program vmbench starts on a pty: the natives put in place first
     * ({@link PtyNatives}), the host's environment with the command's on top, stderr into the same stream.
     */
    @Override
    public com.pty4j.PtyProcess startOnPty(PtyCommand c) throws IOException {
        PtyNatives.ensure(nativeDir);
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(c.env());
        com.pty4j.PtyProcessBuilder b = new com.pty4j.PtyProcessBuilder(c.argv().toArray(String[]::new))
                .setEnvironment(env).setRedirectErrorStream(true).setInitialColumns(c.columns())
                .setInitialRows(c.rows());
        if (c.dir() != null) {
            b.setDirectory(c.dir().toString());
        }
        java.util.Set<Thread> reapers = ReapedPty.reapers();
        return ReapedPty.of(b.start(), reapers, c.argv()); // its console closes after pty4j's reaper is done
    }

    @Override
    public String run(List<String> argv, Path dir, Path writesInto, java.time.Duration timeout, String hint)
            throws InterruptedException {
        return HostCommand.run(argv, dir, writesInto, timeout, hint);
    }

    @Override
    public String osArch() {
        return System.getProperty("os.arch", "");
    }

    @Override
    public Optional<Character> processState(long pid) {
        return ProcFs.state(pid);
    }

    @Override
    public Optional<String> procText(long pid, String name) {
        return ProcFs.text(pid, name);
    }

    @Override
    public Optional<List<String>> procList(long pid, String name) {
        return ProcFs.list(pid, name);
    }

    @Override
    public long clockTicks() {
        long t = clockTicks;
        if (t == 0) {
            t = 100; // USER_HZ on every Linux architecture vmbench runs on, unless getconf says otherwise
            try {
                String out = run(List.of("getconf", "CLK_TCK"), null, null, java.time.Duration.ofSeconds(10), "").strip();
                if (out.matches("\\d+") && Long.parseLong(out) > 0) {
                    t = Long.parseLong(out);
                }
            } catch (RuntimeException e) {
                // keep 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = t;
        }
        return t;
    }

    @Override
    public FileKind fileKind(Path file) {
        if (!Files.exists(file)) {
            return FileKind.MISSING;
        }
        return Files.isDirectory(file) ? FileKind.DIRECTORY : Files.isRegularFile(file) ? FileKind.REGULAR
                : FileKind.OTHER;
    }

    @Override
    public boolean readable(Path file) {
        return Files.isReadable(file);
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override
    public byte[] head(Path file, int bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(bytes);
        }
    }

    @Override
    public Optional<String> readText(Path file, long maxBytes) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(dev.vmbench.config.TextFiles.read(file, maxBytes, "a text file"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public KvmCheck kvm() {
        KvmCheck k = kvm;
        if (k == null) {
            boolean exists = Files.exists(devKvm);
            boolean rw = exists && Files.isReadable(devKvm) && Files.isWritable(devKvm);
            k = KvmCheck.decide(exists, rw, cpuinfo());
            kvm = k;
        }
        return k;
    }

    @Override
    public String cpuinfo() {
        try {
            return Files.readString(procCpuinfo, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** The host CPU frequency in kHz, from the first "cpu MHz" line, or null when not shown. */
    @Override
    public Long tscKhz() {
        return parseCpuKhz(cpuinfo());
    }

    static Long parseCpuKhz(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("cpu MHz")) {
                try {
                    double mhz = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                    return Math.round(mhz * 1000);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Whether a network interface (a tap device, say) of this name exists on the host. */
    @Override
    public boolean networkDeviceExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** Finds a program: a path with a slash is taken as given, a bare name is searched on PATH. */
    @Override
    public Optional<Path> findProgram(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The PATH folders, for error messages that say where vmbench looked. */
    @Override
    public List<String> pathDirs() {
        List<String> dirs = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty()) {
                dirs.add(d);
            }
        }
        return dirs;
    }

    /** The CPU model name, from the first "model name" line of /proc/cpuinfo. */
    @Override
    public String cpuModel() {
        return modelOf(cpuinfo());
    }

    /** The first "model name" of a /proc/cpuinfo text. */
    static String modelOf(String cpuinfo) {
        return cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    }

    @Override
    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The host kernel's release, e.g. 6.1.0-18-amd64. */
    @Override
    public String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /** The 1-minute load average, or NaN where /proc/loadavg cannot be read. */
    @Override
    public double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private final java.util.Map<String, Optional<String>> versions = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The first line a program prints for {@code --version}, or empty when it fails to run. Asked once per program
     * (and per change of its file).
     */
    @Override
    public Optional<String> versionLine(Path program, String... args) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(program).toMillis();
        } catch (IOException e) {
            modified = -1;
        }
        return versions.computeIfAbsent(program + "\0" + String.join("\0", args) + "\0" + modified,
                k -> askVersion(program, args));
    }

    private Optional<String> askVersion(Path program, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(args.length == 0 ? List.of("--version") : List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String first = out.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(first);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void writePrivateFiles(Path dir, java.util.Map<Path, String> files) throws IOException {
        dev.vmbench.config.PrivateFiles.createDirectories(dir);
        dev.vmbench.config.PrivateFiles.tighten(dir);
        for (java.util.Map.Entry<Path, String> f : files.entrySet()) {
            Path p = f.getKey();
            Files.deleteIfExists(p);
            Files.createFile(p, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(p, f.getValue());
        }
    }

    @Override
    public void copyPrivate(Path from, Path to) throws IOException {
        dev.vmbench.config.PrivateFiles.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Override
    public void createSparse(Path file, long bytes) throws IOException {
        dev.vmbench.config.PrivateFiles.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            if (bytes > 0) {
                ch.write(java.nio.ByteBuffer.allocate(1), bytes - 1); // the length, no blocks but the last one's
            }
        }
    }

    @Override
    public void emptyPrivate(Path file) throws IOException {
        dev.vmbench.config.PrivateFiles.requireReplaceable(file);
        dev.vmbench.config.PrivateFiles.newOutputStream(file).close(); // created 0600, or emptied
    }

    @Override
    public void deleteTree(Path dir) throws IOException {
        if (dir != null && Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            dev.vmbench.config.PrivateFiles.deleteTree(dir);
        }
    }
}
