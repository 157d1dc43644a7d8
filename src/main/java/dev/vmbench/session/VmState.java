package dev.vmbench.session;

import java.util.Locale;

/**
 * The life of a VM session.
 * <ul>
 * <li>BOOTING: the hypervisor runs; the guest prompt has not been seen yet.</li>
 * <li>READY: the guest shell answered; commands may be sent.</li>
 * <li>STOPPING: a clean power-off was asked for; the process has not exited yet.</li>
 * <li>DEAD: the hypervisor process has exited (see {@link VmExit} for how).</li>
 * </ul>
 */
public enum VmState {
    BOOTING, READY, STOPPING, DEAD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
