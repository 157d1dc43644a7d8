package dev.vmbench.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.boot.Boot;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.measure.Stats;
import dev.vmbench.profile.BootOption;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmSession;

/**
 * {@code benchmark run --host H}: the round trip of {@code run VM true} on a VM over SSH against the same on a
 * VM here (the baseline), booted alike and measured alternately (ABBA) in one run, with the link's own round
 * trip beside them: what a remote host adds to every command's wall time.
 */
public final class LinkOverhead {

    public record Result(String host, double linkRttMillis, Stats local, Stats remote) {

        public String report() {
            return String.format(Locale.ROOT, """
                    round trip of 'true', a VM here against a VM on %s, %d runs each, alternating (ABBA)
                      here (baseline)   median %.2f ms   mean %.2f ms ± %.2f
                      on %-14s median %.2f ms   mean %.2f ms ± %.2f
                      ratio %s / here: medians %.3f, means %.3f; difference of the medians %.2f ms
                      the link's own round trip (TCP handshake with sshd): %.2f ms
                    """, host, local.n(), local.median() * 1e3, local.mean() * 1e3, local.stddev() * 1e3,
                    host, remote.median() * 1e3, remote.mean() * 1e3, remote.stddev() * 1e3, host,
                    remote.median() / local.median(), remote.mean() / local.mean(),
                    (remote.median() - local.median()) * 1e3, linkRttMillis);
        }
    }

    private LinkOverhead() {
    }

    public static Result run(Boot boot, SessionRegistry registry, String host, int runs, Consumer<String> progress)
            throws InterruptedException {
        BootOptions small = BootOptions.NONE.with(BootOption.MEM, "256M").with(BootOption.CPUS, "1");
        List<VmSession> vms = new ArrayList<>();
        try {
            for (BootOptions o : List.of(small, small.with(BootOption.HOST, host))) {
                List<String> name = boot.claim("linkbench", 1, o);
                Boot.Outcome out = boot.bootAll(name, o, Boot.Events.lines(progress, progress)).get(0);
                if (!out.ok()) {
                    throw new VmbenchException(out.line(), out.details(), null);
                }
                vms.add(out.vm());
            }
            VmSession here = vms.get(0);
            VmSession there = vms.get(1);
            double rtt = there.host().linkRttMillis();
            Duration timeout = Duration.ofMinutes(1);
            GuestExec.run(here, "true", timeout); // warm both paths before measuring
            GuestExec.run(there, "true", timeout);
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                boolean hereFirst = i % 4 == 0 || i % 4 == 3;
                for (int k = 0; k < 2; k++) {
                    boolean isHere = (k == 0) == hereFirst;
                    long t0 = System.nanoTime(); // the whole round trip, prompt to prompt, as 'benchmark run' times it
                    ExecResult r = GuestExec.run(isHere ? here : there, "true", timeout);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (r.exitCode() != 0) {
                        throw new VmbenchException("'true' failed on " + (isHere ? here : there).name());
                    }
                    (isHere ? a : b).add(seconds);
                }
            }
            return new Result(host, rtt, Stats.of(a), Stats.of(b));
        } finally {
            registry.killAll(vms);
            vms.forEach(registry::remove);
        }
    }
}
