package dev.vmbench.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KvmCheckTest {

    static final String VMX = "processor\t: 0\nflags\t\t: fpu vme de vmx sse2\ncpu MHz\t\t: 2599.998\n";
    static final String PVM = "processor\t: 0\nflags\t\t: fpu vme de sse2 hypervisor\ncpu MHz\t\t: 2599.998\n";

    @Test
    void usableOnlyWithVmxOrSvmAndReadWriteDevice() {
        assertThat(KvmCheck.decide(true, true, VMX).usable()).isTrue();
        assertThat(KvmCheck.decide(true, true, "flags : svm\n").usable()).isTrue();
    }

    @Test
    void paravirtualNestedKvmIsNotUsable() {
        KvmCheck k = KvmCheck.decide(true, true, PVM);
        assertThat(k.usable()).isFalse();
        assertThat(k.reason()).contains("neither vmx nor svm");
    }

    @Test
    void missingOrLockedDeviceSaysWhy() {
        assertThat(KvmCheck.decide(false, false, VMX).reason()).contains("does not exist");
        assertThat(KvmCheck.decide(true, false, VMX).reason()).contains("group kvm");
    }

    @Test
    void flagMustBeAWholeWord() {
        assertThat(KvmCheck.hasFlag("flags : vmxx svmz\n", "vmx")).isFalse();
    }

    @Test
    void cpuKhzFromCpuinfo() {
        assertThat(LocalHost.parseCpuKhz(VMX)).isEqualTo(2599998L);
        assertThat(LocalHost.parseCpuKhz("flags : x\n")).isNull();
    }
}
