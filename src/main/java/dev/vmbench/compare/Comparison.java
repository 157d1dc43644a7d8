package dev.vmbench.compare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.bench.Bench;
import dev.vmbench.guest.TimeParser;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.memdiff.MeminfoCapture;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.profile.BootOption;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.report.MeminfoReport;
import dev.vmbench.report.SeriesReport;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;
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
    /** How long each VM may take to reach its prompt (two boot at once under TCG on two cores). */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    /** How long one run of the command may take. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

    /** What a comparison produced. */
    public record Outcome(List<Series> series, Map<String, Meminfo> meminfo) {

        /** The summaries, the side-by-side table and the guests' /proc/meminfo, compared when there are two. */
        public String text(boolean colour) {
            StringBuilder sb = new StringBuilder("\n");
            series.forEach(s -> sb.append(SeriesReport.summary(s)).append('\n'));
            sb.append(SeriesReport.sideBySide(series)).append('\n');
            sb.append("/proc/meminfo after the runs:\n");
            if (meminfo.size() == 2) {
                List<String> names = List.copyOf(meminfo.keySet());
                MeminfoDiff d = MeminfoDiff.of(names.get(0), meminfo.get(names.get(0)), names.get(1),
                        meminfo.get(names.get(1)));
                sb.append(MeminfoReport.table(d, new MeminfoReport.Options(false, 0, MeminfoReport.Sort.FIELD,
                        MeminfoReport.Unit.AUTO, colour, 3))).append('\n').append(MeminfoReport.summary(d, 3));
            } else {
                sb.append(SeriesReport.meminfo(meminfo));
            }
            return sb.toString();
        }
    }

    /**
     * What to compare.
     *
     * @param firecrackerBootArgs boot every VM with Firecracker's own boot-time kernel options (a like-for-like
     *                            boot comparison)
     */
    public record Request(List<String> hypervisors, String command, int runs, int warmup, int randomMiB,
                          boolean firecrackerBootArgs) {
    }

    private final ImageLayout image;
    private final Hypervisors known;
    private final VmLauncher launcher;
    private final SessionRegistry registry;
    private final ResultsLog log;
    private final Path logDir;

    /** @param logDir where hypervisors that keep a log of their own write it */
    public Comparison(ImageLayout image, Hypervisors known, VmLauncher launcher, SessionRegistry registry,
                      ResultsLog log, Path logDir) {
        this.image = image;
        this.known = known;
        this.launcher = launcher;
        this.registry = registry;
        this.log = log;
        this.logDir = logDir;
    }

    public Outcome run(Request r, Consumer<String> progress, Bench.RoundListener rounds) throws InterruptedException {
        List<String> hypervisors = r.hypervisors();
        String command = r.command();
        int randomMiB = r.randomMiB();
        boolean firecrackerBootArgs = r.firecrackerBootArgs();
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
                VmSpec spec = BootOptions.NONE.with(BootOption.HYPERVISOR, hv).with(BootOption.MEM, "1G")
                        .with(BootOption.CPUS, "2").with(BootOption.FIRECRACKER_BOOT_ARGS, firecrackerBootArgs)
                        .toSpec(name, known, image, logDir);
                planned.add(launcher.prepare(spec));
            }
            for (PreparedVm p : planned) {
                VmSession s = launcher.start(p, BOOT_TIMEOUT, progress);
                registry.add(s);
                vms.add(s);
                progress.accept(s.name() + " ready after " + s.bootTime().map(d -> d.toMillis() + " ms").orElse("?"));
            }
            String timed = TimeParser.isTimed(command) ? command : "time " + command;
            List<Series> series = Bench.run(vms, timed, r.runs(), r.warmup(), RUN_TIMEOUT, log, progress, rounds);
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
