package dev.vmbench.hypervisor;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Facts about the host a plan depends on, resolved by the caller.
 *
 * @param binary   the hypervisor program to run
 * @param accel    the accelerator to use, never AUTO
 * @param tscKhz   the host TSC frequency in kHz, passed to guests under TCG; null when unknown
 * @param stateDir a folder private to this VM where config files may be written
 */
public record LaunchContext(Path binary, Accel accel, Long tscKhz, Path stateDir) {

    public LaunchContext {
        Objects.requireNonNull(binary, "binary");
        if (accel == null || accel == Accel.AUTO) {
            throw new IllegalArgumentException("accel must be resolved to kvm or tcg before planning");
        }
    }
}
