package dev.vmbench.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, for real "no space left on device" failures: {@link #fill} leaves only
 * a given number of bytes free, {@link #unfill} gives the space back. Needs root; the test is skipped (with
 * the reason) otherwise.
 */
final class Tmpfs implements AutoCloseable {

    private final Path dir;
    private final Path filler;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    static Tmpfs mount(String name, int mib) throws IOException, InterruptedException {
        Assumptions.assumeTrue(isRoot(), "mounting a tmpfs needs root: skipped, vmbench's tests run as "
                + System.getProperty("user.name"));
        Path dir = Files.createDirectories(Path.of("target", "tmpfs").toAbsolutePath())
                .resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString());
        if (out != null) {
            Files.delete(dir);
        }
        Assumptions.assumeTrue(out == null, () -> "cannot mount a tmpfs on " + dir + ": " + out);
        return new Tmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Writes a filler file so that only about {@code leaveBytes} stay free. */
    void fill(long leaveBytes) throws IOException {
        long size = free() - leaveBytes;
        if (size <= 0) {
            throw new IllegalStateException("only " + free() + " bytes free, cannot leave " + leaveBytes);
        }
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                written += ch.write(zeros);
            }
        }
    }

    void unfill() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run("umount", dir.toString());
        if (out != null && run("umount", "-l", dir.toString()) != null) {
            throw new IllegalStateException("cannot unmount " + dir + ": " + out);
        }
        Files.deleteIfExists(dir);
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
