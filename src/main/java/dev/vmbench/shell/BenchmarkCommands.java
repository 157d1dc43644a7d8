package dev.vmbench.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.VmbenchException;
import dev.vmbench.benchmark.BootOverhead;
import dev.vmbench.benchmark.ShellMemory;
import dev.vmbench.benchmark.Startup;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.benchmark.RunOverhead;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.session.VmLauncher;

@ShellComponent
public class BenchmarkCommands {

    private final VmLauncher launcher;
    private final ImageLayout image;
    private final Out out;
    private final SessionRegistry registry;

    private final VmbenchPaths paths;

    public BenchmarkCommands(VmLauncher launcher, ImageLayout defaultImage, Out out, SessionRegistry registry,
                             VmbenchPaths paths) {
        this.paths = paths;
        this.registry = registry;
        this.launcher = launcher;
        this.image = defaultImage;
        this.out = out;
    }

    @ShellMethod(key = "benchmark boot",
            value = "Measure vmbench's boot-to-prompt against a raw pty reader on the same QEMU line.",
            group = "Benchmarks")
    public String boot(
            @ShellOption(value = "--runs", defaultValue = "5", help = "boots of each kind") int runs,
            @ShellOption(value = "--hypervisor", defaultValue = "qemu-microvm",
                    valueProvider = Completions.HypervisorNames.class, help = "hypervisor") String hypervisor)
            throws InterruptedException {
        if (runs < 1 || runs > 100) {
            throw new VmbenchException("bad --runs " + runs + ": give 1 to 100");
        }
        if (!ImageBuilder.isComplete(image)) {
            throw new VmbenchException("the default image is not built: run 'image build' first");
        }
        VmSpec spec = new VmSpec("bench", hypervisor, image.bzImage(), image.initramfs(), image.rootfs(), 1024, 2,
                null, Accel.AUTO, false, null, List.of());
        try {
            return BootOverhead.run(launcher, launcher.prepare(spec), runs, out::println).report();
        } catch (IOException e) {
            throw new VmbenchException("benchmark failed: " + e.getMessage(), e);
        }
    }

    @ShellMethod(key = "benchmark run",
            value = "Measure the overhead of 'run VM true' against a raw framed write on the same VM.",
            group = "Benchmarks")
    public String run(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "a live VM") String vm,
            @ShellOption(value = "--runs", defaultValue = "40", help = "round trips of each kind") int runs,
            @ShellOption(value = "--workload", defaultValue = "sha256sum /random.txt",
                    help = "timed command for the wall-versus-real check") String workload,
            @ShellOption(value = "--workload-runs", defaultValue = "3", help = "0 to skip") int workloadRuns)
            throws InterruptedException {
        if (runs < 2 || runs > 10000) {
            throw new VmbenchException("bad --runs " + runs + ": give 2 to 10000");
        }
        try {
            return RunOverhead.run(registry.getLive(vm), runs, workload, workloadRuns, out::println).report().stripTrailing();
        } catch (IOException e) {
            throw new VmbenchException("benchmark failed: " + e.getMessage(), e);
        }
    }

    @ShellMethod(key = "benchmark startup",
            value = "Time to the prompt and of a one-shot command: the vmbench launcher against java -jar of the same build.",
            group = "Benchmarks")
    public String startup(
            @ShellOption(value = "--runs", defaultValue = "10", help = "starts of each kind") int runs,
            @ShellOption(value = "--launcher", defaultValue = "target/vmbench", valueProvider = FileValueProvider.class,
                    help = "the launcher") String launcher,
            @ShellOption(value = "--jar", defaultValue = "target/vmbench.jar", valueProvider = FileValueProvider.class,
                    help = "the baseline's jar") String jar,
            @ShellOption(value = "--one-shot", defaultValue = "doctor", help = "the one-shot command timed") String oneShot)
            throws InterruptedException {
        if (runs < 1 || runs > 200) {
            throw new VmbenchException("bad --runs " + runs + ": give 1 to 200");
        }
        try {
            return Startup.run(this.launcher.host(), Path.of(launcher), Path.of(jar), oneShot, runs, childEnv(), out::println).report()
                    .stripTrailing();
        } catch (IOException e) {
            throw new VmbenchException("benchmark failed: " + e.getMessage(), e);
        }
    }

    @ShellMethod(key = "benchmark memory",
            value = "Resident memory of a vmbench shell idle, then with N live VMs booted from it.",
            group = "Benchmarks")
    public String memory(
            @ShellOption(value = "--vms", defaultValue = "8", help = "how many VMs") int vms,
            @ShellOption(value = "--launcher", defaultValue = "target/vmbench", valueProvider = FileValueProvider.class,
                    help = "the launcher") String launcher,
            @ShellOption(value = "--mem", defaultValue = "256M", help = "guest memory of each VM") String mem)
            throws InterruptedException {
        if (vms < 1 || vms > 32) {
            throw new VmbenchException("bad --vms " + vms + ": give 1 to 32");
        }
        if (!ImageBuilder.isComplete(image)) {
            throw new VmbenchException("the default image is not built: run 'image build' first");
        }
        if (!java.nio.file.Files.isExecutable(Path.of(launcher))) {
            throw new VmbenchException(launcher + " is not there: build with 'mvn package' first");
        }
        try {
            return ShellMemory.run(this.launcher.host(), List.of(Path.of(launcher).toAbsolutePath().toString()), vms, "--mem " + mem + " --cpus 1", childEnv(), out::println)
                    .report().stripTrailing();
        } catch (IOException e) {
            throw new VmbenchException("benchmark failed: " + e.getMessage(), e);
        }
    }

    /** The shells measured use this one's VMBENCH_HOME (its image) and keep their history out of the user's. */
    private java.util.Map<String, String> childEnv() {
        return java.util.Map.of("VMBENCH_HOME", paths.home().toString());
    }
}
