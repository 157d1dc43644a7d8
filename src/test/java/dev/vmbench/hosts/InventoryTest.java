package dev.vmbench.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vmbench.host.SshFailure;
import dev.vmbench.host.SshTarget;

class InventoryTest {

    private static final Path F = Path.of("inv");

    @Test
    void anIniInventoryWithGroupVariablesAndChildren() {
        Map<String, SshTarget> h = Inventory.parse("""
                # lab machines
                bare.example.org
                [metal]
                m1 ansible_host=10.0.0.1 ansible_user=admin
                m2 ansible_host=10.0.0.2 ansible_port=2222
                [cloud]
                c1 ansible_host="10.1.0.1"
                [all:vars]
                ansible_user=root
                [lab:children]
                metal
                [lab:vars]
                ansible_ssh_private_key_file=/k/lab
                """, F);
        assertThat(h.keySet()).containsExactly("bare.example.org", "m1", "m2", "c1");
        assertThat(h.get("bare.example.org").destination()).isEqualTo("root@bare.example.org");
        assertThat(h.get("m1").destination()).isEqualTo("admin@10.0.0.1"); // the host's own beats all:vars
        assertThat(h.get("m1").identity()).isEqualTo(Path.of("/k/lab")); // through lab's child group
        assertThat(h.get("m2").port()).isEqualTo(2222);
        assertThat(h.get("c1").destination()).isEqualTo("root@10.1.0.1");
        assertThat(h.get("c1").identity()).isNull();
    }

    @Test
    void aYamlInventoryWithVarsAndChildren() {
        Map<String, SshTarget> h = Inventory.parse("""
                all:
                  vars:
                    ansible_user: root
                  hosts:
                    a:
                      ansible_host: 10.0.0.9
                  children:
                    web:
                      vars:
                        ansible_port: 2200
                      hosts:
                        w1:
                          ansible_host: 10.0.1.1
                          ansible_user: www
                        w2: {}
                """, F);
        assertThat(h.keySet()).containsExactly("a", "w1", "w2");
        assertThat(h.get("a").destination()).isEqualTo("root@10.0.0.9");
        assertThat(h.get("w1").destination()).isEqualTo("www@10.0.1.1");
        assertThat(h.get("w1").port()).isEqualTo(2200);
        assertThat(h.get("w2").destination()).isEqualTo("root@w2");
    }

    @Test
    void whatVmbenchCannotReadIsOneLine() {
        assertThatThrownBy(() -> Inventory.parse("[x]\nweb[01:20].example.org\n", F))
                .hasMessage("inv line 2: host ranges (web[01:20].example.org) are not read by vmbench: list the hosts one per line");
        assertThatThrownBy(() -> Inventory.parse("h ansible_port=ssh\n", F)).hasMessageContaining("ansible_port 'ssh' is not a number");
        assertThatThrownBy(() -> HostsFile.parse("hosts:\n  a:\n    port: 70000\n", F)).hasMessageContaining("bad port '70000'");
        assertThatThrownBy(() -> HostsFile.parse("hosts: [a, b]\n", F)).hasMessageContaining("'hosts:' must map names");
    }

    @Test
    void hostsFileSettings() {
        HostsFile.Content c = HostsFile.parse("""
                inventory: /etc/ansible/hosts
                hosts:
                  lab1: {destination: root@10.0.0.5, port: 2222, cache: /var/cache/vmbench, options: [Compression=yes]}
                  lab2: {host: 10.0.0.6, user: me}
                """, F);
        assertThat(c.inventory()).isEqualTo(Path.of("/etc/ansible/hosts"));
        SshTarget t = c.hosts().get("lab1");
        assertThat(t.ssh(Path.of("/c"))).containsSequence("-p", "2222").contains("ControlPath=/c/%C", "BatchMode=yes",
                "Compression=yes");
        assertThat(c.hosts().get("lab2").destination()).isEqualTo("me@10.0.0.6");
        assertThat(c.hosts().get("lab2").cacheOrDefault()).isEqualTo("$HOME/.cache/vmbench");
    }

    @Test
    void sshsOwnComplaintsBecomeWhatToDo() {
        assertThat(SshFailure.describe("h", "root@h: Permission denied (publickey,password).\n"))
                .startsWith("ssh to h: authentication refused (publickey,password)");
        assertThat(SshFailure.describe("h", "No ED25519 host key is known for 10.0.0.2 and you have requested strict "
                + "checking.\nHost key verification failed.\n")).startsWith("the host key of h is not known");
        assertThat(SshFailure.describe("h", "@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"))
                .startsWith("the host key of h has changed");
        assertThat(SshFailure.describe("h", "ssh: connect to host 10.0.0.2 port 22: Connection timed out\n"))
                .isEqualTo("ssh to h: host unreachable (ssh: connect to host 10.0.0.2 port 22: Connection timed out): "
                        + "check the address and the network");
        assertThat(SshFailure.describe("h", "Timeout, server 10.0.0.2 not responding.\n")).startsWith("connection to h lost");
    }

    @Test
    void ansiblesExtraSshArgumentsGiveOptionsAndAJumpHost() {
        Map<String, SshTarget> ini = Inventory.parse("""
                [lab]
                web1 ansible_host=10.0.0.5 ansible_ssh_common_args='-o UserKnownHostsFile=/etc/lab_known -o StrictHostKeyChecking=yes'
                web2 ansible_host=10.0.0.6 ansible_ssh_extra_args="-J bastion -oConnectTimeout=3"
                [lab:vars]
                vmbench_cache=/srv/vmbench
                vmbench_binary_firecracker=/opt/fc/firecracker
                """, Path.of("hosts.ini"));
        assertThat(ini.get("web2").cache()).isEqualTo("/srv/vmbench");
        assertThat(ini.get("web1").binaries()).containsEntry("firecracker", "/opt/fc/firecracker");
        assertThat(ini.get("web1").options()).containsExactly("UserKnownHostsFile=/etc/lab_known",
                "StrictHostKeyChecking=yes");
        assertThat(ini.get("web2").options()).containsExactly("ProxyJump=bastion", "ConnectTimeout=3");
        assertThatThrownBy(() -> Inventory.parse("web3 ansible_ssh_common_args='-v -o A=B'\n", Path.of("h.ini")))
                .hasMessage("h.ini: host web3: ansible_ssh_common_args has '-v': only -o Key=Value and -J jump are "
                        + "taken from it (put other ssh settings in ~/.ssh/config)");
    }
}
