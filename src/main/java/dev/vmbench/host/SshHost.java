package dev.vmbench.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.pty4j.PtyProcess;

import dev.vmbench.VmbenchException;
import dev.vmbench.measure.Stats;
import dev.vmbench.text.PosixLine;

/**
 * A machine reached over OpenSSH, as libvirt's {@code qemu+ssh://} reaches one: nothing of vmbench runs
 * there. Every fact is read and every program run through the system's {@code ssh} client and one shared
 * connection per host ({@link SshTarget#ssh}); a hypervisor runs under the SSH session's pty ({@code ssh -tt}),
 * so that when vmbench or the link dies, sshd hangs that pty up and the hypervisor ends there too.
 */
public final class SshHost implements Host {

    /** How long a fact may take to read over the link. */
    static final Duration FACT = Duration.ofSeconds(20);

    private final SshTarget target;
    private final Path controlDir;
    private final LocalHost local;
    private volatile String cpuinfo;
    private volatile KvmCheck kvm;

    /**
     * @param controlDir a private (0700) folder for the shared connections' sockets
     * @param local      this machine, which runs the ssh client
     */
    public SshHost(SshTarget target, Path controlDir, LocalHost local) {
        this.target = target;
        this.controlDir = controlDir;
        this.local = local;
    }

    public SshTarget target() {
        return target;
    }

    /** The folder of the shared connections' sockets. */
    public Path controlDir() {
        return controlDir;
    }

    @Override
    public String name() {
        return target.name();
    }

    /** What a command printed and how it ended, on the remote machine. */
    public record Result(int code, String out, String err) {
    }

    /**
     * Runs a shell command line on the host.
     *
     * @throws VmbenchException one line, when ssh itself fails (unreachable, refused, host key, link lost) or the
     *                          command does not end in time
     */
    public Result exec(String script, Duration timeout) throws InterruptedException {
        List<String> argv = new ArrayList<>(target.ssh(controlDir));
        argv.addAll(List.of(target.destination(), "--", script));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new VmbenchException("cannot run ssh: " + e.getMessage() + " (install openssh-client)", e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new VmbenchException("ssh to " + name() + ": no answer within " + timeout.toSeconds() + " s ("
                        + firstWord(script) + "): the link may be down");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        Result r = new Result(p.exitValue(), out.join(), err.join());
        if (r.code() == 255) {
            throw new VmbenchException(SshFailure.describe(name(), r.err()));
        }
        return r;
    }

    /**
     * Reads a stream to its end on a thread of its own (not a shared pool's: each stream must be drained while
     * the other is, or a command that fills one pipe waits forever).
     */
    public static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "ssh-drain");
        t.setDaemon(true);
        t.start();
        return text;
    }

    private static String firstWord(String script) {
        String s = script.strip();
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    /** Its output when the command succeeded, else empty (ssh failures still throw). */
    private Optional<String> text(String script) {
        try {
            synchronized (shellLock) {
                if (shell == null || !shell.alive()) {
                    List<String> argv = new ArrayList<>(target.ssh(controlDir));
                    argv.addAll(List.of(target.destination(), "--", "exec sh"));
                    try {
                        shell = new RemoteShell(argv);
                    } catch (IOException e) {
                        shell = null;
                    }
                }
                if (shell != null) {
                    RemoteShell.Answer a = shell.ask(script, FACT);
                    if (a != null) {
                        return a.code() == 0 ? Optional.of(a.out()) : Optional.empty();
                    }
                    shell = null; // it ended or hung: ssh itself says why, below
                }
            }
            Result r = exec(script, FACT);
            return r.code() == 0 ? Optional.of(r.out()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The long-lived shell the facts are read through (one question at a time); null until first needed. */
    private RemoteShell shell;
    private final Object shellLock = new Object();

    private static String q(String s) {
        return PosixLine.quote(s);
    }

    private static String q(Path p) {
        return PosixLine.quote(p.toString());
    }

    /** The remote command line of a program, each word quoted for the remote shell. */
    static String commandLine(List<String> argv) {
        return PosixLine.join(argv);
    }

    /**
     * The hypervisor under the SSH session's own pty: {@code ssh -tt} (a pty there even though ssh's input is
     * not a terminal here), {@code -e none} (ssh's {@code ~} escapes off: every byte is the guest's). The
     * remote shell prints its PID on the first line, then becomes the program ({@code exec}), so the first
     * line of the console names the remote process.
     */
    @Override
    public PtyProcess startOnPty(PtyCommand c) throws IOException {
        List<String> argv = new ArrayList<>(target.ssh(controlDir));
        argv.addAll(List.of("-tt", "-e", "none", target.destination(), "--", remoteScript(c)));
        return local.startOnPty(new PtyCommand(argv, c.env(), null, c.columns(), c.rows()));
    }

    /** The line the remote shell runs for a program on the pty; {@link #PID_MARK} starts its first output line. */
    static String remoteScript(PtyCommand c) {
        StringBuilder sb = new StringBuilder();
        if (c.dir() != null) {
            sb.append("cd ").append(q(c.dir())).append(" && ");
        }
        for (Map.Entry<String, String> e : c.env().entrySet()) {
            sb.append("export ").append(e.getKey()).append('=').append(q(e.getValue())).append("; ");
        }
        sb.append("echo ").append(PID_MARK).append("$$; exec ").append(commandLine(c.argv()));
        return sb.toString();
    }

    /** Printed by the remote shell before it becomes the hypervisor, then its PID there. */
    public static final String PID_MARK = "vmbench-remote-pid:";

    /**
     * The link's round trip: the median of five TCP handshakes with the host's sshd, at the address and port ssh
     * itself would use ({@code ssh -G}: the user's ssh config applied). A handshake is one round trip and starts
     * no process there, so ssh's own start-up is not in it (hyperfine#722 shows what timing ssh's start costs).
     */
    @Override
    public double linkRttMillis() {
        try {
            String[] hp = resolved();
            List<Double> rtts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    long t0 = System.nanoTime();
                    socket.connect(new java.net.InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 3000);
                    rtts.add((System.nanoTime() - t0) / 1e6);
                }
            }
            return Stats.of(rtts).median();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private volatile String[] resolved;

    /** The host name and port ssh resolves the destination to ({@code ssh -G}). */
    private String[] resolved() throws IOException {
        String[] r = resolved;
        if (r == null) {
            List<String> argv = new ArrayList<>(target.ssh(controlDir));
            argv.addAll(List.of("-G", target.destination()));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String host = null;
            String port = "22";
            for (String line : out.split("\n")) {
                if (line.startsWith("hostname ")) {
                    host = line.substring(9).strip();
                } else if (line.startsWith("port ")) {
                    port = line.substring(5).strip();
                }
            }
            if (host == null) {
                throw new IOException("ssh -G named no host name for " + target.destination());
            }
            r = new String[] {host, port};
            resolved = r;
        }
        return r;
    }

    @Override
    public boolean announcesPid() {
        return true;
    }

    @Override
    public String run(List<String> argv, Path dir, Path writesInto, Duration timeout, String hint)
            throws InterruptedException {
        String script = (dir != null ? "cd " + q(dir) + " && " : "") + commandLine(argv) + " 2>&1";
        Result r = exec(script, timeout);
        if (r.code() != 0) {
            String[] lines = r.out().strip().split("\n");
            String last = lines[lines.length - 1];
            throw new VmbenchException(argv.get(0) + " failed on " + name() + " (exit " + r.code() + ")"
                    + (last.isBlank() ? "" : ": " + last) + (hint == null ? "" : "; " + hint));
        }
        return r.out();
    }

    @Override
    public Optional<String> versionLine(Path program, String... args) {
        String a = args.length == 0 ? "--version" : PosixLine.join(Arrays.asList(args));
        return text(q(program) + " " + a + " 2>&1 | head -n 1").map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public Optional<Path> findProgram(String name) {
        return text("command -v " + q(name)).map(String::strip).filter(s -> s.startsWith("/")).map(Path::of);
    }

    @Override
    public List<String> pathDirs() {
        return text("echo \"$PATH\"").map(s -> Arrays.stream(s.strip().split(":")).filter(d -> !d.isEmpty()).toList())
                .orElse(List.of());
    }

    @Override
    public KvmCheck kvm() {
        KvmCheck k = kvm;
        if (k == null) {
            String s = text("test -e /dev/kvm && echo exists; test -r /dev/kvm && test -w /dev/kvm && echo rw; true")
                    .orElse("");
            k = KvmCheck.decide(s.contains("exists"), s.contains("rw"), cpuinfo());
            kvm = k;
        }
        return k;
    }

    @Override
    public String cpuinfo() {
        String c = cpuinfo;
        if (c == null) {
            c = text("cat /proc/cpuinfo").orElse("");
            cpuinfo = c;
        }
        return c;
    }

    @Override
    public String cpuModel() {
        return LocalHost.modelOf(cpuinfo());
    }

    @Override
    public int cpuCount() {
        return text("nproc").map(String::strip).map(Integer::parseInt).orElse(1);
    }

    @Override
    public String kernelRelease() {
        return text("uname -r").map(String::strip).orElse("unknown");
    }

    @Override
    public String osArch() {
        String m = text("uname -m").map(String::strip).orElse("");
        return m.equals("x86_64") ? "amd64" : m;
    }

    @Override
    public double loadAverage() {
        return text("cat /proc/loadavg").map(s -> Double.parseDouble(s.strip().split("\\s+")[0])).orElse(Double.NaN);
    }

    @Override
    public Long tscKhz() {
        return LocalHost.parseCpuKhz(cpuinfo());
    }

    @Override
    public boolean networkDeviceExists(String name) {
        return text("test -e /sys/class/net/" + q(name)).isPresent();
    }

    @Override
    public Optional<Character> processState(long pid) {
        return procText(pid, "stat").flatMap(ProcFs::parseState);
    }

    @Override
    public Optional<String> procText(long pid, String name) {
        return text("cat /proc/" + pid + "/" + q(name) + " 2>/dev/null");
    }

    @Override
    public Optional<List<String>> procList(long pid, String name) {
        return text("ls -1 /proc/" + pid + "/" + q(name) + " 2>/dev/null").map(s -> s.lines().toList());
    }

    @Override
    public long clockTicks() {
        return text("getconf CLK_TCK").map(String::strip).map(Long::parseLong).orElse(100L);
    }

    @Override
    public FileKind fileKind(Path file) {
        String f = q(file);
        String k = text("if [ -d " + f + " ]; then echo d; elif [ -f " + f + " ]; then echo f; elif [ -e " + f
                + " ]; then echo o; else echo m; fi").map(String::strip).orElse("m");
        return switch (k) {
            case "d" -> FileKind.DIRECTORY;
            case "f" -> FileKind.REGULAR;
            case "o" -> FileKind.OTHER;
            default -> FileKind.MISSING;
        };
    }

    @Override
    public boolean readable(Path file) {
        return text("test -r " + q(file)).isPresent();
    }

    @Override
    public long size(Path file) throws IOException {
        return text("stat -c %s " + q(file)).map(String::strip).map(Long::parseLong)
                .orElseThrow(() -> new IOException("cannot read the size of " + file + " on " + name()));
    }

    @Override
    public byte[] head(Path file, int bytes) throws IOException {
        return text("head -c " + bytes + " " + q(file) + " | base64 -w0").map(s -> Base64.getDecoder().decode(s.strip()))
                .orElseThrow(() -> new IOException("cannot read " + file + " on " + name()));
    }

    @Override
    public Optional<String> readText(Path file, long maxBytes) {
        return text("head -c " + maxBytes + " " + q(file) + " 2>/dev/null");
    }

    /** Ends the shared connection (the control master), if one is up, and the fact shell with it. */
    public void disconnect() {
        synchronized (shellLock) {
            if (shell != null) {
                shell.close();
                shell = null;
            }
        }
        List<String> argv = new ArrayList<>(target.ssh(controlDir));
        argv.addAll(List.of("-O", "exit", target.destination()));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no master running: nothing to end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a file operation there under umask 077; what it printed on failure becomes the IOException's text. */
    private void fileOp(String script, String what) throws IOException {
        Result r;
        try {
            r = exec("umask 077 && " + script, FILE_OP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(what + " on " + name() + " interrupted");
        } catch (VmbenchException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (r.code() != 0) {
            String err = r.err().strip();
            throw new IOException(what + " on " + name() + " failed" + (err.isEmpty() ? "" : ": "
                    + err.lines().reduce((a, b) -> b).orElse(err)));
        }
    }

    /** A disk image copied there may be large. */
    private static final Duration FILE_OP_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public void writePrivateFiles(Path dir, Map<Path, String> files) throws IOException {
        StringBuilder sb = new StringBuilder("mkdir -p " + q(dir) + " && chmod 700 " + q(dir));
        for (Map.Entry<Path, String> f : files.entrySet()) {
            String b64 = Base64.getEncoder().encodeToString(f.getValue().getBytes(StandardCharsets.UTF_8));
            String part = q(Path.of(f.getKey() + ".part"));
            sb.append(" && printf %s ").append(b64).append(" | base64 -d > ").append(part).append(" && mv -f ")
                    .append(part).append(' ').append(q(f.getKey()));
        }
        fileOp(sb.toString(), "writing the VM's files in " + dir);
    }

    @Override
    public void copyPrivate(Path from, Path to) throws IOException {
        fileOp("mkdir -p " + q(to.getParent()) + " && cp --sparse=always " + q(from) + " " + q(to) + " && chmod 600 "
                + q(to), "copying " + from);
    }

    @Override
    public void createSparse(Path file, long bytes) throws IOException {
        fileOp("mkdir -p " + q(file.getParent()) + " && rm -f " + q(file) + " && truncate -s " + bytes + " " + q(file)
                + " && chmod 600 " + q(file), "creating the scratch disk " + file);
    }

    @Override
    public void emptyPrivate(Path file) throws IOException {
        fileOp("mkdir -p " + q(file.getParent()) + " && : > " + q(file) + " && chmod 600 " + q(file), "creating " + file);
    }

    @Override
    public void deleteTree(Path dir) throws IOException {
        if (dir != null) {
            fileOp("rm -rf -- " + q(dir), "removing " + dir);
        }
    }

    @Override
    public String where() {
        return "on " + name();
    }

    @Override
    public Optional<Path> configuredProgram(String program) {
        return Optional.ofNullable(target.binaries().get(program)).map(Path::of);
    }

    @Override
    public boolean ownEnvironment() {
        return false;
    }

    @Override
    public Host here() {
        return local;
    }
}
