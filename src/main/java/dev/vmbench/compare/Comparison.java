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
import dev.vmbench.hosts.Machines;
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
import dev.vmbench.workload.Workload;

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
            Map<String, List<Series>> byWorkload = new LinkedHashMap<>();
            series.forEach(s -> byWorkload.computeIfAbsent(String.valueOf(s.workload()), k -> new ArrayList<>()).add(s));
            for (List<Series> part : byWorkload.values()) {
                Series one = part.get(0);
                if (byWorkload.size() > 1 || one.workload() != null) {
                    sb.append("== workload ").append(one.workload()).append(": ").append(one.metric().name())
                            .append(" (").append(one.metric().caption()).append(")\n\n");
                }
                part.forEach(s -> sb.append(SeriesReport.summary(s, false)).append('\n'));
                sb.append(SeriesReport.sideBySide(part)).append(SeriesReport.warnings(part)).append('\n');
            }
            List<Series> firstPart = byWorkload.values().iterator().next();
            sb.append('\n').append(HostCostReport.hostSide(firstPart, boots)).append('\n');
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
            HostCostReport.lessMemory(firstPart).ifPresent(l -> sb.append("\n\n").append(l).append('\n'));
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
                          boolean firecrackerBootArgs, int boots, List<String> hosts, Path inventory,
                          List<Workload> workloads, Map<String, List<String>> scan, int parallel,
                          Bench.Controls controls) {

        public Request {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            workloads = workloads == null ? List.of() : List.copyOf(workloads);
            scan = scan == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scan));
            controls = controls == null ? Bench.Controls.runs(runs, warmup) : controls;
        }

        public Request(List<String> hypervisors, String command, int runs, int warmup, int randomMiB,
                       boolean firecrackerBootArgs, int boots, List<String> hosts) {
            this(hypervisors, command, runs, warmup, randomMiB, firecrackerBootArgs, boots, hosts, null, null, null, 0,
                    null);
        }

        /** What is measured: the workloads asked for, else the command, timed. */
        List<Workload> measured() {
            if (!workloads.isEmpty()) {
                return workloads;
            }
            String timed = TimeParser.isTimed(command) ? command : "time " + command;
            // a plain command has no workload name, as with bench --command: its series are named by the command
            return List.of(new Workload(null, "", timed, new Workload.Time(), dev.vmbench.measure.Metric.TIME,
                    List.of(), false, "compare --command"));
        }

        public Request(List<String> hypervisors, String command, int runs, int warmup, int randomMiB,
                       boolean firecrackerBootArgs, int boots) {
            this(hypervisors, command, runs, warmup, randomMiB, firecrackerBootArgs, boots, List.of());
        }

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

    private final Machines machines;

    /**
     * @param logDir   where hypervisors that keep a log of their own write it
     * @param machines where {@code compare --hosts} runs: hosts over SSH (null: here only)
     */
    public Comparison(ImageLayout image, Hypervisors known, VmLauncher launcher, SessionRegistry registry,
                      ResultsLog log, Path logDir, Machines machines) {
        this.machines = machines;
        this.image = image;
        this.known = known;
        this.launcher = launcher;
        this.registry = registry;
        this.log = log;
        this.logDir = logDir;
    }

    public Outcome run(Request r, Consumer<String> progress, Bench.RoundListener rounds) throws InterruptedException {
        List<String> hypervisors = r.hypervisors();
        int randomMiB = r.randomMiB();
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
            // the guest tools it has stay
            List<String> tools = ImageBuilder.readManifest(image).map(m -> m.toolNames()).orElse(List.of());
            new ImageBuilder(image, progress, launcher.host()).build(null, randomMiB, false, tools);
        }
        // a workload's tools must be in the image: said before anything boots
        dev.vmbench.image.ImageManifest manifest = ImageBuilder.readManifest(image).orElse(null);
        for (Workload w : r.measured()) {
            for (String tool : w.tools()) {
                if (manifest == null) {
                    throw new VmbenchException(dev.vmbench.image.ImageManifest.noTool(tool) + " (workload " + w.name() + ")");
                }
                manifest.requireTool(tool);
            }
        }
        String id = Bench.newSeriesId();
        if (r.hosts().size() <= 1) {
            String host = r.hosts().isEmpty() ? null : r.hosts().get(0);
            return on(host, r, id, "", progress, rounds);
        }
        // several hosts: the same comparison on each at once, one results group; each host alternates its own VMs
        List<dev.vmbench.Fanout.Task<Outcome>> tasks = new ArrayList<>();
        for (String host : r.hosts()) {
            tasks.add(() -> on(host, r, id, host, line -> progress.accept("[" + host + "] " + line), null));
        }
        List<dev.vmbench.Fanout.Result<Outcome>> results = dev.vmbench.Fanout.all(
                r.hosts().stream().map(h -> "compare-" + h).toList(), tasks, Duration.ofMinutes(1));
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            RuntimeException failure = results.get(i).failure();
            if (failure != null) {
                throw new VmbenchException("the comparison on " + r.hosts().get(i) + " failed: " + failure.getMessage(),
                        failure instanceof VmbenchException v ? v.details() : null, failure);
            }
            outcomes.add(results.get(i).value());
        }
        List<Series> series = new ArrayList<>();
        Map<String, Meminfo> mem = new LinkedHashMap<>();
        List<BootSeries> boots = new ArrayList<>();
        for (Outcome o : outcomes) {
            series.addAll(o.series());
            mem.putAll(o.meminfo());
            boots.addAll(o.boots());
        }
        return new Outcome(series, mem, boots);
    }

    /**
     * The comparison on one machine (null: here): its VMs planned (their files copied there first), booted,
     * timed and read, then stopped whatever happens.
     *
     * @param tag the host's name in VM names and boot series ("" here)
     */
    private Outcome on(String host, Request r, String id, String tag, Consumer<String> progress,
                       Bench.RoundListener rounds) throws InterruptedException {
        // one VM per hypervisor and scanned combination; at most `parallel` of them live at once, each batch booted,
        // measured (alternating within it) and stopped before the next
        List<Map<String, String>> combos = dev.vmbench.bench.Scan.product(r.scan());
        List<String[]> configs = new ArrayList<>();
        List<Map<String, String>> configCombos = new ArrayList<>();
        for (String hv : r.hypervisors()) {
            for (Map<String, String> combo : combos) {
                configs.add(new String[] {hv});
                configCombos.add(combo);
            }
        }
        int asked = parallel(r.parallel(), r.scan(), progress, Machines.isLocal(host) ? launcher.host()
                : machines.host(host, r.inventory()));
        int parallel = asked > 0 ? asked : configs.size();
        if (configs.size() > parallel) {
            progress.accept(configs.size() + " VMs, at most " + parallel + " at once: " + (configs.size() + parallel - 1)
                    / parallel + " batches, each alternating its own VMs");
        }
        List<Series> series = new ArrayList<>();
        Map<String, Meminfo> mem = new LinkedHashMap<>();
        List<BootSeries> boots = new ArrayList<>();
        for (int from = 0; from < configs.size(); from += parallel) {
            int to = Math.min(configs.size(), from + parallel);
            Outcome o = batch(host, r, id, tag, progress, configs.size() == to - from ? rounds : null,
                    configs.subList(from, to).stream().map(c -> c[0]).toList(), configCombos.subList(from, to));
            series.addAll(o.series());
            mem.putAll(o.meminfo());
            boots.addAll(o.boots());
        }
        if (configs.size() > parallel) {
            // the series in the order hyperfine would list them: per workload, then per VM
            List<Series> ordered = new ArrayList<>();
            java.util.Set<String> workloads = new java.util.LinkedHashSet<>();
            series.forEach(x -> workloads.add(String.valueOf(x.workload())));
            for (String w : workloads) {
                series.stream().filter(x -> String.valueOf(x.workload()).equals(w)).forEach(ordered::add);
            }
            series = ordered;
        }
        return new Outcome(series, mem, boots);
    }

    /** One batch of VMs: planned, booted, measured, read, and stopped whatever happens. */
    private Outcome batch(String host, Request r, String id, String tag, Consumer<String> progress,
                          Bench.RoundListener rounds, List<String> hypervisors, List<Map<String, String>> combos)
            throws InterruptedException {
        List<VmSession> vms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            // Every VM is checked and planned before the first boots: a missing firecracker or an unusable
            // KVM is reported before anything runs.
            List<PreparedVm> planned = new ArrayList<>();
            List<VmLauncher> launchers = new ArrayList<>();
            for (int k = 0; k < hypervisors.size(); k++) {
                String hv = hypervisors.get(k);
                Map<String, String> combo = combos.get(k);
                String base = (tag.isEmpty() ? "cmp-" + hv : "cmp-" + tag.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + hv)
                        + combo.entrySet().stream().map(e -> "-" + e.getKey() + e.getValue().replaceAll("[^A-Za-z0-9_.]", "_"))
                        .reduce("", String::concat);
                String name = registry.claim(base, "cmp");
                names.add(name);
                BootOptions opts = BootOptions.NONE.with(BootOption.HYPERVISOR, hv).with(BootOption.MEM, "1G")
                        .with(BootOption.CPUS, "2").with(BootOption.FIRECRACKER_BOOT_ARGS, r.firecrackerBootArgs());
                if (r.measured().stream().anyMatch(Workload::scratch)) {
                    opts = opts.with(BootOption.SCRATCH_DISK, SCRATCH_SIZE);
                }
                for (Map.Entry<String, String> e : combo.entrySet()) {
                    opts = opts.with(scanned(e.getKey()), e.getValue());
                }
                VmSpec spec = opts.toSpec(name, known, image, logDir);
                VmLauncher l = launcher;
                if (!Machines.isLocal(host)) {
                    Machines.Placed p = machines.place(host, r.inventory(), spec, false, progress);
                    l = p.launcher();
                    spec = p.spec();
                }
                planned.add(l.prepare(spec));
                launchers.add(l);
            }
            List<BootSeries> boots = boot(planned, launchers, r.boots(), id, vms, tag, combos, progress);
            List<Series> series = new ArrayList<>();
            boolean first = true;
            for (Workload w : r.measured()) {
                if (w.isBoot()) {
                    List<Series> b = bootSeries(vms, boots, w);
                    for (int k = 0; k < b.size(); k++) {
                        series.add(b.get(k).withParameters(combos.get(k)));
                    }
                    continue;
                }
                // the first workload's runs share the boots' group; each other one is a group of its own
                String seriesId = first ? id : id + "-" + w.name();
                first = false;
                if (!r.workloads().isEmpty()) {
                    progress.accept("workload " + w.name() + " (" + w.metric().caption() + ")");
                }
                series.addAll(Bench.runLabelled(seriesId, vms, Bench.Measure.of(w), combos, r.controls(), RUN_TIMEOUT,
                        log, progress, r.measured().size() == 1 ? rounds : null));
            }
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

    /** --scan KEY=A,B ...: each a boot option that may be varied, and its values. */
    public static Map<String, List<String>> scan(String[] args) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (args == null) {
            return out;
        }
        // the shell splits an option's words at commas: a word without '=' continues the values before it
        List<String> joined = new ArrayList<>();
        for (String a : args) {
            if (a.indexOf('=') < 0 && !joined.isEmpty()) {
                joined.set(joined.size() - 1, joined.get(joined.size() - 1) + "," + a);
            } else {
                joined.add(a);
            }
        }
        for (String a : joined) {
            int eq = a.indexOf('=');
            if (eq <= 0 || eq == a.length() - 1) {
                throw new dev.vmbench.UsageException("--scan " + a + ": give KEY=A,B, e.g. --scan cpus=1,2");
            }
            String key = a.substring(0, eq);
            scanned(key);
            if (out.put(key, dev.vmbench.bench.Scan.list(key.replace('-', '_'), a.substring(eq + 1))) != null) {
                throw new dev.vmbench.UsageException("--scan " + key + " is given twice");
            }
        }
        return out;
    }

    /**
     * How many VMs a scan boots at once: as asked, else what the host's memory and cores allow (each VM's RAM and
     * about 200 MiB for its VMM within 80% of MemAvailable; a TCG VM keeps a core busy), said once.
     */
    public static void checkParallel(int asked) {
        if (asked < 0 || asked > 256) {
            throw new dev.vmbench.UsageException("bad --parallel " + asked + ": give 1 to 256, or leave it out");
        }
    }

    /** ... on the machine that runs them (this one, or a host over SSH: its MemAvailable and cores). */
    static int parallel(int asked, Map<String, List<String>> scan, Consumer<String> say,
                        dev.vmbench.host.Host where) {
        checkParallel(asked);
        if (asked > 0 || scan.isEmpty()) {
            return asked;
        }
        long availKib = where.readText(Path.of("/proc/meminfo"), 1 << 20).flatMap(text -> text.lines()
                .filter(l -> l.startsWith("MemAvailable:")).findFirst()).map(l -> Long.parseLong(l.replaceAll("\\D+", "")))
                .orElse(0L);
        long vmMiB = scan.getOrDefault("mem", List.of("1G")).stream().mapToLong(dev.vmbench.hypervisor.MemSize::parseMiB)
                .max().orElse(1024) + 200;
        int byMemory = availKib == 0 ? 1 : (int) Math.max(1, availKib / 1024 * 8 / 10 / vmMiB);
        int cores = where.cpuCount();
        int n = Math.max(1, Math.min(byMemory, cores));
        say.accept("at most " + n + " VM(s) at once " + where.where() + ": " + (availKib / 1024) + " MiB available holds "
                + byMemory
                + " of " + vmMiB + " MiB (guest RAM + VMM), " + cores + " cores (--parallel N to choose)");
        return n;
    }

    /** The boot options {@code --scan} may vary. */
    static final java.util.Set<BootOption> SCANNABLE = java.util.EnumSet.of(BootOption.CPUS, BootOption.MEM,
            BootOption.APPEND, BootOption.QEMU_ARG, BootOption.ACCEL, BootOption.SCRATCH_CACHE, BootOption.CPU_TEMPLATE,
            BootOption.DISABLE_SMT, BootOption.FIRECRACKER_BOOT_ARGS, BootOption.KERNEL, BootOption.ROOTFS);

    /** The boot option a --scan key names, or one line saying which may be scanned. */
    public static BootOption scanned(String key) {
        BootOption o = BootOption.byKey(key).orElse(null);
        if (o == null || !SCANNABLE.contains(o)) {
            throw new dev.vmbench.UsageException("--scan " + key + ": scan one of " + String.join(", ", SCANNABLE.stream()
                    .map(BootOption::key).toList()) + " (the hypervisor goes in --hypervisors)");
        }
        return o;
    }

    /** The scratch disk of a comparison whose workloads need one. */
    static final String SCRATCH_SIZE = "1G";

    /**
     * The boot workload as series: each boot of a hypervisor is a run whose figure is its time to the prompt
     * (from the hypervisor's start), so the boots get the same statistics, relative column and significance.
     */
    static List<Series> bootSeries(List<VmSession> vms, List<BootSeries> boots, Workload w) {
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < vms.size() && i < boots.size(); i++) {
            VmSession vm = vms.get(i);
            List<dev.vmbench.guest.ExecResult> runs = new ArrayList<>();
            for (BootPhases b : boots.get(i).boots()) {
                runs.add(new dev.vmbench.guest.ExecResult(vm.name(), "boot", "", 0,
                        dev.vmbench.guest.ExecResult.Ending.COMPLETED, b.prompt(), java.util.Optional.empty(),
                        vm.startedAt(), List.of()).withFigure(b.prompt()));
            }
            out.add(new Series(vm.name(), vm.hypervisor(), "boot", runs, List.of(),
                    new dev.vmbench.results.Conditions(Map.of(), vm.accel().label(), boots.get(i).loadBefore(),
                            boots.get(i).loadAfter(), boots.get(i).hostCpus(), null, vm.host().name(),
                            vm.host().linkRttMillis())).withMetric(w.metric(), w.name()));
        }
        return out;
    }

    /**
     * Boots each planned VM {@code rounds} times, alternating between the hypervisors round by round, and keeps
     * every boot's phases; the last round's VMs stay up (into {@code kept}) for the timed runs, the others are
     * killed at once.
     */
    private List<BootSeries> boot(List<PreparedVm> planned, List<VmLauncher> launchers, int rounds, String id,
                                  List<VmSession> kept, String tag, List<Map<String, String>> combos,
                                  Consumer<String> progress) throws InterruptedException {
        if (rounds < 1) {
            throw new VmbenchException("bad --boots " + rounds + ": give 1 or more");
        }
        List<List<BootPhases>> phases = new ArrayList<>();
        planned.forEach(p -> phases.add(new ArrayList<>()));
        double loadBefore = launchers.get(0).host().loadAverage();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < planned.size(); i++) {
                PreparedVm p = planned.get(i);
                VmSession s = launchers.get(i).start(p, BOOT_TIMEOUT, round == rounds ? progress : line -> { });
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
        double loadAfter = launchers.get(0).host().loadAverage();
        List<BootSeries> out = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            String hv = planned.get(i).spec().hypervisor() + combos.get(i).entrySet().stream()
                    .map(e -> " " + e.getKey() + "=" + e.getValue()).reduce("", String::concat);
            out.add(new BootSeries(tag.isEmpty() ? hv : hv + "@" + tag, planned.get(i).context().accel().label(),
                    phases.get(i), loadBefore, loadAfter, launchers.get(i).host().cpuCount()));
        }
        return out;
    }
}
