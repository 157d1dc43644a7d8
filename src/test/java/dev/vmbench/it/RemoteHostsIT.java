package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts over SSH through real OpenSSH servers in network namespaces the test makes ({@link TestHosts}): the
 * hosts file and an Ansible inventory, {@code hosts check} reaching a host, and each way of not reaching one
 * as one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RemoteHostsIT {

    private Path dir;
    private TestHosts hosts;
    private TestHosts.Machine one;
    private Path config;

    @BeforeAll
    void hosts(@TempDir Path tmp) throws Exception {
        dir = tmp;
        assumeTrue(TestHosts.possible(), "needs root, /usr/sbin/sshd (openssh-server) and ip (iproute2)");
        TestImage.get();
        hosts = new TestHosts(Files.createDirectories(dir.resolve("keys")));
        one = hosts.add(1);
        config = Files.createDirectories(dir.resolve("config").resolve("vmbench")).getParent();
        Path wrongKey = dir.resolve("keys").resolve("stranger");
        TestHosts.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKey.toString());
        Path noKnown = Files.writeString(dir.resolve("keys").resolve("empty_known_hosts"), "");
        Files.writeString(config.resolve("vmbench").resolve("hosts.yaml"), "hosts:\n"
                + hosts.yamlEntry("lab1", one, hosts.clientKey(), hosts.knownHosts())
                + hosts.yamlEntry("stranger", one, wrongKey, hosts.knownHosts())
                + hosts.yamlEntry("unknownkey", one, hosts.clientKey(), noKnown)
                + "  nowhere:\n    destination: root@10.231.1.3\n    options: [ConnectTimeout=2]\n");
    }

    @AfterAll
    void end() {
        if (hosts != null) {
            hosts.close();
        }
    }

    private Cli.Result vmbench(String... args) throws Exception {
        return Cli.run(Map.of("XDG_CONFIG_HOME", config.toString()), args);
    }

    @Test
    @org.junit.jupiter.api.Order(0) // before any boot: the cache is empty
    void hostsCheckReachesTheHostThroughItsSshd() throws Exception {
        Cli.Result r = vmbench("hosts", "check", "lab1");
        assertThat(r.out()).containsPattern("ok\\s+ssh\\s+reached and authenticated as root@")
                .containsPattern("ok\\s+link\\s+a command's round trip \\d+\\.\\d ms")
                .containsPattern("ok\\s+qemu\\s+/usr/bin/qemu-system-x86_64: QEMU emulator version")
                .containsPattern("(ok|warn)\\s+kvm\\s+")
                .containsPattern("ok\\s+cache\\s+" + one.dir().resolve("cache") + ": \\d+\\.\\d GiB free")
                .containsPattern("warn\\s+image\\s+0 of 3 of the default image's files are there");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(Files.isDirectory(one.dir().resolve("cache"))).isTrue();
    }

    @Test
    void everyWayOfNotReachingAHostIsOneLine() throws Exception {
        Cli.Result refused = vmbench("hosts", "check", "stranger");
        assertThat(refused.out()).contains("ssh to stranger: authentication refused (publickey)")
                .contains("ssh-copy-id stranger");
        Cli.Result unknown = vmbench("hosts", "check", "unknownkey");
        assertThat(unknown.out()).contains("the host key of unknownkey is not known: run 'ssh unknownkey' once");
        Cli.Result nowhere = vmbench("hosts", "check", "nowhere");
        assertThat(nowhere.out()).containsPattern("ssh to nowhere: host unreachable|ssh to nowhere: connection refused");
        for (Cli.Result r : new Cli.Result[] {refused, unknown, nowhere}) {
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).doesNotContain("\tat ").doesNotContainIgnoringCase("exception");
            assertThat(r.out().lines().filter(l -> l.contains("fail "))).hasSize(1);
        }
    }

    /** The hypervisors of a VM name running in a test host's namespace. */
    private static java.util.List<ProcessHandle> remoteQemus(TestHosts.Machine m, String vm) throws Exception {
        java.util.List<ProcessHandle> out = new java.util.ArrayList<>();
        for (String pid : TestHosts.run("ip", "netns", "pids", m.name()).split("\\s+")) {
            if (pid.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(pid)).filter(p -> p.info().commandLine()
                    .map(c -> c.contains("qemu-system") && c.contains("-name " + vm + " ")).orElse(false))
                    .ifPresent(out::add);
        }
        return out;
    }

    @Test
    @org.junit.jupiter.api.Order(1) // the first boot on the host: its files are copied
    void aVmBootsOnTheHostOverSshAndWorksThereAsHere() throws Exception {
        ProcessHandle jvm = null;
        java.util.List<ProcessHandle> seen = new java.util.ArrayList<>();
        // a VM folder a killed vmbench left there (a Firecracker disk copy, say): no process names it
        Path stale = Files.createDirectories(one.dir().resolve("cache").resolve("state").resolve("vms").resolve("99999")
                .resolve("left-behind"));
        Files.writeString(stale.resolve("rootfs.ext4"), "a disk copy nobody uses");
        try (Tmux t = Tmux.start("remote-boot", 170, 45)) {
            t.line("export XDG_CONFIG_HOME=" + config);
            jvm = t.openVmbench("java -jar " + TestImage.JAR);
            int m = t.mark();
            t.line("boot --host lab1 --name r1 --mem 256M --cpus 1");
            String out = t.waitFor("r1 is ready: guest prompt after", m, java.time.Duration.ofSeconds(180));
            assertThat(out).contains("copying rootfs.ext4").contains("copied in")
                    .contains("removed 1 VM folder(s) on lab1 that no hypervisor uses");
            assertThat(stale.getParent()).doesNotExist();
            java.util.List<ProcessHandle> r1 = remoteQemus(one, "r1");
            assertThat(r1).as("r1's QEMU in the test host's namespace").hasSize(1);
            seen.addAll(r1);
            long remotePid = r1.get(0).pid();
            m = t.mark();
            t.line("vms");
            t.waitFor("│r1 *│lab1 *│qemu-microvm│tcg *│" + remotePid + " *│ready", m, SHORT_WAIT);
            m = t.mark();
            t.line("run r1 'echo $((6*7))'");
            t.waitFor("\\n42\\s", m, SHORT_WAIT);
            m = t.mark();
            t.line("overhead r1");
            t.waitFor("r1[\\s\\S]*vmbench:>", m, SHORT_WAIT);
            assertThat(t.screen().substring(m)).doesNotContain("Error");
            // a transcript, attach and detach: the console is the same console over the link
            m = t.mark();
            t.line("transcript start --vm r1");
            String rec = t.waitFor("recording r1 to (\\S+\\.cast)", m, SHORT_WAIT);
            java.util.regex.Matcher cm = java.util.regex.Pattern.compile("recording r1 to (\\S+\\.cast)").matcher(rec);
            assertThat(cm.find()).isTrue();
            Path cast = Path.of(cm.group(1));
            m = t.mark();
            t.line("attach r1");
            t.waitFor("Connected to r1", m, SHORT_WAIT);
            t.line("echo over-the-link-$((40+2))");
            t.waitFor("\\nover-the-link-42", m, SHORT_WAIT);
            t.keys("C-]");
            t.waitFor("Detached from r1 \\(it keeps running\\)", m, SHORT_WAIT);
            // bench across hosts: a VM here against the VM there, run by run alternating
            m = t.mark();
            t.line("boot --name here1 --mem 256M --cpus 1");
            t.waitFor("here1 is ready", m, java.time.Duration.ofSeconds(180));
            m = t.mark();
            t.line("bench --command 'echo hi' --vms here1,r1 --runs 3");
            String bench = t.waitFor("r1\\s+run 3/3[\\s\\S]*vmbench:>", m, SHORT_WAIT);
            assertThat(bench).doesNotContain("Error").containsPattern("here1\\s+run 3/3");
            // a workload there as here: its figure (dd's GB/s) read from the remote guest's output
            m = t.mark();
            t.line("bench --workload membw-dd --vms here1,r1 --runs 2");
            String workload = t.waitFor("r1\\s+run 2/2[\\s\\S]*vmbench:>", m, SHORT_WAIT);
            assertThat(workload).doesNotContain("Error").contains("higher is better")
                    .containsPattern("r1\\s+run 2/2.*memory GB/s [0-9.]+");
            m = t.mark();
            t.line("transcript stop");
            t.waitFor("stopped r1: \\d+ events", m, SHORT_WAIT);
            assertThat(output(cast)).contains("over-the-link-42"); // the guest's output, however it was chunked
            assertThat(Files.readString(cast)).contains("\"m\", \"run: echo hi\"");
            String results = Files.readString(TestImage.HOME.resolve("state").resolve("results.jsonl"));
            assertThat(results).contains("\"vm\":\"r1\",\"host\":\"lab1\"").contains("\"vm\":\"here1\",\"host\":\"local\"")
                    .contains("\"link_rtt_ms\":");
            m = t.mark();
            t.line("stop r1");
            t.waitFor("r1 stopped \\(exit 0\\)", m, SHORT_WAIT);
            Await.until("r1's QEMU to end on the host", SHORT_WAIT, () -> r1.stream().noneMatch(ProcessHandle::isAlive));

            // the files are in the host's cache now: a second boot copies nothing
            m = t.mark();
            t.line("boot --host lab1 --name r2 --mem 256M --cpus 1");
            out = t.waitFor("r2 is ready: guest prompt after", m, java.time.Duration.ofSeconds(180));
            assertThat(out).doesNotContain("copying");
            java.util.List<ProcessHandle> r2 = remoteQemus(one, "r2");
            assertThat(r2).hasSize(1);
            seen.addAll(r2);
            // kill -9 of the JVM: the ssh session ends, sshd hangs up the pty, QEMU ends there too
            assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).start().waitFor()).isZero();
            ProcessHandle j = jvm;
            Await.until("the JVM to end", SHORT_WAIT, () -> !j.isAlive());
            Await.until("r2's QEMU on the host to end within 5 s of the JVM", java.time.Duration.ofSeconds(5),
                    () -> r2.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            if (jvm != null) {
                jvm.destroyForcibly();
            }
            seen.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aLinkLostDuringARunMarksTheVmDeadAndItsHypervisorIsVerifiedGoneOnceTheLinkIsBack() throws Exception {
        java.util.List<ProcessHandle> seen = new java.util.ArrayList<>();
        try (Tmux t = Tmux.start("remote-lost", 220, 45)) {
            t.line("export XDG_CONFIG_HOME=" + config);
            t.openVmbench("java -jar " + TestImage.JAR);
            int m = t.mark();
            t.line("boot --host lab1 --name lost1 --mem 256M --cpus 1");
            t.waitFor("lost1 is ready", m, java.time.Duration.ofSeconds(180));
            java.util.List<ProcessHandle> q = remoteQemus(one, "lost1");
            assertThat(q).hasSize(1);
            seen.addAll(q);
            m = t.mark();
            t.line("run lost1 'sleep 120'");
            t.waitFor("run lost1 'sleep 120'\\n", m, SHORT_WAIT);
            hosts.link(one, false);
            String out = t.waitFor("Error: [^\\n]*connection to lab1 lost[^\\n]*\\n", m, SHORT_WAIT);
            assertThat(out).doesNotContain("\tat ");
            m = t.mark();
            t.line("vms");
            t.waitFor("dead \\(connection to lab1 lost; its hypervisor on lab1 \\(pid " + q.get(0).pid()
                    + "\\): to be verified gone once the link is back\\)", m, SHORT_WAIT);
            assertThat(q.get(0).isAlive()).as("sshd did not notice: the hypervisor lives on while the link is down")
                    .isTrue();
            hosts.link(one, true);
            Await.until("lost1's QEMU on the host to be ended once the link is back", SHORT_WAIT,
                    () -> q.stream().noneMatch(ProcessHandle::isAlive), t::screen);
            Await.until("vms to say so", SHORT_WAIT, () -> {
                try {
                    int k = t.mark();
                    t.line("vms");
                    t.waitFor("└", k, SHORT_WAIT);
                    return t.screen().substring(k).contains("its hypervisor on lab1 is gone (verified at");
                } catch (Exception e) {
                    return false;
                }
            }, t::screen);
        } finally {
            hosts.link(one, true);
            seen.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aFullDiskOnTheHostIsOneLineAndLeavesNoPartialCopy() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny-cache"));
        TestHosts.run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", tiny.toString());
        try {
            // a second test host, whose sshd starts after the mount and so sees it: its cache holds 24 MiB
            TestHosts.Machine two = hosts.add(2);
            Path yaml = config.resolve("vmbench").resolve("hosts.yaml");
            String before = Files.readString(yaml);
            Files.writeString(yaml, before + "  tiny:\n    destination: root@" + two.address() + "\n    identity: "
                    + hosts.clientKey() + "\n    cache: " + tiny + "\n    options: [UserKnownHostsFile="
                    + hosts.knownHosts() + "]\n");
            try {
                Cli.Result r = vmbench("boot", "--host", "tiny", "--name", "full1", "--mem", "256M", "--cpus", "1");
                assertThat(r.code()).as(r.out()).isEqualTo(1);
                assertThat(r.out()).containsPattern("Error: no space left on tiny for rootfs\\.ext4 in " + tiny
                        + "/files: free some there, or set 'cache:' for tiny in hosts.yaml to a larger disk")
                        .doesNotContain("\tat ");
                try (var files = Files.list(tiny.resolve("files"))) {
                    assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".part"));
                }
            } finally {
                Files.writeString(yaml, before);
            }
        } finally {
            TestHosts.run("umount", tiny.toString());
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void benchmarkRunOverTheLinkAgainstHere() throws Exception {
        Cli.Result r = vmbench("benchmark", "run", "--host", "lab1", "--runs", "8");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).containsPattern("here \\(baseline\\)\\s+median \\d+\\.\\d\\d ms")
                .containsPattern("ratio lab1 / here: medians \\d+\\.\\d{3}")
                .containsPattern("the link's own round trip \\(TCP handshake with sshd\\): \\d+\\.\\d\\d ms");
        System.out.println(r.out());
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void compareOnTwoHostsAtOnceInOneGroup() throws Exception {
        TestHosts.Machine three = hosts.add(3);
        // lab1 from hosts.yaml, lab3 from an Ansible inventory (its known_hosts and cache as host variables)
        Path inventory = Files.writeString(dir.resolve("compare-inventory.ini"), "[lab]\nlab3 ansible_host="
                + three.address() + " ansible_user=root ansible_ssh_private_key_file=" + hosts.clientKey()
                + " ansible_ssh_common_args='-o UserKnownHostsFile=" + hosts.knownHosts()
                + " -o StrictHostKeyChecking=yes' vmbench_cache=" + three.dir().resolve("cache") + "\n");
        Path json = dir.resolve("hosts.json");
        Path md = dir.resolve("hosts.md");
        Path csv = dir.resolve("hosts.csv");
        Cli.Result r = vmbench("compare", "--hosts", "lab1,lab3", "--inventory", inventory.toString(),
                "--hypervisors", "qemu-microvm", "--runs", "2", "--boots", "1", "--export-json", json.toString(),
                "--export-markdown", md.toString(), "--export-csv", csv.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("[lab1] ").contains("[lab3] ")
                .containsPattern("cmp-lab1-qemu-microvm\\s+qemu-microvm\\s+lab1\\s+\\d+\\.\\d+")
                .containsPattern("cmp-lab3-qemu-microvm\\s+qemu-microvm\\s+lab3\\s+\\d+\\.\\d+")
                .contains("qemu-microvm@lab1").contains("qemu-microvm@lab3")
                .doesNotContain("Error");
        assertThat(remoteQemus(one, "cmp-lab1-qemu-microvm")).isEmpty();
        assertThat(remoteQemus(three, "cmp-lab3-qemu-microvm")).isEmpty();
        assertThat(three.dir().resolve("cache").resolve("files")).isNotEmptyDirectory();
        String results = Files.readString(TestImage.HOME.resolve("state").resolve("results.jsonl"));
        assertThat(results).contains("\"vm\":\"cmp-lab1-qemu-microvm\",\"host\":\"lab1\"")
                .contains("\"vm\":\"cmp-lab3-qemu-microvm\",\"host\":\"lab3\"");
        // the host is a dimension of the exports: hyperfine's parameters name what varies (the host; not the
        // hypervisor, the same on both, nor the VM's name, which follows the host)
        com.fasterxml.jackson.databind.JsonNode res = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("results");
        assertThat(res).hasSize(2);
        assertThat(res.get(0).get("parameters").get("host").asText()).isEqualTo("lab1");
        assertThat(res.get(1).get("parameters").get("host").asText()).isEqualTo("lab3");
        assertThat(res.get(1).get("parameters").has("hypervisor")).isFalse();
        assertThat(res.get(1).get("environment").get("link_rtt_ms").asDouble()).isPositive();
        assertThat(Files.readString(md)).startsWith("| Command | host | Mean [s] |").contains("| lab3 | ");
        assertThat(Files.readString(csv)).startsWith("command,mean,stddev,median,user,system,min,max,"
                + "parameter_host,vm,hypervisor,host,");
    }

    @Test
    @org.junit.jupiter.api.Order(6) // after the first boot there: the image's files are in lab1's cache
    void aFileAlreadyOnTheHostIsNamedHostColonPath() throws Exception {
        Path kernel = one.dir().resolve("cache").resolve("files")
                .resolve(dev.vmbench.hosts.HostCheck.sha256(TestImage.get().bzImage()));
        Cli.Result r = vmbench("boot", "--host", "lab1", "--kernel", "lab1:" + kernel, "--dry-run");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("-kernel " + kernel + " ").doesNotContain("would not boot");
        Cli.Result missing = vmbench("boot", "--host", "lab1", "--kernel", "lab1:/nonexistent/vmlinuz", "--dry-run");
        assertThat(missing.code()).isEqualTo(1); // looked for on lab1, where it is not
        assertThat(missing.out()).startsWith("Error: kernel file /nonexistent/vmlinuz does not exist");
        Cli.Result notHere = vmbench("boot", "--kernel", "lab1:/nonexistent/vmlinuz", "--dry-run");
        assertThat(notHere.code()).isEqualTo(2); // without --host it names a file here, which is not there
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void bootTakesItsHostFromAnAnsibleInventory() throws Exception {
        Path ini = Files.writeString(dir.resolve("boot-inventory.ini"), "[lab]\nweb1 ansible_host=" + one.address()
                + " ansible_user=root ansible_ssh_private_key_file=" + hosts.clientKey() + "\n");
        // resolved through the inventory (its address, user and key); its host key is in no known_hosts file
        // ssh reads by default, and BatchMode refuses to ask: one line saying what to run
        Cli.Result r = vmbench("boot", "--host", "web1", "--inventory", ini.toString(), "--dry-run");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().strip()).isEqualTo("Error: the host key of web1 is not known: run 'ssh web1' once in a "
                + "terminal to check and accept it (vmbench never answers that question for you)");
    }

    /**
     * Firecracker on a host over SSH, against {@code firecracker-stand-in.sh}: a TEST DOUBLE (no Firecracker can
     * run here, see {@link FirecrackerIT}) that checks its argv and config file, then serves a shell on the pty.
     * What is real: the ssh link, the files written and copied on the host (config 0600, a private disk copy in
     * the VM's folder there), the console over {@code ssh -tt}, and the folder gone from the host when it ends.
     */
    @Test
    @org.junit.jupiter.api.Order(8)
    void firecrackerOnTheHostGetsItsConfigAndDiskThereAndLeavesNothing(@TempDir Path fcDir) throws Exception {
        Path standIn = FirecrackerIT.StandIn.install(fcDir);
        // as a user would: the binary named in hosts.yaml, KVM refused there in one line (the host shares this
        // machine's kernel, whose nested KVM cannot run a guest)
        Path yaml = config.resolve("vmbench").resolve("hosts.yaml");
        String before = Files.readString(yaml);
        Files.writeString(yaml, before + hosts.yamlEntry("fclab", one, hosts.clientKey(), hosts.knownHosts())
                + "    binaries:\n      firecracker: " + standIn + "\n"
                + hosts.yamlEntry("noqemu", one, hosts.clientKey(), hosts.knownHosts())
                + "    binaries:\n      qemu-system-x86_64: /opt/no-qemu/qemu-system-x86_64\n");
        try {
            // QEMU missing there: one line naming where it was looked for, nothing started
            Cli.Result noQemu = vmbench("boot", "--host", "noqemu", "--name", "nq");
            assertThat(noQemu.code()).isEqualTo(1);
            assertThat(noQemu.out().strip()).isEqualTo("Error: /opt/no-qemu/qemu-system-x86_64 (hosts.yaml's "
                    + "qemu-system-x86_64 for noqemu) is not an executable file there: check the path");
            assertThat(remoteQemus(one, "nq")).isEmpty();
            Cli.Result r = vmbench("boot", "--host", "fclab", "--hypervisor", "firecracker", "--dry-run");
            assertThat(r.out()).doesNotContain("not there yet").doesNotContain("not found");
            assertThat(r.code()).as(r.out()).isZero(); // a dry run lists what would stop the boot
            // the vmlinux is not in fclab's cache yet (QEMU boots the bzImage): checked here, named there
            assertThat(r.out()).contains(standIn + " --no-api --config-file ").contains("/cache/files/")
                    // its own log is written where it runs, in the host's cache
                    .contains("Firecracker's own log goes to " + one.dir().resolve("cache").resolve("state")
                            .resolve("logs"));
            if (!TestImage.host().kvm().usable()) {
                assertThat(r.out()).contains("would not boot").contains("firecracker needs KVM, and KVM is not usable "
                        + "on fclab: ");
            }
        } finally {
            Files.writeString(yaml, before);
        }

        // past that check, planned by hand as FirecrackerIT does, and started on the host through ssh
        dev.vmbench.host.SshTarget target = new dev.vmbench.host.SshTarget("lab1", "root@" + one.address(), 0,
                hosts.clientKey(), one.dir().resolve("cache").toString(), java.util.List.of(
                "UserKnownHostsFile=" + hosts.knownHosts(), "StrictHostKeyChecking=yes"));
        dev.vmbench.host.SshHost h = new dev.vmbench.host.SshHost(target,
                dev.vmbench.config.PrivateFiles.createDirectories(fcDir.resolve("ctl")), TestImage.host());
        try {
            dev.vmbench.hosts.RemoteFiles files = new dev.vmbench.hosts.RemoteFiles();
            dev.vmbench.config.VmbenchPaths there = new dev.vmbench.config.VmbenchPaths(Path.of(files.cacheDir(h)));
            dev.vmbench.image.ImageLayout l = TestImage.get();
            dev.vmbench.hypervisor.VmSpec spec = new dev.vmbench.hypervisor.VmSpec("fc-remote", "firecracker",
                    files.ensure(h, l.vmlinux(), x -> { }), null, files.ensure(h, l.rootfs(), x -> { }), 256, 1, null,
                    dev.vmbench.hypervisor.Accel.AUTO, false, null, java.util.List.of(),
                    dev.vmbench.hypervisor.Extras.NONE);
            dev.vmbench.hypervisor.FirecrackerHypervisor fc = new dev.vmbench.hypervisor.FirecrackerHypervisor();
            dev.vmbench.hypervisor.LaunchContext ctx = new dev.vmbench.hypervisor.LaunchContext(standIn,
                    dev.vmbench.hypervisor.Accel.KVM, null, there.vmState(spec.name()));
            dev.vmbench.session.PreparedVm p = new dev.vmbench.session.PreparedVm(spec, fc, ctx, fc.plan(spec, ctx),
                    null, java.util.List.of(), java.util.List.of());
            Path stateDir = ctx.stateDir();
            assertThat(stateDir.toString()).startsWith(one.dir().resolve("cache").toString());
            dev.vmbench.session.VmSession vm = new dev.vmbench.session.VmLauncher(
                    dev.vmbench.hypervisor.Hypervisors.builtIn(), h, there).start(p, SHORT_WAIT, x -> { });
            try {
                assertThat(Files.readString(fcDir.resolve("calls.log")))
                        .startsWith("OK mode=no-api config=" + stateDir.resolve("firecracker.json"))
                        .contains("disk=" + stateDir.resolve("rootfs.ext4"));
                // written by the host's own shell: private there as here
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        stateDir.resolve("firecracker.json")))).isEqualTo("rw-------");
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        stateDir))).isEqualTo("rwx------");
                assertThat(Files.size(stateDir.resolve("rootfs.ext4"))).isEqualTo(Files.size(l.rootfs()));
                // the pid the host announced is the stand-in's there (by now the shell it execs), not ssh's here
                assertThat(ProcessHandle.of(vm.pid()).flatMap(x -> x.info().commandLine()).orElse(""))
                        .containsAnyOf("firecracker-stand-in", "dash -i").doesNotContain("ssh");
                dev.vmbench.guest.ExecResult r = dev.vmbench.guest.GuestExec.run(vm, "echo over-$((20+22))", SHORT_WAIT);
                assertThat(r.output()).isEqualTo("over-42\n");
            } finally {
                assertThat(vm.stop(java.time.Duration.ofSeconds(20)).requested()).isTrue();
            }
            assertThat(stateDir).doesNotExist();
            assertThat(ProcessHandle.of(vm.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            h.disconnect();
        }
    }

    /** The output events of a cast, joined. */
    private static String output(Path cast) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(cast).subList(1, Files.readAllLines(cast).size())) {
            com.fasterxml.jackson.databind.JsonNode e = json.readTree(line);
            if (e.get(1).asText().equals("o")) {
                sb.append(e.get(2).asText());
            }
        }
        return sb.toString();
    }

    private static final java.time.Duration SHORT_WAIT = java.time.Duration.ofSeconds(60);

    @Test
    void hostsListsTheFileAndAnAnsibleInventory() throws Exception {
        Path ini = Files.writeString(dir.resolve("inventory.ini"), """
                [lab]
                web1 ansible_host=10.231.1.2 ansible_port=22
                web2 ansible_host=10.231.9.2

                [lab:vars]
                ansible_user=root
                ansible_ssh_private_key_file=/keys/k
                """);
        Cli.Result r = vmbench("hosts", "--inventory", ini.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).containsPattern("│lab1 +│root@10\\.231\\.1\\.2 *│")
                .containsPattern("│web1 +│root@10\\.231\\.1\\.2 *│22 *│/keys/k")
                .containsPattern("│web2 +│root@10\\.231\\.9\\.2 *│- *│/keys/k");
    }
}
