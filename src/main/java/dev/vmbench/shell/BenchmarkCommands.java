package dev.vmbench.shell;

import java.io.IOException;
import java.util.List;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.VmbenchException;
import dev.vmbench.benchmark.BootOverhead;
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

    public BenchmarkCommands(VmLauncher launcher, ImageLayout defaultImage, Out out, SessionRegistry registry) {
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
}
