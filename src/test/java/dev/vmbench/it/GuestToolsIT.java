package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.GuestTool;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.ImageManifest;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;

/**
 * {@code image build --with fio} for real (apt-get download of fio and the library packages its ELF needs),
 * booted: fio runs in the busybox guest, without an ld.so.cache. Its own image folder, kept in target/ so a
 * second run fetches nothing.
 */
class GuestToolsIT {

    static final Duration T = Duration.ofSeconds(60);
    static final ImageLayout LAYOUT = new ImageLayout(Path.of("target", "it-home-tools", "images", "default")
            .toAbsolutePath());

    @Test
    void fioRunsInTheGuestAndAnotherToolSetRemakesTheRootDisk() throws Exception {
        List<String> progress = new ArrayList<>();
        ImageManifest m = new ImageBuilder(LAYOUT, progress::add, TestImage.host()).build(null, 8, false,
                List.of("fio"));
        progress.forEach(l -> System.out.println("[tools image] " + l));
        GuestTool fio = m.requireTool("fio");
        assertThat(fio.program()).isEqualTo("/usr/bin/fio");
        assertThat(fio.libraries()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(fio.libraryPackages()).anyMatch(p -> p.startsWith("libc6 ")).noneMatch(p -> p.startsWith("python3"));
        assertThat(progress).anyMatch(l -> l.startsWith("[5/5] guest tools: fio ") || l.contains("and fio (reused)"));
        assertThat(ImageBuilder.readManifest(LAYOUT).orElseThrow().toolNames()).containsExactly("fio");

        VmLauncher launcher = TestImage.launcher();
        VmSpec spec = new VmSpec("tools-microvm", "qemu-microvm", LAYOUT.bzImage(), LAYOUT.initramfs(), LAYOUT.rootfs(),
                512, 2, null, Accel.AUTO, false, null, List.of());
        try (SessionRegistry registry = new SessionRegistry()) {
            VmSession vm = launcher.start(launcher.prepare(spec), T, l -> { });
            registry.add(vm);
            ExecResult version = GuestExec.run(vm, "fio --version", T);
            assertThat(version.exitCode()).isZero();
            assertThat(version.output()).isEqualTo("fio-" + fio.version().replaceAll("-[^-]*$", "") + "\n");
            assertThat(GuestExec.run(vm, "ls /etc/ld.so.cache", T).exitCode()).as("no cache needed").isNotZero();
            ExecResult job = GuestExec.run(vm, "fio --name=t --filename=/tmp/f --size=4M --rw=randread --bs=4k"
                    + " --output-format=json", Duration.ofMinutes(5));
            assertThat(job.exitCode()).isZero();
            assertThat(job.output()).contains("\"jobname\" : \"t\"", "\"error\" : 0", "\"io_kbytes\" : 4096");
        }

        workloadsOnTheToolsImage(fio);

        List<String> without = new ArrayList<>();
        ImageManifest plain = new ImageBuilder(LAYOUT, without::add, TestImage.host()).build(null, 8, false, List.of());
        assertThat(without).anyMatch(l -> l.startsWith("[5/5] root disk ") && !l.contains("reused"));
        assertThat(plain.tools()).isEmpty();
        assertThatThrownBy(() -> plain.requireTool("fio"))
                .hasMessage("the image has no fio: run 'image build --with fio'");
    }

    /**
     * Issue 17's comparison on the image with fio: fio-randread-4k on qemu-microvm against qemu-q35 (TCG), an IOPS
     * table with significance, exports in IOPS, the scratch disks gone with the VMs; then the export as a baseline:
     * results compare against itself is "no change", and a planted regression fails bench --fail-on-regression.
     */
    private void workloadsOnTheToolsImage(GuestTool fio) throws Exception {
        Path home = LAYOUT.dir().getParent().getParent();
        java.util.Map<String, String> env = java.util.Map.of("VMBENCH_HOME", home.toString());
        Path dir = java.nio.file.Files.createTempDirectory("vmbench-workload");
        Path json = dir.resolve("fio.json");
        Cli.Result r = Cli.run(env, "compare", "--workload", "fio-randread-4k", "--hypervisors", "qemu-microvm,qemu-q35",
                "--runs", "3", "--boots", "1", "--random-mib", "8", "--export-json", json.toString(), "--export-markdown",
                dir.resolve("fio.md").toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("== workload fio-randread-4k: read IOPS (IOPS, higher is better)")
                .containsPattern("read IOPS mean ± σ \\[IOPS\\]")
                .containsPattern("cmp-qemu-(microvm|q35) is [0-9.]+ IOPS worse than cmp-qemu-(microvm|q35) on average")
                .contains("read IOPS: higher is better");
        com.fasterxml.jackson.databind.JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("results");
        assertThat(results).hasSize(2);
        for (com.fasterxml.jackson.databind.JsonNode x : results) {
            com.fasterxml.jackson.databind.JsonNode m = x.get("metrics").get("read_iops");
            assertThat(m.get("unit").asText()).isEqualTo("IOPS");
            assertThat(m.get("values")).hasSize(3);
            assertThat(m.get("mean").asDouble()).isPositive();
            assertThat(x.get("environment").get("scratch_disk").asText()).startsWith("1024 MiB sparse raw file, /dev/vdb");
        }
        assertThat(java.nio.file.Files.readString(dir.resolve("fio.md"))).contains("Mean [IOPS]");
        // the scratch disks went with their VMs
        try (var s = java.nio.file.Files.walk(home.resolve("state"))) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("scratch.img")).toList()).isEmpty();
        }
        assertThat(VmLifecycleIT.qemuProcessesNamed("cmp-qemu-microvm")).isEmpty();

        // the export read back as A and as B: nothing changed
        Cli.Result same = Cli.run(env, "results", "compare", json.toString(), json.toString());
        assertThat(same.code()).as(same.out()).isZero();
        assertThat(same.out()).contains("2 compared: 0 better, 0 worse, 2 no change");
        // a planted regression. The measured runs are noisy under TCG (three runs can spread by more than
        // 30%, and a 30% drop of overlapping samples is then rightly "no change"), so A is the export with
        // its runs set to steady figures around their measured mean, and B the same 30% lower.
        Path steady = plant(json, dir.resolve("steady.json"), 1.0);
        Path worse = plant(json, dir.resolve("worse.json"), 0.7);
        Cli.Result regression = Cli.run(env, "results", "compare", steady.toString(), worse.toString(),
                "--fail-on-regression", "--p", "0.2");
        assertThat(regression.code()).as(regression.out()).isEqualTo(1);
        assertThat(regression.out()).contains("Error: 2 regression(s) against the baseline: cmp-qemu-microvm: "
                + "fio-randread-4k, cmp-qemu-q35: fio-randread-4k").contains("-30.0%");
        // at the default p < 0.01, three runs each cannot show it, and the table says so
        Cli.Result strict = Cli.run(env, "results", "compare", steady.toString(), worse.toString(), "--fail-on-regression");
        assertThat(strict.code()).as(strict.out()).isZero();
        assertThat(strict.out()).contains("with 3 and 3 runs no p below 0.01 is possible (the smallest is 0.100)");
    }

    /** The export at {@code from} with each result's IOPS runs set to its measured mean × (0.99, 1, 1.01) × factor. */
    private static Path plant(Path from, Path to, double factor) throws java.io.IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(from.toFile());
        double[] spread = {0.99, 1.0, 1.01};
        for (com.fasterxml.jackson.databind.JsonNode x : root.get("results")) {
            com.fasterxml.jackson.databind.node.ArrayNode v = (com.fasterxml.jackson.databind.node.ArrayNode)
                    x.get("metrics").get("read_iops").get("values");
            double mean = 0;
            for (com.fasterxml.jackson.databind.JsonNode n : v) {
                mean += n.asDouble() / v.size();
            }
            for (int i = 0; i < v.size(); i++) {
                v.set(i, mean * spread[i % spread.length] * factor);
            }
        }
        return java.nio.file.Files.writeString(to, root.toString());
    }
}
