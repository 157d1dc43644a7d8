package dev.vmbench.host;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.pty4j.PtyProcess;

/**
 * Where processes run and {@code /proc} is read: every process vmbench starts for a VM (the hypervisor on a pty,
 * {@code --version} probes, {@code apt-get}, {@code mke2fs}) and every fact it reads of a machine (KVM, CPUs, load,
 * a process's state, the files a VM boots from) go through here. The local machine is the one implementation
 * today ({@link LocalHost}); a machine reached over SSH is the next.
 */
public interface Host {

    /** How this host is named in messages and records: "local", or an SSH destination. */
    String name();

    /**
     * Starts a program as a session leader on a pty of its own, the pty its controlling terminal: when vmbench
     * dies, the pty hangs up and the program gets SIGHUP (no orphan).
     */
    PtyProcess startOnPty(PtyCommand command) throws IOException;

    /**
     * Runs a program to completion.
     *
     * @param dir        its working folder, or null
     * @param writesInto the folder it writes into (named in a "no space left" message), or null
     * @param hint       what to do when it fails for a reason vmbench cannot name
     * @return what it printed (stdout and stderr together)
     * @throws dev.vmbench.VmbenchException one line naming the cause, when it cannot start, fails or times out
     */
    String run(List<String> argv, Path dir, Path writesInto, Duration timeout, String hint) throws InterruptedException;

    /** The first line a program prints for {@code --version} (or the given arguments), or empty. */
    Optional<String> versionLine(Path program, String... args);

    /** A path with a slash as given, a bare name searched on PATH. */
    Optional<Path> findProgram(String name);

    /** The PATH folders, for messages that say where vmbench looked. */
    List<String> pathDirs();

    /** Whether KVM can run a stock guest here, and why (not). */
    KvmCheck kvm();

    /** The text of /proc/cpuinfo ("" when unknown). */
    String cpuinfo();

    /** The CPU model name. */
    String cpuModel();

    int cpuCount();

    /** The kernel's release, e.g. 6.1.0-18-amd64. */
    String kernelRelease();

    /** The machine's architecture as Java names it (amd64, aarch64). */
    String osArch();

    /** The 1-minute load average, or NaN. */
    double loadAverage();

    /** The TSC frequency in kHz, for guests under TCG; null when not known. */
    Long tscKhz();

    /** Whether a network interface (a tap device) of this name exists. */
    boolean networkDeviceExists(String name);

    /** A process's state letter from /proc/PID/stat (R, S, T, Z ...), or empty when it is gone. */
    Optional<Character> processState(long pid);

    /**
     * A file of a process in this host's {@code /proc} ({@code stat}, {@code smaps}, {@code status},
     * {@code task/TID/children}), or empty when the process (or the file) is gone or not readable.
     */
    Optional<String> procText(long pid, String name);

    /** The entries of a folder of a process in {@code /proc} ({@code fd}, {@code task}), or empty when it is gone. */
    Optional<List<String>> procList(long pid, String name);

    /** Clock ticks per second of the CPU times in {@code /proc/PID/stat} (USER_HZ: 100 on Linux). */
    long clockTicks();

    /**
     * Whether a program started on a pty here prints its PID on this host first ({@code PID_MARK} then the
     * number, as {@link SshHost} makes it): the local process is then a client, the program runs elsewhere.
     */
    default boolean announcesPid() {
        return false;
    }

    /**
     * The network round trip to this host in milliseconds, which every console byte of its VMs crosses twice per
     * command (NaN here: no link).
     */
    default double linkRttMillis() {
        return Double.NaN;
    }

    /** Whether a process is stopped by a signal (SIGSTOP) or a tracer. */
    default boolean stopped(long pid) {
        return processState(pid).map(c -> c == 'T' || c == 't').orElse(false);
    }

    /** What kind of file a path is, for the checks before a boot. */
    enum FileKind { MISSING, DIRECTORY, REGULAR, OTHER }

    FileKind fileKind(Path file);

    /** Whether the user may read it. */
    boolean readable(Path file);

    /** Its size in bytes. */
    long size(Path file) throws IOException;

    /** Its first bytes (fewer when it is shorter). */
    byte[] head(Path file, int bytes) throws IOException;

    /** A small text file's content, or empty when it is not there or not readable. */
    Optional<String> readText(Path file, long maxBytes);

    /**
     * Writes a VM's private files (a hypervisor's config): the folder made 0700 if missing, each file 0600 with
     * this text, replacing what was there.
     */
    void writePrivateFiles(Path dir, java.util.Map<Path, String> files) throws IOException;

    /** A private copy (0600) of a file on this machine, its folder made 0700 if missing. */
    void copyPrivate(Path from, Path to) throws IOException;

    /** Creates a sparse file of this size (0600), holes only, replacing one that is there. */
    void createSparse(Path file, long bytes) throws IOException;

    /** Creates the file (0600), or empties it when it is there. */
    void emptyPrivate(Path file) throws IOException;

    /** Removes a folder and everything in it; nothing when it is not there. */
    void deleteTree(Path dir) throws IOException;

    /** Where this machine is, for messages: "here", or "on NAME". */
    default String where() {
        return "here";
    }

    /** A hypervisor program configured for this machine by its usual name (hosts.yaml's binaries), if any. */
    default Optional<Path> configuredProgram(String name) {
        return Optional.empty();
    }

    /** Whether the environment variables of the vmbench process describe this machine (true only here). */
    default boolean ownEnvironment() {
        return true;
    }

    /** The machine vmbench itself runs on (this one, for the local host; the ssh client's, for a remote). */
    default Host here() {
        return this;
    }
}
