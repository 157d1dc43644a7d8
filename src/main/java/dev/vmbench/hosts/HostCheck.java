package dev.vmbench.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.KvmCheck;
import dev.vmbench.host.SshHost;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.Interruptible;
import dev.vmbench.measure.Stats;

/**
 * {@code hosts check}: {@code doctor} for a machine reached over SSH. Reached and authenticated (or the one
 * line saying why not), the link's round trip through the shared connection, QEMU and its version, KVM usable
 * or not and why, Firecracker, free space in the remote cache, and whether the default image's files are
 * there, identical (the cache keeps files by their sha256: {@code CACHE/files/SHA256}).
 */
public final class HostCheck {

    public enum Status { OK, WARN, FAIL }

    public record Line(String name, Status status, String detail) {
    }

    /** What was checked, and the link's median round trip in ms (NaN if it was not reached). */
    public record Report(String host, List<Line> lines, double rttMillis) {

        public boolean failed() {
            return lines.stream().anyMatch(l -> l.status() == Status.FAIL);
        }

        public String text() {
            StringBuilder sb = new StringBuilder(host).append(":\n");
            for (Line l : lines) {
                sb.append(String.format(Locale.ROOT, "  %-4s %-14s %s%n", l.status().name().toLowerCase(Locale.ROOT),
                        l.name(), l.detail()));
            }
            return sb.toString().stripTrailing();
        }
    }

    private static final int RTT_SAMPLES = 5;

    private HostCheck() {
    }

    public static Report run(SshHost h, ImageLayout image) throws InterruptedException {
        List<Line> lines = new ArrayList<>();
        String who;
        try {
            SshHost.Result r = h.exec("echo \"$(id -un)@$(uname -n)\"", Duration.ofSeconds(30));
            who = r.out().strip();
        } catch (VmbenchException e) {
            lines.add(new Line("ssh", Status.FAIL, e.getMessage()));
            return new Report(h.name(), lines, Double.NaN);
        }
        lines.add(new Line("ssh", Status.OK, "reached and authenticated as " + who + " (" + h.target().destination()
                + (h.target().port() > 0 ? " port " + h.target().port() : "") + ")"));
        List<Double> rtts = new ArrayList<>();
        for (int i = 0; i < RTT_SAMPLES; i++) {
            long t0 = System.nanoTime();
            h.exec("true", Duration.ofSeconds(10));
            rtts.add((System.nanoTime() - t0) / 1e6);
        }
        double rtt = Stats.of(rtts).median();
        lines.add(new Line("link", Status.OK, String.format(Locale.ROOT, "a command's round trip %.1f ms (median of %d, "
                + "through the shared connection, ssh's own start included)", rtt, RTT_SAMPLES)));
        Optional<Path> qemu = program(h, "qemu-system-x86_64");
        lines.add(qemu.map(q -> new Line("qemu", Status.OK, q + ": " + h.versionLine(q).orElse("version unknown")))
                .orElse(new Line("qemu", Status.FAIL, "qemu-system-x86_64 is not on the PATH there: "
                        + "'apt-get install qemu-system-x86' on " + h.name())));
        KvmCheck kvm = h.kvm();
        lines.add(new Line("kvm", kvm.usable() ? Status.OK : Status.WARN, (kvm.usable() ? "usable: " : "not usable: ")
                + kvm.reason() + (kvm.usable() ? "" : "; guests there run under TCG")));
        Optional<Path> fc = program(h, "firecracker");
        lines.add(fc.map(f -> new Line("firecracker", Status.OK, f + ": " + h.versionLine(f).orElse("version unknown")))
                .orElse(new Line("firecracker", Status.WARN, "not on the PATH there (only QEMU can boot on "
                        + h.name() + ")")));
        String cache = h.target().cacheOrDefault();
        try {
            cache = new RemoteFiles().cacheDir(h); // made there (0700) as a boot would
            SshHost.Result df = h.exec("df -Pk " + cache + " | tail -n 1", Duration.ofSeconds(20));
            String[] f = df.out().strip().split("\\s+");
            long freeKib = df.code() == 0 && f.length > 3 && f[3].matches("\\d+") ? Long.parseLong(f[3]) : -1;
            lines.add(new Line("cache", freeKib >= 0 && freeKib < 1024 * 1024 ? Status.WARN : Status.OK,
                    cache + ": " + (freeKib < 0 ? "free space unknown" : String.format(Locale.ROOT, "%.1f GiB free",
                            freeKib / 1048576.0))));
        } catch (VmbenchException e) {
            lines.add(new Line("cache", Status.FAIL, e.getMessage()));
        }
        lines.add(imageLine(h, image, cache));
        return new Report(h.name(), lines, rtt);
    }

    private static Line imageLine(SshHost h, ImageLayout image, String cache) throws InterruptedException {
        List<Path> files = List.of(image.bzImage(), image.initramfs(), image.rootfs());
        if (!files.stream().allMatch(Files::isRegularFile)) {
            return new Line("image", Status.WARN, "the default image is not built here ('image build')");
        }
        int present = 0;
        for (Path f : files) {
            String sha = sha256(f);
            if (h.exec("test -f " + cache + "/files/" + sha, Duration.ofSeconds(20)).code() == 0) {
                present++;
            }
        }
        return present == files.size()
                ? new Line("image", Status.OK, "the default image's " + files.size() + " files are there, identical")
                : new Line("image", Status.WARN, present + " of " + files.size() + " of the default image's files are "
                        + "there: a boot on " + h.name() + " copies the rest once");
    }

    /** A hypervisor program there: hosts.yaml's binaries for it, else the one on that machine's PATH. */
    private static Optional<Path> program(SshHost h, String name) {
        Optional<Path> configured = h.configuredProgram(name);
        return configured.isPresent() ? h.findProgram(configured.get().toString()) : h.findProgram(name);
    }

    /** The sha256 of a file, in hex: the name of its copy in a host's cache. */
    public static String sha256(Path file) {
        try {
            return Interruptible.sha256(file);
        } catch (IOException e) {
            throw new VmbenchException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmbenchException("interrupted while reading " + file);
        }
    }
}
