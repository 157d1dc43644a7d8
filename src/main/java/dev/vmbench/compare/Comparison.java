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
import dev.vmbench.report.BootReport;
import dev.vmbench.report.HostCostReport;
import dev.vmbench.report.MeminfoReport;
import dev.vmbench.report.SeriesReport;
import dev.vmbench.results.BootSeries;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.results.Series;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.vmm.BootPhases;

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
    public record Outcome(List<Series> series, Map<String, Meminfo> meminfo, List<BootSeries> boots) {

        /**
         * The summaries, the side-by-side table, the host side (boot phases, what each hypervisor process cost),
         * the guests' /proc/meminfo (compared when there are two), and which used less memory on the host.
         */
        public String text(boolean colour) {
            StringBuilder sb = new StringBuilder("\n");
            series.forEach(s -> sb.append(SeriesReport.summary(s)).append('\n'));
            sb.append(SeriesReport.sideBySide(series)).append('\n');
            sb.append('\n').append(HostCostReport.hostSide(series, boots)).append('\n');
            sb.append('\n').append(BootReport.table(boots));
            sb.append("\n/proc/meminfo after the runs (the guests' view):\n");
            if (meminfo.size() == 2) {
                List<String> names = List.copyOf(meminfo.keySet());
                MeminfoDiff d = MeminfoDiff.of(names.get(0), meminfo.get(names.get(0)), names.get(1),
                        meminfo.get(names.get(1)));
                sb.append(MeminfoReport.table(d, new MeminfoReport.Options(false, 0, MeminfoReport.Sort.FIELD,
                        MeminfoReport.Unit.AUTO, colour, 3))).append('\n').append(MeminfoReport.summary(d, 3));
            } else {
                sb.append(SeriesReport.meminfo(meminfo));
            }
            HostCostReport.lessMemory(series).ifPresent(l -> sb.append("\n\n").append(l).append('\n'));
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
                          boolean firecrackerBootArgs, int boots) {

        public Request(List<String> hypervisors, String command, int runs, int warmup, int randomMiB,
                       boolean firecrackerBootArgs) {
            this(hypervisors, command, runs, warmup, randomMiB, firecrackerBootArgs, DEFAULT_BOOTS);
        }
    }

    /** Boots per hypervisor unless told otherwise ({@code compare --boots}). */
    public static final int DEFAULT_BOOTS = 3;

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
            String id = Bench.newSeriesId();
            List<BootSeries> boots = boot(planned, r.boots(), id, vms, progress);
            String timed = TimeParser.isTimed(command) ? command : "time " + command;
            List<Series> series = Bench.run(id, vms, timed, r.runs(), r.warmup(), RUN_TIMEOUT, log, progress, rounds);
            Map<String, Meminfo> mem = new LinkedHashMap<>();
            for (VmSession s : vms) {
                MeminfoCapture.Capture c = MeminfoCapture.capture(s);
                mem.put(s.name(), c.meminfo());
                if (log != null) {
                    log.appendMeminfo(s, c.raw(), id);
                }
            }
            return new Outcome(series, mem, boots);
        } finally {
            names.forEach(registry::release);
            registry.stopAll(vms.stream().filter(VmSession::isAlive).toList(), Duration.ofSeconds(10));
        }
    }

    /**
     * Boots each planned VM {@code rounds} times, alternating between the hypervisors round by round, and keeps
     * every boot's phases; the last round's VMs stay up (into {@code kept}) for the timed runs, the others are
     * killed at once.
     */
    private List<BootSeries> boot(List<PreparedVm> planned, int rounds, String id, List<VmSession> kept,
                                  Consumer<String> progress) throws InterruptedException {
        if (rounds < 1) {
            throw new VmbenchException("bad --boots " + rounds + ": give 1 or more");
        }
        List<List<BootPhases>> phases = new ArrayList<>();
        planned.forEach(p -> phases.add(new ArrayList<>()));
        double loadBefore = launcher.host().loadAverage();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < planned.size(); i++) {
                PreparedVm p = planned.get(i);
                VmSession s = launcher.start(p, BOOT_TIMEOUT, round == rounds ? progress : line -> { });
                boolean keep = round == rounds;
                boolean registered = false;
                try {
                    BootPhases b = s.bootPhases().orElseThrow();
                    phases.get(i).add(b);
                    if (log != null) {
                        log.appendBoot(s, b, id, round);
                    }
                    progress.accept(String.format(java.util.Locale.ROOT, "%s boot %d/%d: %s", p.spec().hypervisor(),
                            round, rounds, b.line()));
                    if (keep) {
                        registry.add(s);
                        kept.add(s);
                        registered = true;
                    }
                } finally {
                    if (!registered) {
                        s.kill();
                    }
                }
            }
        }
        double loadAfter = launcher.host().loadAverage();
        List<BootSeries> out = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            out.add(new BootSeries(planned.get(i).spec().hypervisor(), planned.get(i).context().accel().label(),
                    phases.get(i), loadBefore, loadAfter, launcher.host().cpuCount()));
        }
        return out;
    }
}
