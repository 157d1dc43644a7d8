package dev.vmbench.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.vmbench.boot.Boot;
import dev.vmbench.host.Host;
import dev.vmbench.measure.Stats;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/**
 * A boot storm: N VMs booted at once through vmbench ({@link Boot#bootAll}, as {@code boot --count N}) against
 * N {@link RawBoot} readers started at once on the same hypervisor lines, round by round in ABBA order: the
 * time until all are at the prompt, each VM's boot time, and the host's CPU and memory at the peak.
 */
public final class Density {

    /** One side's rounds. */
    public record Side(List<Double> allReady, List<Double> eachBoot, double peakCpuBusy, long peakMemUsed) {

        Stats all() {
            return Stats.of(allReady);
        }
    }

    public record Result(int vms, String hypervisor, String accel, long memMiB, int cpus, int hostCpus, Side raw,
                         Side vmbench) {

        public double ratio() {
            return vmbench.all().median() / raw.all().median();
        }

        public double meanRatio() {
            return vmbench.all().mean() / raw.all().mean();
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "boot storm: %d VMs at once (%s, %s, %d MiB, %d vCPU each) on %d host CPUs, "
                    + "%d rounds each, alternating (ABBA)%n", vms, hypervisor, accel, memMiB, cpus, hostCpus,
                    raw.allReady.size()));
            sb.append(String.format(Locale.ROOT, "%-28s %27s   %28s   %s%n", "", "all at the prompt [s]",
                    "each VM's boot [s]", "host at the peak"));
            sb.append(String.format(Locale.ROOT, "%-28s %8s %18s   %8s %9s %9s   %8s %12s%n", "", "median", "mean ± σ",
                    "median", "p95", "max", "CPU busy", "memory used"));
            line(sb, "raw pty readers (baseline)", raw);
            line(sb, "vmbench boot --count " + vms, vmbench);
            sb.append(String.format(Locale.ROOT, "%nratio vmbench / raw, all at the prompt: medians %.3f (%+.1f%%), means "
                    + "%.3f (%+.1f%%)%n", ratio(), (ratio() - 1) * 100, meanRatio(), (meanRatio() - 1) * 100));
            return sb.toString();
        }

        private static void line(StringBuilder sb, String label, Side s) {
            Stats all = s.all();
            Stats each = Stats.of(s.eachBoot);
            sb.append(String.format(Locale.ROOT, "%-28s %8.2f %10.2f ± %5.2f   %8.2f %9.2f %9.2f   %7.0f%% %8.1f MiB%n",
                    label, all.median(), all.mean(), all.stddev(), each.median(), Stats.percentile(s.eachBoot, 95),
                    each.max(), s.peakCpuBusy * 100, s.peakMemUsed / 1048576.0));
        }
    }

    private Density() {
    }

    public static Result run(Boot boot, VmLauncher launcher, SessionRegistry registry, BootOptions options, int vms,
                             int rounds, Consumer<String> progress) throws IOException, InterruptedException {
        Host host = launcher.host();
        // the raw side boots the very lines vmbench would: one prepared plan per VM
        List<String> names = boot.claim("density", vms, options);
        List<PreparedVm> plans = new ArrayList<>();
        String hypervisor;
        String accel;
        try {
            for (String n : names) {
                plans.add(launcher.prepare(boot.spec(n, options)));
            }
            hypervisor = plans.get(0).spec().hypervisor();
            accel = plans.get(0).context().accel().label();
            if (!plans.get(0).plan().files().isEmpty()) {
                throw new IOException(hypervisor + " boots from files vmbench writes: the raw readers cannot boot it; "
                        + "run this benchmark on a QEMU hypervisor");
            }
        } finally {
            names.forEach(registry::release);
        }
        List<Double> rawAll = new ArrayList<>();
        List<Double> rawEach = new ArrayList<>();
        List<Double> vmbAll = new ArrayList<>();
        List<Double> vmbEach = new ArrayList<>();
        Peak rawPeak = new Peak(host);
        Peak vmbPeak = new Peak(host);
        for (int i = 1; i <= rounds; i++) {
            boolean rawFirst = i % 4 == 1 || i % 4 == 0; // ABBA
            for (int k = 0; k < 2; k++) {
                if ((k == 0) == rawFirst) {
                    double all = raw(host, plans, rawEach, rawPeak);
                    rawAll.add(all);
                    progress.accept(String.format(Locale.ROOT, "round %d/%d raw      all at the prompt after %.2f s", i,
                            rounds, all));
                } else {
                    double all = viaVmbench(boot, registry, options, vms, vmbEach, vmbPeak);
                    vmbAll.add(all);
                    progress.accept(String.format(Locale.ROOT, "round %d/%d vmbench  all at the prompt after %.2f s", i,
                            rounds, all));
                }
            }
        }
        return new Result(vms, hypervisor, accel, plans.get(0).spec().memMiB(), plans.get(0).spec().cpus(),
                host.cpuCount(), new Side(rawAll, rawEach, rawPeak.cpu, rawPeak.mem),
                new Side(vmbAll, vmbEach, vmbPeak.cpu, vmbPeak.mem));
    }

    /** N raw readers started at once. @return seconds until the last saw its prompt */
    private static double raw(Host host, List<PreparedVm> plans, List<Double> each, Peak peak)
            throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(plans.size());
        peak.start();
        long t0 = System.nanoTime();
        try {
            List<Future<Double>> boots = new ArrayList<>();
            for (PreparedVm p : plans) {
                Pattern prompt = Pattern.compile(p.spec().promptRegex());
                boots.add(pool.submit(() -> RawBoot.measure(host, p.plan().argv(), prompt, 300)));
            }
            List<Double> times = new ArrayList<>();
            for (Future<Double> f : boots) {
                times.add(f.get());
            }
            double all = (System.nanoTime() - t0) / 1e9;
            each.addAll(times);
            return all;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e);
        } finally {
            peak.stop();
            pool.shutdownNow(); // a reader still waiting kills its hypervisor when interrupted... or at its deadline
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** N VMs booted at once through vmbench, then killed. @return seconds until the last was ready */
    private static double viaVmbench(Boot boot, SessionRegistry registry, BootOptions options, int vms,
                                     List<Double> each, Peak peak) throws IOException, InterruptedException {
        List<String> names = boot.claim("density", vms, options);
        peak.start();
        long t0 = System.nanoTime();
        List<Boot.Outcome> outcomes = List.of();
        try {
            outcomes = boot.bootAll(names, options, Boot.Events.lines(line -> { }, line -> { }));
            double all = (System.nanoTime() - t0) / 1e9;
            for (Boot.Outcome o : outcomes) {
                if (!o.ok()) {
                    throw new IOException(o.name() + " did not boot: " + o.line());
                }
                each.add(o.vm().bootTime().orElseThrow().toNanos() / 1e9);
            }
            return all;
        } finally {
            peak.stop();
            List<VmSession> live = outcomes.stream().filter(Boot.Outcome::ok).map(Boot.Outcome::vm).toList();
            registry.killAll(live);
            live.forEach(registry::remove);
        }
    }

    /** The host's busiest CPU interval and its most memory in use, sampled while a round runs. */
    static final class Peak {
        private static final long SAMPLE_MILLIS = 250;
        private final Host host;
        double cpu;
        long mem;
        private Thread sampler;

        Peak(Host host) {
            this.host = host;
        }

        void start() {
            sampler = new Thread(() -> {
                long[] prev = cpuTimes();
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(SAMPLE_MILLIS); // the sampling period, not synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                    long[] now = cpuTimes();
                    if (prev != null && now != null && now[0] > prev[0]) {
                        double busy = (double) (now[1] - prev[1]) / (now[0] - prev[0]);
                        synchronized (this) {
                            cpu = Math.max(cpu, busy);
                        }
                    }
                    prev = now;
                    long used = memUsed();
                    synchronized (this) {
                        mem = Math.max(mem, used);
                    }
                }
            }, "density-peak");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            sampler.interrupt();
            sampler.join(2000);
        }

        /** {total, busy} jiffies of all CPUs, from /proc/stat's first line; null if unreadable. */
        private long[] cpuTimes() {
            String stat = host.readText(Path.of("/proc/stat"), 64 * 1024).orElse("");
            String first = stat.lines().findFirst().orElse("");
            if (!first.startsWith("cpu ")) {
                return null;
            }
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total, total - idle};
        }

        private long memUsed() {
            return host.readText(Path.of("/proc/meminfo"), 64 * 1024).map(Meminfo::parse).map(m -> {
                Meminfo.Field total = m.fields().get("MemTotal");
                Meminfo.Field avail = m.fields().get("MemAvailable");
                return total == null || avail == null ? 0L : (total.value() - avail.value()) * 1024;
            }).orElse(0L);
        }
    }
}
