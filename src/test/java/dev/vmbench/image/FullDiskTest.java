package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.host.HostCommand;

/** Real full disks (a small tmpfs), for the pieces of a build; ImageFullDiskIT does the whole build. */
class FullDiskTest {

    static final int MIB = 1024 * 1024;

    @TempDir
    Path outside;

    @Test
    void aCopyOntoAFullDiskIsOneLineAndWorksOnceThereIsSpace() throws Exception {
        Path big = Files.write(outside.resolve("big"), new byte[4 * MIB]);
        try (Tmpfs fs = Tmpfs.mount("copy", 16)) {
            Path to = fs.dir().resolve("vmlinuz");
            fs.fill(MIB);
            VmbenchException e = catchThrowableOfType(() -> ImageBuilder.copy(big, to), VmbenchException.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).isEqualTo("cannot write " + to
                    + ": no space left on device: free some space there and try again (no restart needed)");

            fs.unfill();
            ImageBuilder.copy(big, to);
            assertThat(Files.size(to)).isEqualTo(4L * MIB);
        }
    }

    @Test
    void randomFileOnAFullDiskLeavesNoPartialFile() throws Exception {
        try (Tmpfs fs = Tmpfs.mount("random", 16)) {
            Path f = fs.dir().resolve("random.txt");
            fs.fill(MIB);
            IOException e = catchThrowableOfType(() -> RandomFile.write(f, 4), IOException.class);
            assertThat(e).isNotNull();
            assertThat(IoErrors.noSpace(e)).as(e.toString()).isTrue();
            assertThat(files(fs.dir())).containsExactly("filler");

            fs.unfill();
            RandomFile.write(f, 4);
            assertThat(files(fs.dir())).containsExactly("random.txt");
        }
    }

    @Test
    void aDownloadOntoAFullDiskNamesTheDownloadsFolderAndWorksOnceThereIsSpace() throws Exception {
        byte[] deb = new byte[4 * MIB];
        new Random(1).nextBytes(deb);
        Path source = Files.write(outside.resolve("source.deb"), deb);
        Path aptGet = outside.resolve("apt-get");
        Files.writeString(aptGet, "#!/bin/sh\ncat " + source + " > '" + DebCacheTest.BUSYBOX + "'\n");
        Files.setPosixFilePermissions(aptGet, PosixFilePermissions.fromString("rwx------"));
        DebCacheTest.FakeApt apt = new DebCacheTest.FakeApt() {
            @Override
            public void download(String pkg, Path into) throws InterruptedException {
                HostCommand.run(List.of(aptGet.toString(), "download", pkg), into, into.getParent(),
                        Duration.ofSeconds(30), "hint");
            }
        };
        apt.uris.put("busybox-static", DebCacheTest.printUris(DebCacheTest.BUSYBOX, deb));
        try (Tmpfs fs = Tmpfs.mount("download", 16)) {
            Path downloads = fs.dir().resolve("downloads");
            DebCache cache = new DebCache(downloads, apt, line -> { });
            DebCache.Expected want = cache.expect("busybox-static");
            fs.fill(MIB);
            VmbenchException e = catchThrowableOfType(() -> cache.fetch("busybox-static", want),
                    VmbenchException.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).isEqualTo("apt-get download failed: no space left on device in "
                    + downloads + ": free some space there and try again");
            assertThat(files(downloads)).isEmpty();

            fs.unfill();
            assertThat(cache.fetch("busybox-static", want)).hasBinaryContent(deb);
        }
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
