package dev.vmbench.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.vmbench.VmbenchException;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.measure.Stats;
import dev.vmbench.session.VmSession;

/**
 * What the serial console costs: the same command printing N bytes to the console, against the same command
 * with its output sent to /dev/null in the guest (the baseline), alternating run by run (ABBA). Every byte a
 * guest writes to its UART is an exit to the VMM; this says how much that is on this host and hypervisor.
 */
public final class ConsoleCost {

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** One size: host wall times and the VMM's CPU seconds of both ways. */
    public record Row(long bytes, Stats console, Stats devNull, Stats consoleCpu, Stats devNullCpu) {

        /** Console median over /dev/null median. */
        public double ratio() {
            return console.median() / devNull.median();
        }

        /** What each KiB on the console added, in milliseconds (medians). */
        public double msPerKib() {
            return bytes == 0 ? 0 : (console.median() - devNull.median()) * 1000 / (bytes / 1024.0);
        }
    }

    public record Result(String vm, String hypervisor, String accel, int runs, List<Row> rows) {

        public String report() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "console cost, %s (%s, %s), %d runs of each, alternating (ABBA): 'head -c N /dev/zero | tr \"\\0\" x'"
                            + " to the console, against the same '> /dev/null' in the guest (baseline)%n",
                    vm, hypervisor, accel, runs));
            sb.append(String.format(Locale.ROOT, "  %10s  %18s  %18s  %8s  %22s  %10s%n", "bytes", "/dev/null (base)",
                    "console", "ratio", "VMM CPU console/null", "ms per KiB"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "  %10d  %16.3f s  %16.3f s  %7.2f×  %9.3f / %-8.3f s  %10.3f%n",
                        r.bytes(), r.devNull().median(), r.console().median(), r.ratio(), r.consoleCpu().median(),
                        r.devNullCpu().median(), r.msPerKib()));
            }
            sb.append("  (medians of host wall time; the VMM's CPU from its /proc stat around each run)");
            return sb.toString();
        }
    }

    private ConsoleCost() {
    }

    public static Result run(VmSession vm, List<Long> sizes, int runs, Consumer<String> progress)
            throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (long n : sizes) {
            String print = "head -c " + n + " /dev/zero | tr '\\0' x";
            List<Double> console = new ArrayList<>();
            List<Double> quiet = new ArrayList<>();
            List<Double> consoleCpu = new ArrayList<>();
            List<Double> quietCpu = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                boolean consoleFirst = i % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean toConsole = consoleFirst == (k == 0);
                    ExecResult r = GuestExec.run(vm, toConsole ? print : print + " > /dev/null", TIMEOUT);
                    if (!r.ok()) {
                        throw new VmbenchException("the console benchmark's command failed in " + vm.name() + " ("
                                + r.ending() + ", exit " + r.exitCode() + ")");
                    }
                    (toConsole ? console : quiet).add(r.wallSeconds());
                    (toConsole ? consoleCpu : quietCpu).add(r.vmmCpuSeconds().orElse(Double.NaN));
                }
                progress.accept(String.format(Locale.ROOT, "%d bytes, run %d/%d: console %.3f s, /dev/null %.3f s", n,
                        i, runs, console.get(console.size() - 1), quiet.get(quiet.size() - 1)));
            }
            rows.add(new Row(n, Stats.of(console), Stats.of(quiet), Stats.of(consoleCpu), Stats.of(quietCpu)));
        }
        return new Result(vm.name(), vm.hypervisor(), vm.accel().label(), runs, rows);
    }
}
