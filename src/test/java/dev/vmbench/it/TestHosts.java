package dev.vmbench.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Machines for the remote-host tests, made real: each a network namespace of its own ({@code ip netns add}),
 * joined to this one by a veth pair with addresses of the tests' own (10.231.N.1 here, 10.231.N.2 there), and
 * Debian's OpenSSH server running in it ({@code /usr/sbin/sshd -D} with a test config, a generated host key and
 * one authorized key generated for the test). The namespace shares this machine's files and processes, so a
 * hypervisor started over SSH is visible to {@code pgrep} here. Root only (CI runs as root).
 */
final class TestHosts implements AutoCloseable {

    /** One test host. */
    record Machine(String name, String address, Path dir, Process sshd) {
    }

    private final Path dir;
    private final Path clientKey;
    private final Path knownHosts;
    private final List<Machine> machines = new ArrayList<>();
    private final String tag;

    /** @param dir a private folder for keys, configs and hosts.yaml */
    TestHosts(Path dir) throws Exception {
        this.dir = dir;
        this.tag = Long.toString(ProcessHandle.current().pid() % 10000);
        this.clientKey = dir.resolve("client_ed25519");
        this.knownHosts = dir.resolve("known_hosts");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vmbench-test-client", "-f", clientKey.toString());
        Files.writeString(knownHosts, "");
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation folder
    }

    static boolean possible() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/sshd"))
                && Files.isExecutable(Path.of("/usr/sbin/ip"));
    }

    Path clientKey() {
        return clientKey;
    }

    Path knownHosts() {
        return knownHosts;
    }

    /** Makes test host number n (1..250): its namespace, link, keys and a running sshd that answers. */
    Machine add(int n) throws Exception {
        String ns = "vmbt" + tag + "h" + n;
        String hostSide = "vb" + tag + "a" + n;
        String nsSide = "vb" + tag + "b" + n;
        String address = "10.231." + n + ".2";
        Path hd = Files.createDirectories(dir.resolve("host" + n));
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide);
        run("ip", "link", "set", nsSide, "netns", ns);
        run("ip", "addr", "add", "10.231." + n + ".1/30", "dev", hostSide);
        run("ip", "link", "set", hostSide, "up");
        run("ip", "-n", ns, "addr", "add", address + "/30", "dev", nsSide);
        run("ip", "-n", ns, "link", "set", nsSide, "up");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        Path hostKey = hd.resolve("host_ed25519");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        Files.copy(clientKey.resolveSibling("client_ed25519.pub"), hd.resolve("authorized_keys"));
        Path config = Files.writeString(hd.resolve("sshd_config"), String.join("\n",
                "ListenAddress " + address,
                "Port 22",
                "HostKey " + hostKey,
                "PidFile " + hd.resolve("sshd.pid"),
                "AuthorizedKeysFile " + hd.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no", // sshd's defaults otherwise: no ClientAlive, so a lost client goes unnoticed there
                ""));
        Process sshd = new ProcessBuilder("ip", "netns", "exec", ns, "/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(hd.resolve("sshd.log").toFile()).start();
        Machine m = new Machine(ns, address, hd, sshd);
        machines.add(m);
        Await.until("sshd of " + ns + " to answer on " + address + ":22", Duration.ofSeconds(20), () -> answers(address),
                () -> read(hd.resolve("sshd.log")));
        String pub = Files.readString(hostKey.resolveSibling("host_ed25519.pub"), StandardCharsets.UTF_8).strip();
        String[] f = pub.split(" ");
        Files.writeString(knownHosts, address + " " + f[0] + " " + f[1] + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        return m;
    }

    /** The hosts.yaml entry of a machine under a name, with this harness's key and known hosts. */
    String yamlEntry(String name, Machine m, Path identity, Path known) {
        return "  " + name + ":\n"
                + "    destination: root@" + m.address() + "\n"
                + "    identity: " + identity + "\n"
                + "    cache: " + m.dir().resolve("cache") + "\n"
                + "    options: [UserKnownHostsFile=" + known + ", StrictHostKeyChecking=yes]\n";
    }

    private static boolean answers(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 22), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Takes a machine's link down or up, as a dropped network would. */
    void link(Machine m, boolean up) throws Exception {
        run("ip", "-n", m.name(), "link", "set", "vb" + tag + "b" + m.name().substring(m.name().lastIndexOf('h') + 1),
                up ? "up" : "down");
    }

    static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    /** Ends every sshd (and so every session it holds) and removes the namespaces and links. */
    @Override
    public void close() {
        for (Machine m : machines) {
            m.sshd().destroy();
            try {
                if (!m.sshd().waitFor(5, TimeUnit.SECONDS)) {
                    m.sshd().destroyForcibly();
                }
                // what still runs in the namespace (sshd's sessions) ends with it; a test asserts before this
                for (String pid : run("ip", "netns", "pids", m.name()).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                run("ip", "netns", "del", m.name());
            } catch (Exception e) {
                System.err.println("could not remove test host " + m.name() + ": " + e.getMessage());
            }
        }
        machines.clear();
    }
}
