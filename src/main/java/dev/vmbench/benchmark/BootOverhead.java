package dev.vmbench.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.vmbench.guest.Readiness;
import dev.vmbench.measure.Stats;
import dev.vmbench.report.BootReport;
import dev.vmbench.results.BootSeries;
import dev.vmbench.session.PreparedVm;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.session.VmSession;
import dev.vmbench.vmm.BootPhases;

/**
 * Boot-to-prompt through vmbench against {@link RawBoot} on the same command line, alternating
 * run by run so that drift on the host hits both alike.
 */
public final class BootOverhead {

    /** The two series and their comparison. */
    public record Result(String hypervisor, String accel, Stats raw, Stats vmbench, BootSeries phases) {

        /** vmbench's median over the raw median. */
        public double ratio() {
            return vmbench.median() / raw.median();
        }

        /** vmbench's mean over the raw mean: with an even number of ABBA runs, position effects cancel here. */
        public double meanRatio() {
            return vmbench.mean() / raw.mean();
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    boot to guest prompt, %s (%s), %d runs each, alternating (ABBA)
                      raw pty reader (baseline)  median %.3f s   mean %.3f s ± %.3f   min %.3f   max %.3f
                      vmbench boot               median %.3f s   mean %.3f s ± %.3f   min %.3f   max %.3f
                      ratio vmbench / raw: medians %.3f (%+.1f%%), means %.3f (%+.1f%%)""",
                    hypervisor, accel, raw.n(),
                    raw.median(), raw.mean(), raw.stddev(), raw.min(), raw.max(),
                    vmbench.median(), vmbench.mean(), vmbench.stddev(), vmbench.min(), vmbench.max(),
                    ratio(), (ratio() - 1) * 100, meanRatio(), (meanRatio() - 1) * 100)
                    + "\n\nvmbench's boots, phase by phase:\n" + BootReport.table(List.of(phases));
        }
    }

    private BootOverhead() {
    }

    private static double viaVmbench(VmLauncher launcher, PreparedVm prepared, List<BootPhases> phases)
            throws InterruptedException {
        VmSession s = launcher.start(prepared, Readiness.DEFAULT_TIMEOUT, line -> { });
        try {
            s.bootPhases().ifPresent(phases::add);
            return s.bootTime().orElseThrow().toNanos() / 1e9;
        } finally {
            s.kill();
        }
    }

    public static Result run(VmLauncher launcher, PreparedVm prepared, int runs, Consumer<String> progress)
            throws IOException, InterruptedException {
        Pattern prompt = Pattern.compile(prepared.spec().promptRegex());
        List<Double> raw = new ArrayList<>();
        List<Double> vmb = new ArrayList<>();
        List<BootPhases> phases = new ArrayList<>();
        double loadBefore = launcher.host().loadAverage();
        for (int i = 1; i <= runs; i++) {
            // ABBA order: which of the two boots first alternates, so that an effect of position cancels
            double r;
            double v;
            if (i % 2 == 1) {
                r = RawBoot.measure(launcher.host(), prepared.plan().argv(), prompt, 120);
                v = viaVmbench(launcher, prepared, phases);
            } else {
                v = viaVmbench(launcher, prepared, phases);
                r = RawBoot.measure(launcher.host(), prepared.plan().argv(), prompt, 120);
            }
            raw.add(r);
            vmb.add(v);
            progress.accept(String.format(Locale.ROOT, "run %d/%d: raw %.3f s, vmbench %.3f s", i, runs, r, v));
        }
        String accel = prepared.context().accel().label();
        return new Result(prepared.spec().hypervisor(), accel, Stats.of(raw), Stats.of(vmb),
                new BootSeries(prepared.spec().hypervisor(), accel, phases, loadBefore, launcher.host().loadAverage(),
                        launcher.host().cpuCount()));
    }
}
