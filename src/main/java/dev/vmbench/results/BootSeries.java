package dev.vmbench.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.vmbench.measure.Significance;
import dev.vmbench.measure.Stats;
import dev.vmbench.measure.Warnings;
import dev.vmbench.vmm.BootPhases;

/**
 * Repeated boots of one hypervisor ({@code compare --boots N}, {@code benchmark boot}): each boot's phases,
 * summarised per phase, with the warnings and significance that timed runs get (on the time to the prompt).
 */
public record BootSeries(String hypervisor, String accel, List<BootPhases> boots, double loadBefore, double loadAfter,
                         int hostCpus) {

    public BootSeries {
        boots = List.copyOf(boots);
    }

    /** A phase's times over the boots that saw it (seconds from the process's start). */
    public List<Double> times(String phase) {
        List<Double> v = new ArrayList<>();
        for (BootPhases b : boots) {
            Double t = b.asMap().get(phase);
            if (t != null) {
                v.add(t);
            }
        }
        return v;
    }

    public Optional<Stats> phase(String name) {
        List<Double> v = times(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(Stats.of(v));
    }

    /** The kernel's own clock at the hand-over to userspace, over the boots that printed it. */
    public Optional<Stats> kernelUserspace() {
        List<Double> v = boots.stream().filter(b -> b.kernelUserspace().isPresent())
                .map(b -> b.kernelUserspace().getAsDouble()).toList();
        return v.isEmpty() ? Optional.empty() : Optional.of(Stats.of(v));
    }

    /** The timed runs' warnings, on the time to the prompt. */
    public List<Warnings.Warning> warnings() {
        return Warnings.of(new Warnings.Input(times("prompt"), 0, accel, loadBefore, loadAfter, hostCpus, 0));
    }

    /** Is b's time to the prompt different from a's beyond noise? Null with fewer than two boots each. */
    public static Significance prompt(BootSeries a, BootSeries b) {
        return Significance.welch(a.hypervisor(), a.times("prompt"), b.hypervisor(), b.times("prompt"));
    }
}
