package dev.vmbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.vmbench.VmbenchException;

class SessionRegistryTest {

    @Test
    void namesDefaultToPrefixAndFirstFreeNumber() {
        SessionRegistry r = new SessionRegistry();
        assertThat(r.claim(null, "qemu")).isEqualTo("qemu1");
        assertThat(r.claim(null, "qemu")).isEqualTo("qemu2");
        r.release("qemu1");
        assertThat(r.claim("", "qemu")).isEqualTo("qemu1");
    }

    @Test
    void aTakenNameIsAnErrorThatSaysWhatToDo() {
        SessionRegistry r = new SessionRegistry();
        r.claim("web", "qemu");
        assertThatThrownBy(() -> r.claim("web", "qemu"))
                .isInstanceOf(VmbenchException.class)
                .hasMessage("a VM named 'web' already exists: pick another --name, or stop web first");
    }

    @Test
    void severalNamesAreClaimedAllOrNone() {
        SessionRegistry r = new SessionRegistry();
        assertThat(r.claimAll(java.util.Arrays.asList(null, null, null), "web")).containsExactly("web1", "web2", "web3");
        assertThat(r.claimAll(java.util.List.of("a", "b"), "qemu")).containsExactly("a", "b");
        // b is taken: a2 must not stay claimed
        assertThatThrownBy(() -> r.claimAll(java.util.List.of("a2", "b"), "qemu")).hasMessageContaining("'b' already");
        assertThat(r.claim("a2", "qemu")).isEqualTo("a2");
        assertThatThrownBy(() -> r.claimAll(java.util.List.of("c", "c"), "qemu")).hasMessageContaining("'c' is named twice");
        assertThat(r.claim("c", "qemu")).isEqualTo("c");
    }

    @Test
    void namesSortWithTheirNumbersAsNumbers() {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("qemu10", "qemu2", "b", "qemu1", "a10x"));
        names.sort(SessionRegistry::byName);
        assertThat(names).containsExactly("a10x", "b", "qemu1", "qemu2", "qemu10");
    }

    @Test
    void badNamesAreRefused() {
        SessionRegistry r = new SessionRegistry();
        assertThatThrownBy(() -> r.claim("a b", "qemu")).hasMessageContaining("bad VM name 'a b'");
        assertThatThrownBy(() -> r.claim("-x", "qemu")).hasMessageContaining("starting with a letter or digit");
    }

    @Test
    void unknownVmListsTheKnownOnesOrSaysHowToStart() {
        SessionRegistry r = new SessionRegistry();
        assertThatThrownBy(() -> r.get("nope")).hasMessage("no VM named 'nope': none is running; start one with 'boot'");
    }

    @Test
    void closingAnEmptyRegistryIsHarmlessTwice() {
        SessionRegistry r = new SessionRegistry();
        r.close();
        r.close();
        assertThat(r.list()).isEmpty();
    }

    @Test
    void exitDescribesSignals() {
        assertThat(new VmExit(137, false, java.util.List.of()).status()).isEqualTo("exit 137, signal 9 (KILL)");
        assertThat(new VmExit(0, true, java.util.List.of()).status()).isEqualTo("exit 0");
        assertThat(new VmExit(137, false, java.util.List.of()).describe())
                .isEqualTo("the hypervisor was killed (exit 137, signal 9 (KILL))");
        assertThat(new VmExit(0, true, java.util.List.of()).describe()).isEqualTo("stopped (exit 0)");
        assertThat(new VmExit(1, false, java.util.List.of()).describe()).isEqualTo("the hypervisor failed (exit 1)");
        assertThat(new VmExit(0, false, java.util.List.of("reboot: Power down")).describe())
                .isEqualTo("the guest powered off or rebooted (exit 0)");
        assertThat(new VmExit(0, false, java.util.List.of("[    1.2] Kernel panic - not syncing: Attempted to kill init!"
                + " exitcode=0x00000000", "[    1.3] ---[ end Kernel panic - not syncing: Attempted to kill init! ]---")).describe())
                .isEqualTo("the guest kernel panicked: Kernel panic - not syncing: Attempted to kill init! "
                        + "exitcode=0x00000000 (exit 0)");
    }
}
