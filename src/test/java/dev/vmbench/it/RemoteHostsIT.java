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
    void hostsCheckReachesTheHostThroughItsSshd() throws Exception {
        Cli.Result r = vmbench("hosts", "check", "lab1");
        assertThat(r.out()).containsPattern("ok\\s+ssh\\s+reached and authenticated as root@")
                .containsPattern("ok\\s+link\\s+round trip \\d+\\.\\d ms")
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
