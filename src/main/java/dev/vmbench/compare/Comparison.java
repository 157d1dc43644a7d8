package dev.vmbench.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.bench.Bench;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;
import dev.vmbench.guest.TimeParser;
import dev.vmbench.meminfo.MeminfoCapture;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/**
 * The seed experiment end to end: the default image (built if needed), one VM per hypervisor, the command
 * N times in each under {@code time}, alternating, then {@code /proc/meminfo} of each; the VMs are stopped
 * at the end whatever happens.
 */
public final class Comparison {

    public static final String DEFAULT_COMMAND = "sha256sum /random.txt";

    /** What a comparison produced. */
    public record Outcome(List<Series> series, Map<String, Meminfo> meminfo) {
    }

    private Comparison() {
    }

    public static Outcome run(ImageLayout image, Hypervisors known, VmLauncher launcher, SessionRegistry registry,
                              List<String> hypervisors, String command, int runs, int warmup, int randomMiB,
                              ResultsLog log, Consumer<String> progress, Bench.RoundListener rounds)
            throws InterruptedException {
        if (hypervisors.isEmpty()) {
            throw new VmbenchException("no hypervisors given: use e.g. --hypervisors qemu-microvm,qemu-q35");
        }
        for (String hv : hypervisors) {
            try {
                known.get(hv); // an unknown name fails here, before anything is built or booted
            } catch (IllegalArgumentException e) {
                throw new VmbenchException(e.getMessage());
            }
        }
        boolean needBuild = !ImageBuilder.isComplete(image) || ImageBuilder.readManifest(image)
                .map(m -> m.randomMiB() != randomMiB).orElse(true);
        if (needBuild) {
            progress.accept("building the default image with a " + randomMiB + " MiB /random.txt");
            new ImageBuilder(image, progress, launcher.host()).build(null, randomMiB, false);
        }
        List<VmSession> vms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            // Every VM is checked and planned before the first boots: a missing firecracker or an unusable
            // KVM is reported before anything runs.
            List<PreparedVm> planned = new ArrayList<>();
            for (String hv : hypervisors) {
                String name = registry.claim("cmp-" + hv, "cmp");
                names.add(name);
                VmSpec spec = new BootOptions(hv, null, null, null, "1G", "2", null, null, null, false, null,
                        false, null, null, null, false, null, null, null, false)
                        .toSpec(name, known, image, image.dir());
                planned.add(launcher.prepare(spec));
            }
            for (PreparedVm p : planned) {
                VmSession s = launcher.start(p, Duration.ofSeconds(180), progress);
                registry.add(s);
                vms.add(s);
                progress.accept(s.name() + " ready after " + s.bootTime().map(d -> d.toMillis() + " ms").orElse("?"));
            }
            String timed = TimeParser.isTimed(command) ? command : "time " + command;
            List<Series> series = Bench.run(vms, timed, runs, warmup, Duration.ofMinutes(30), log, progress, rounds);
            Map<String, Meminfo> mem = new LinkedHashMap<>();
            String id = series.isEmpty() ? null : series.get(0).conditions().seriesId();
            for (VmSession s : vms) {
                MeminfoCapture.Capture c = MeminfoCapture.capture(s);
                mem.put(s.name(), c.meminfo());
                if (log != null) {
                    log.appendMeminfo(s, c.raw(), id);
                }
            }
            return new Outcome(series, mem);
        } finally {
            names.forEach(registry::release);
            registry.stopAll(vms.stream().filter(VmSession::isAlive).toList(), Duration.ofSeconds(10));
        }
    }
}
