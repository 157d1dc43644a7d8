package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.VmbenchException;

class DebCacheTest {

    static final String BUSYBOX = "busybox-static_1%3a1.35.0-4+deb12u1+b1_amd64.deb";
    static final byte[] GOOD = "the real busybox package".repeat(1000).getBytes();

    @TempDir
    Path home;

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String printUris(String file, byte[] content) throws Exception {
        return "'http://deb.debian.org/debian/pool/main/b/busybox/" + file + "' " + file + " " + content.length
                + " SHA256:" + sha(content) + "\n";
    }

    /** apt as the tests want it: what --print-uris says per package, and what a download writes. */
    static class FakeApt implements DebCache.Apt {
        final Map<String, String> uris = new ConcurrentHashMap<>();
        final List<String> downloads = new ArrayList<>();
        byte[] writes = GOOD;
        CountDownLatch started;

        @Override
        public String printUris(String pkg, Path in) {
            assertThat(in).isEmptyDirectory();
            String out = uris.get(pkg);
            if (out == null) {
                throw new VmbenchException("apt-get download failed: package not found (E: Unable to locate "
                        + "package " + pkg + "): run 'apt-get update' as root, then try again");
            }
            return out;
        }

        @Override
        public void download(String pkg, Path into) throws InterruptedException {
            downloads.add(pkg);
            try {
                Path f = into.resolve(BUSYBOX);
                Files.write(f, writes);
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--")); // as apt leaves it
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (started != null) {
                started.countDown();
                new CountDownLatch(1).await(); // a download that only an interrupt ends
            }
        }
    }

    FakeApt apt() throws Exception {
        FakeApt apt = new FakeApt();
        apt.uris.put("busybox-static", printUris(BUSYBOX, GOOD));
        apt.uris.put("busybox-static=1:1.35.0-4+deb12u1+b1", printUris(BUSYBOX, GOOD));
        return apt;
    }

    Path downloads() {
        return home.resolve("downloads");
    }

    DebCache cache(FakeApt apt, List<String> progress) {
        return new DebCache(downloads(), apt, progress::add);
    }

    List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(downloads())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void printUrisLineGivesFileSizeAndHash() throws Exception {
        String out = "W: some warning\n" + printUris("linux-image-cloud-amd64_6.1.192-2_amd64.deb", new byte[7])
                + printUris(BUSYBOX, GOOD);
        DebCache.Expected e = DebCache.parse("busybox-static", out);
        assertThat(e).isEqualTo(new DebCache.Expected(BUSYBOX, GOOD.length, sha(GOOD)));
        assertThat(DebCache.parse("busybox-static=1:1.35.0-4+deb12u1+b1", out).fileName()).isEqualTo(BUSYBOX);
        assertThatThrownBy(() -> DebCache.parse("busybox-static", "'http://x/b.deb' " + BUSYBOX + " 12 MD5Sum:ab"))
                .isInstanceOf(VmbenchException.class).hasMessageContaining("cannot be verified");
        assertThatThrownBy(() -> DebCache.parse("busybox-static", "")).hasMessageContaining("apt-get update");
    }

    @Test
    void aTruncatedFileAndAWrongHashAreCaughtAndAGoodFilePasses() throws Exception {
        DebCache.Expected want = DebCache.parse("busybox-static", printUris(BUSYBOX, GOOD));
        Path f = home.resolve(BUSYBOX);
        Files.write(f, GOOD);
        assertThat(DebCache.problem(f, want)).isNull();
        Files.write(f, java.util.Arrays.copyOf(GOOD, GOOD.length / 2));
        assertThat(DebCache.problem(f, want)).contains("is " + GOOD.length / 2 + " bytes").contains("cut-off");
        byte[] flipped = GOOD.clone();
        flipped[100] ^= 1;
        Files.write(f, flipped);
        assertThat(DebCache.problem(f, want)).contains("damaged").contains(sha(flipped));
    }

    @Test
    void aFetchIsVerifiedRecordedPrivateAndLeavesNoTemporaryFolder() throws Exception {
        FakeApt apt = apt();
        DebCache cache = cache(apt, new ArrayList<>());
        Path deb = cache.fetch("busybox-static", cache.expect("busybox-static"));

        assertThat(deb).hasBinaryContent(GOOD);
        assertThat(names()).containsExactly(BUSYBOX, BUSYBOX + ".sha256");
        assertThat(DebCache.recordOf(deb)).hasContent(sha(GOOD) + "  " + BUSYBOX);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deb))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(downloads()))).isEqualTo("rwx------");
        assertThat(cache.verified(deb)).isTrue();

        cache.fetch("busybox-static", cache.expect("busybox-static"));
        assertThat(apt.downloads).as("a verified cached file is not fetched again").hasSize(1);
    }

    @Test
    void aTruncatedDownloadIsRefusedAndNothingStays() throws Exception {
        FakeApt apt = apt();
        apt.writes = java.util.Arrays.copyOf(GOOD, 1000);
        DebCache cache = cache(apt, new ArrayList<>());
        assertThatThrownBy(() -> cache.fetch("busybox-static", cache.expect("busybox-static")))
                .isInstanceOf(VmbenchException.class).hasMessageContaining("cut-off").hasMessageNotContaining("\n");
        assertThat(names()).isEmpty();
    }

    @Test
    void aCutOffCachedFileIsFetchedAgain() throws Exception {
        Files.createDirectories(downloads());
        Files.write(downloads().resolve(BUSYBOX), java.util.Arrays.copyOf(GOOD, 500)); // a killed old download
        FakeApt apt = apt();
        List<String> progress = new ArrayList<>();
        DebCache cache = cache(apt, progress);
        Path deb = cache.fetch("busybox-static", cache.expect("busybox-static"));
        assertThat(deb).hasBinaryContent(GOOD);
        assertThat(apt.downloads).hasSize(1);
        assertThat(progress).anyMatch(l -> l.contains("cut-off") && l.contains("fetching it again"));
    }

    @Test
    void sweepChecksUnrecordedFilesAgainstAptAndDeletesWhatFails() throws Exception {
        Files.createDirectories(downloads());
        Files.write(downloads().resolve(BUSYBOX), GOOD); // unrecorded but good: apt still knows it
        String old = "linux-image-6.1.0-9-cloud-amd64_6.1.27-1_amd64.deb";
        Files.write(downloads().resolve(old), new byte[10]); // unrecorded, apt forgot it
        Files.createDirectories(downloads().resolve(".partial-123"));
        Files.write(downloads().resolve(".partial-123/" + BUSYBOX), new byte[3]);
        Files.write(downloads().resolve("x.deb.partial"), new byte[3]);
        Files.writeString(downloads().resolve("gone.deb.sha256"), "abc  gone.deb\n");
        List<String> progress = new ArrayList<>();
        DebCache cache = cache(apt(), progress);

        cache.sweep();

        assertThat(names()).containsExactly(BUSYBOX, BUSYBOX + ".sha256");
        assertThat(progress).anyMatch(l -> l.contains(old) && l.contains("cannot be verified"));
    }

    @Test
    void aRecordedFileWhoseContentChangedIsCheckedAgainAndDeleted() throws Exception {
        FakeApt apt = apt();
        DebCache cache = cache(apt, new ArrayList<>());
        Path deb = cache.fetch("busybox-static", cache.expect("busybox-static"));
        byte[] damaged = GOOD.clone();
        damaged[5] ^= 1;
        Files.write(deb, damaged);

        assertThat(cache.verified(deb)).isFalse();
        assertThat(cache.newestVerified("busybox-static_*.deb")).isEmpty();
        cache.sweep();
        assertThat(names()).isEmpty();
    }

    @Test
    void whenAptCannotSayOnlyAVerifiedFileIsOffered() throws Exception {
        DebCache cache = cache(apt(), new ArrayList<>());
        Path deb = cache.fetch("busybox-static", cache.expect("busybox-static"));
        Files.write(downloads().resolve("busybox-static_0.1_amd64.deb"), new byte[3]); // unrecorded
        assertThat(cache.newestVerified("busybox-static_*.deb")).isEqualTo(Optional.of(deb));
    }

    @Test
    void anInterruptedDownloadLeavesNoPartialFileAndTheCacheUntouched() throws Exception {
        FakeApt apt = apt();
        DebCache cache = cache(apt, new ArrayList<>());
        apt.uris.put("busybox-static", printUris(BUSYBOX, GOOD));
        String other = "linux-image-6.1.0-56-cloud-amd64_6.1.192-2_amd64.deb";
        byte[] kernel = "kernel".getBytes();
        apt.uris.put("linux-image-6.1.0-56-cloud-amd64=6.1.192-2", printUris(other, kernel));
        Files.createDirectories(downloads());
        Files.write(downloads().resolve(other), kernel);
        cache.sweep(); // unrecorded, apt knows it: verified and recorded
        List<String> before = names();
        apt.started = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                cache.fetch("busybox-static", cache.expect("busybox-static"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        assertThat(apt.started.await(20, TimeUnit.SECONDS)).as("the download started").isTrue();

        t.interrupt();
        t.join(Duration.ofSeconds(10).toMillis());

        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(before).containsExactly(other, other + ".sha256");
        assertThat(names()).isEqualTo(before);
        assertThat(downloads().resolve(other)).hasBinaryContent(kernel);
    }

    @Test
    void severalPackagesAreAskedAtOnceAndAnUnknownOneMeansOneByOne() throws Exception {
        FakeApt apt = apt();
        String fio = "fio_3.33-3_amd64.deb";
        apt.uris.put("fio", printUris(fio, new byte[5]));
        DebCache cache = cache(apt, new ArrayList<>());
        Map<String, DebCache.Expected> both = cache.expectAll(List.of("busybox-static", "fio"));
        assertThat(both).containsOnlyKeys("busybox-static", "fio");
        assertThat(both.get("fio")).isEqualTo(new DebCache.Expected(fio, 5, sha(new byte[5])));
        assertThat(cache.expectAll(List.of("fio", "python3"))).isEmpty();
        assertThat(cache.expectAll(List.of())).isEmpty();
        assertThat(names()).as("no temporary folder left").isEmpty();
    }

    @Test
    void severalDownloadsInOneCallEachVerifiedTheBadOneLeftForFetch() throws Exception {
        byte[] a = "package a".getBytes();
        byte[] b = "package b".getBytes();
        List<List<String>> calls = new ArrayList<>();
        DebCache.Apt batch = new DebCache.Apt() {
            @Override
            public String printUris(String pkg, Path in) {
                throw new AssertionError("not asked");
            }

            @Override
            public void download(String pkg, Path into) {
                download(List.of(pkg), into);
            }

            @Override
            public void download(List<String> pkgs, Path into) {
                calls.add(pkgs);
                try {
                    for (String pkg : pkgs) {
                        Files.write(into.resolve(pkg + "_1_amd64.deb"), pkg.equals("b") ? "damaged!!".getBytes() : a);
                    }
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        DebCache cache = new DebCache(downloads(), batch, line -> { });
        Map<String, DebCache.Expected> wants = new java.util.LinkedHashMap<>();
        wants.put("a", new DebCache.Expected("a_1_amd64.deb", a.length, sha(a)));
        wants.put("b", new DebCache.Expected("b_1_amd64.deb", b.length, sha(b)));
        cache.fetchAll(wants);
        assertThat(calls).containsExactly(List.of("a", "b"));
        assertThat(names()).containsExactly("a_1_amd64.deb", "a_1_amd64.deb.sha256");
        assertThat(cache.verified(downloads().resolve("a_1_amd64.deb"))).isTrue();

        cache.fetchAll(wants); // a is there: b alone is left to fetch() (which reports the damage)
        assertThat(calls).hasSize(1);
        assertThatThrownBy(() -> cache.fetch("b", wants.get("b"))).hasMessageContaining("damaged");
        assertThat(names()).containsExactly("a_1_amd64.deb", "a_1_amd64.deb.sha256");
    }
}
