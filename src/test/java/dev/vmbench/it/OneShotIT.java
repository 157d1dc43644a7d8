package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code java -jar vmbench.jar COMMAND}: runs one command and exits with its status. */
class OneShotIT {

    static Cli.Result vmbench(String... args) throws Exception {
        return Cli.run(java.util.Map.of(), args);
    }


    @Test
    void dryRunPrintsTheExactCommandLineAndBootsNothing() throws Exception {
        TestImage.get();
        Cli.Result r = vmbench("boot", "--dry-run", "--name", "dry");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("qemu-system-x86_64 -name dry -M microvm,rtc=off")
                .contains("-smp 2 -m 1024M").contains("-serial chardev:serial0").contains("-no-reboot");
        Cli.Result q = vmbench("boot", "--dry-run", "--hypervisor", "qemu-q35", "--mem", "512M", "--cpus", "1");
        assertThat(q.out()).contains("-M q35").contains("-smp 1 -m 512M").contains("virtio-blk-pci");
    }

    @Test
    void badInputExitsNonZeroWithOneLineAndNoTrace() throws Exception {
        Cli.Result r = vmbench("boot", "--mem", "12x");
        assertThat(r.code()).isEqualTo(2); // a usage error
        assertThat(r.out().strip()).isEqualTo("Error: bad memory size '12x': use a number of MiB or a size such as 512M or 1G");
        Cli.Result k = vmbench("boot", "--kernel", "/nonexistent/vmlinuz", "--dry-run");
        assertThat(k.code()).isEqualTo(2);
        assertThat(k.out()).startsWith("Error: no file /nonexistent/vmlinuz: give a kernel image").doesNotContain("\tat ");
        Cli.Result u = vmbench("logs", "nosuch");
        assertThat(u.code()).isEqualTo(1);
        assertThat(u.out()).contains("no VM named 'nosuch'");
        Cli.Result o = vmbench("overhead");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out().strip()).startsWith("Error: no live VM: boot one first").doesNotContain("\n");
        Cli.Result on = vmbench("overhead", "nosuch");
        assertThat(on.code()).isEqualTo(1);
        assertThat(on.out().strip()).contains("no VM named 'nosuch'").doesNotContain("\n");
    }

    /** Usage errors from the command line: one line, status 2, no trace; --help after any command is its help. */
    @Test
    void usageErrorsAreOneLineAndStatusTwo() throws Exception {
        for (String[] args : new String[][] {{"boot", "--bogus"}, {"nosuchcmd"}, {"run"}, {"results", "show", "abc"},
                {"bench", "true", "--vms", ""}, {"logs", "x", "--lines"}, {"compare", "--runs", "0"},
                {"boot", "--count", "2", "--name", "a,b"}, {"boot", "--count", "0"}, {"boot", "--count", "2", "--persistent"},
                {"stop"}, {"kill", "--all", "x"}}) {
            Cli.Result r = vmbench(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.out()).isEqualTo(2);
            assertThat(r.out().strip().lines().count()).as(r.out()).isEqualTo(1);
            assertThat(r.out()).doesNotContain("\tat ").doesNotContainIgnoringCase("exception").doesNotContain("bug");
        }
        // a line that names no command says what was meant
        assertThat(vmbench("results").out().strip()).isEqualTo("Error: 'results' is followed by one of: compare, "
                + "list, show (e.g. 'help results compare')");
        assertThat(vmbench("bnech", "--vms", "a").out().strip()).isEqualTo("Error: no command 'bnech': did you mean "
                + "'bench'?");
        Cli.Result help = vmbench("run", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run - Run a command in a VM's shell");
        Cli.Result snapshot = vmbench("boot", "--dry-run", "--qemu-arg", "-snapshot");
        assertThat(snapshot.code()).isZero();
        assertThat(snapshot.out()).contains(" -snapshot");
    }

    @Test
    void doctorAndImageInfoReport() throws Exception {
        TestImage.get();
        Cli.Result d = vmbench("doctor");
        assertThat(d.out()).containsPattern("ok\\s+qemu-system-x86_64\\s+QEMU emulator version")
                .containsPattern("(ok|warn)\\s+kvm").containsPattern("ok\\s+default image\\s+kernel")
                .containsPattern("ok\\s+mke2fs").contains("firecracker");
        assertThat(d.code()).isZero();
        Cli.Result i = vmbench("image", "info");
        assertThat(i.code()).isZero();
        assertThat(i.out()).contains("random.txt    64 MiB, sha256 ").contains("rootfs.ext4");
    }

    @Test
    void compareRunsTheSeedExperimentEndToEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TestImage.get();
        java.nio.file.Path json = dir.resolve("cmp.json");
        java.nio.file.Path md = dir.resolve("cmp.md");
        Cli.Result r = vmbench("compare", "--runs", "2", "--boots", "2", "--export-json", json.toString(),
                "--export-markdown", md.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("cmp-qemu-microvm (qemu-microvm): time sha256sum /random.txt")
                .contains("cmp-qemu-q35 (qemu-q35): time sha256sum /random.txt")
                .containsPattern("Real \\(mean ± σ\\):")
                .containsPattern("MemTotal\\s+[0-9.]+ MiB\\s+[0-9.]+ MiB")
                .containsPattern("field\\s+cmp-qemu-microvm\\s+cmp-qemu-q35\\s+delta\\s+delta %")
                .containsPattern("Largest differences:|No differences");
        com.fasterxml.jackson.databind.JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("results");
        assertThat(results).hasSize(2);
        com.fasterxml.jackson.databind.JsonNode host = results.get(0).get("host");
        assertThat(host.get("vmm_overhead_kib").get("rss").asLong()).isPositive();
        assertThat(host.get("guest_ram_kib").asLong()).isPositive();
        assertThat(host.get("vmm_cpu_s")).hasSize(2);
        assertThat(host.get("boot_phases_s").get("prompt").asDouble()).isPositive();
        assertThat(r.out()).containsPattern("qemu-microvm boot 2/2: first byte [0-9.]+ s")
                .contains("the host side: what each hypervisor process cost")
                .containsPattern("Which uses less memory, on the host: qemu-(microvm|q35)");
        assertThat(java.nio.file.Files.readString(md)).startsWith("| Command | hypervisor | Mean [s] |");
        assertThat(VmLifecycleIT.qemuProcessesNamed("cmp-qemu-microvm")).isEmpty();
    }
}
