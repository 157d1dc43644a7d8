package dev.vmbench.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.VmbenchException;
import dev.vmbench.benchmark.BootOverhead;
import dev.vmbench.benchmark.ConsoleCost;
import dev.vmbench.benchmark.Density;
import dev.vmbench.benchmark.LinkOverhead;
import dev.vmbench.benchmark.RunOverhead;
import dev.vmbench.benchmark.ShellMemory;
import dev.vmbench.benchmark.Startup;
import dev.vmbench.boot.Boot;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.profile.BootOption;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;

@ShellComponent
public class BenchmarkCommands {

    private final VmLauncher launcher;
    private final ImageLayout image;
    private final Out out;
    private final SessionRegistry registry;
    private final VmbenchPaths paths;
    private final Hypervisors hypervisors;
    private final Boot boot;

    public BenchmarkCommands(VmLauncher launcher, ImageLayout defaultImage, Out out, SessionRegistry registry,
                             VmbenchPaths paths, Hypervisors hypervisors, Boot boot) {
        this.launcher = launcher;
        this.image = defaultImage;
        this.out = out;
        this.registry = registry;
        this.paths = paths;
        this.hypervisors = hypervisors;
        this.boot = boot;
    }

    /** A benchmark's measuring, whose I/O failure is one line. */
    private interface Measure {
        String run() throws IOException, InterruptedException;
    }

    private static String measure(Measure m) throws InterruptedException {
        try {
            return m.run().stripTrailing();
        } catch (IOException e) {
            throw new VmbenchException("benchmark failed: " + e.getMessage(), e);
        }
    }

    @ShellMethod(key = "benchmark boot",
            value = "Measure vmbench's boot-to-prompt against a raw pty reader on the same hypervisor line.",
            group = "Benchmarks")
    public String boot(
            @ShellOption(value = "--runs", defaultValue = "5", help = "boots of each kind") int runs,
            @ShellOption(value = "--hypervisor", defaultValue = "qemu-microvm",
                    valueProvider = Completions.HypervisorNames.class, help = "hypervisor") String hypervisor)
            throws InterruptedException {
        Required.count("--runs", runs, 1, 100);
        // the one way from options to a VM, as boot takes it: Firecracker gets the image's vmlinux
        BootOptions o = BootOptions.NONE.with(BootOption.HYPERVISOR, hypervisor).with(BootOption.MEM, "1G")
                .with(BootOption.CPUS, "2");
        var prepared = launcher.prepare(o.toSpec("bench", hypervisors, image, boot.logDir()));
        return measure(() -> BootOverhead.run(launcher, prepared, runs, out::println).report());
    }

    @ShellMethod(key = "benchmark density",
            value = "A boot storm: N VMs at once through vmbench against N raw pty readers at once, alternating.",
            group = "Benchmarks")
    public String density(
            @ShellOption(value = "--vms", defaultValue = "8", help = "VMs booted at once") int vms,
            @ShellOption(value = "--rounds", defaultValue = "3", help = "boot storms of each kind") int rounds,
            @ShellOption(value = "--hypervisor", defaultValue = "qemu-microvm",
                    valueProvider = Completions.HypervisorNames.class, help = "hypervisor (QEMU)") String hypervisor,
            @ShellOption(value = "--mem", defaultValue = "256M", help = "guest memory of each VM") String mem,
            @ShellOption(value = "--cpus", defaultValue = "1", help = "vCPUs of each VM") String cpus)
            throws InterruptedException {
        Required.count("--vms", vms, 1, Boot.MAX_BATCH);
        Required.count("--rounds", rounds, 1, 100);
        BootOptions o = BootOptions.NONE.with(BootOption.HYPERVISOR, hypervisor).with(BootOption.MEM, mem)
                .with(BootOption.CPUS, cpus);
        return measure(() -> Density.run(boot, launcher, registry, o, vms, rounds, out::println).report());
    }

    @ShellMethod(key = "benchmark run",
            value = "Measure the overhead of 'run VM true' against a raw framed write on the same VM.",
            group = "Benchmarks")
    public String run(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, valueProvider = Completions.VmNames.class,
                    help = "a live VM") String vm,
            @ShellOption(value = "--host", defaultValue = ShellOption.NULL,
                    help = "instead: a VM on this host over SSH against a VM here") String host,
            @ShellOption(value = "--runs", defaultValue = "40", help = "round trips of each kind") int runs,
            @ShellOption(value = "--workload", defaultValue = "sha256sum /random.txt",
                    help = "timed command for the wall-versus-real check") String workload,
            @ShellOption(value = "--workload-runs", defaultValue = "3", help = "0 to skip") int workloadRuns)
            throws InterruptedException {
        Required.count("--runs", runs, 2, 10000);
        Required.count("--workload-runs", workloadRuns, 0, 1000);
        if (host != null) {
            if (vm != null) {
                throw new dev.vmbench.UsageException("benchmark run takes --vm or --host, not both");
            }
            return LinkOverhead.run(boot, registry, host, runs, out::println).report().stripTrailing();
        }
        var s = registry.getReady(Required.value(vm, "--vm", "benchmark run VM"));
        return measure(() -> RunOverhead.run(s, runs, workload, workloadRuns, out::println).report());
    }

    @ShellMethod(key = "benchmark console",
            value = "What the serial console costs: a command printing N bytes to the console against the same to /dev/null.",
            group = "Benchmarks")
    public String console(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, valueProvider = Completions.VmNames.class,
                    help = "a live VM") String vm,
            @ShellOption(value = "--host", defaultValue = ShellOption.NULL,
                    help = "instead: a VM on this host over SSH against a VM here") String host,
            @ShellOption(value = "--bytes", defaultValue = "0,10000,1000000", help = "sizes printed, comma-separated")
            String bytes,
            @ShellOption(value = "--runs", defaultValue = "3", help = "runs of each kind per size") int runs)
            throws InterruptedException {
        Required.count("--runs", runs, 1, 1000);
        List<Long> sizes = new java.util.ArrayList<>();
        for (String b : dev.vmbench.text.CommaList.of(Required.value(bytes, "--bytes", "benchmark console --bytes 0,10000"))) {
            try {
                sizes.add(Long.parseLong(b));
            } catch (NumberFormatException e) {
                throw new dev.vmbench.UsageException("bad --bytes '" + b + "': give byte counts, e.g. 0,10000,1000000");
            }
        }
        if (sizes.stream().anyMatch(n -> n < 0 || n > 100_000_000)) {
            throw new dev.vmbench.UsageException("bad --bytes '" + bytes + "': each from 0 to 100000000");
        }
        var s = registry.getReady(Required.value(vm, "--vm", "benchmark console VM"));
        return measure(() -> ConsoleCost.run(s, sizes, runs, out::println).report());
    }

    @ShellMethod(key = "benchmark startup",
            value = "Time to the prompt and of a one-shot command: the vmbench launcher against java -jar of the same build and the JVM floor.",
            group = "Benchmarks")
    public String startup(
            @ShellOption(value = "--runs", defaultValue = "10", help = "starts of each kind") int runs,
            @ShellOption(value = "--launcher", defaultValue = "target/vmbench", valueProvider = FileValueProvider.class,
                    help = "the launcher") String launcherFile,
            @ShellOption(value = "--jar", defaultValue = "target/vmbench.jar", valueProvider = FileValueProvider.class,
                    help = "the baseline's jar") String jar,
            @ShellOption(value = "--one-shot", defaultValue = "doctor", help = "the one-shot command timed") String oneShot)
            throws InterruptedException {
        Required.count("--runs", runs, 1, 200);
        return measure(() -> Startup.run(launcher.host(), Path.of(launcherFile), Path.of(jar), oneShot, runs,
                childEnv(), out::println).report());
    }

    @ShellMethod(key = "benchmark memory",
            value = "Resident memory of a vmbench shell idle, then with N live VMs booted from it.",
            group = "Benchmarks")
    public String memory(
            @ShellOption(value = "--vms", defaultValue = "8", help = "how many VMs") int vms,
            @ShellOption(value = "--launcher", defaultValue = "target/vmbench", valueProvider = FileValueProvider.class,
                    help = "the launcher") String launcherFile,
            @ShellOption(value = "--mem", defaultValue = "256M", help = "guest memory of each VM") String mem)
            throws InterruptedException {
        Required.count("--vms", vms, 1, 32);
        BootOptions.NONE.with(BootOption.MEM, mem).toSpec("check", hypervisors, image, boot.logDir()); // built image?
        if (!java.nio.file.Files.isExecutable(Path.of(launcherFile))) {
            throw new VmbenchException(launcherFile + " is not there: build with 'mvn package' first");
        }
        return measure(() -> ShellMemory.run(launcher.host(), List.of(Path.of(launcherFile).toAbsolutePath().toString()),
                vms, "--mem " + mem + " --cpus 1", childEnv(), out::println).report());
    }

    /** The shells measured use this one's VMBENCH_HOME (its image) and keep their history out of the user's. */
    private Map<String, String> childEnv() {
        return Map.of("VMBENCH_HOME", paths.home().toString());
    }
}
