package dev.vmbench.session;

import dev.vmbench.hypervisor.Hypervisor;
import dev.vmbench.hypervisor.LaunchContext;
import dev.vmbench.hypervisor.LaunchPlan;
import dev.vmbench.hypervisor.VmSpec;

/**
 * A VM checked and planned, not started: what {@code --dry-run} prints.
 *
 * @param accelReason why this accelerator was chosen, when it was chosen automatically
 * @param problems    for a dry run only: what would stop a real boot (no binary, no KVM)
 * @param warnings    what will likely go wrong although the boot may start (a command line without console=)
 */
public record PreparedVm(VmSpec spec, Hypervisor hypervisor, LaunchContext context, LaunchPlan plan,
                         String accelReason, java.util.List<String> problems, java.util.List<String> warnings) {
}
