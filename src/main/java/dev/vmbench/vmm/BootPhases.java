package dev.vmbench.vmm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A boot's milestones as the host saw them, in seconds from the hypervisor process's start, each taken when
 * its console bytes arrived: the first byte, the kernel handing over to userspace, the guest shell's prompt
 * (the boot time vmbench prints), and ready (the shell answered a probe). Where the kernel stamps its own
 * lines ({@code [    3.092161]}), its clock's reading at the hand-over is kept beside the host's.
 *
 * @param firstByte        the first console byte; NaN if none came
 * @param userspace        the kernel's {@code Run /init as init process} line (or, without it, its last
 *                         {@code Freeing unused kernel} line before the prompt); NaN when neither was printed
 *                         ({@code quiet})
 * @param kernelUserspace  the kernel's own timestamp on that line, when it has one
 * @param prompt           the shell prompt: the boot time
 * @param ready            the shell answered
 */
public record BootPhases(double firstByte, double userspace, OptionalDouble kernelUserspace, double prompt,
                         double ready) {

    /** The phase names, in order, as exports and reports use them. */
    public static final String[] NAMES = {"first_byte", "userspace", "prompt", "ready"};

    /** The phases as name → seconds (a phase not seen is left out), in order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] v = {firstByte, userspace, prompt, ready};
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
                m.put(NAMES[i], Math.round(v[i] * 1e6) / 1e6); // the microsecond: finer is below the console's timing
            }
        }
        return m;
    }

    /** One line: {@code first byte 0.41 s · userspace 3.52 s (kernel clock 3.09 s) · prompt 3.80 s · ready 3.93 s}. */
    public String line() {
        StringBuilder sb = new StringBuilder();
        sb.append("first byte ").append(Double.isNaN(firstByte) ? "none" : s(firstByte));
        sb.append(" · userspace ").append(Double.isNaN(userspace) ? "not printed" : s(userspace));
        kernelUserspace.ifPresent(k -> sb.append(" (kernel clock ").append(s(k)).append(')'));
        sb.append(" · prompt ").append(s(prompt)).append(" · ready ").append(s(ready));
        return sb.toString();
    }

    private static String s(double v) {
        return String.format(Locale.ROOT, "%.2f s", v);
    }

    /**
     * Watches console text as it arrives and notes when each milestone's line came. Thread-safe.
     */
    public static final class Watch {

        private static final Pattern KERNEL_TIME = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]");
        private static final Pattern RUN_INIT = Pattern.compile("\\bRun \\S+ as init process");
        private static final Pattern FREEING = Pattern.compile("\\bFreeing unused kernel");
        /** Characters of one line kept: enough for any kernel line, bounded for a guest that prints no newline. */
        private static final int MAX_LINE = 4096;

        private final long startNanos;
        private final StringBuilder line = new StringBuilder();
        private long lineStartNanos = -1;
        private long firstByte = -1;
        private long runInit = -1;
        private long freeing = -1;
        private OptionalDouble kernelAt = OptionalDouble.empty();
        private OptionalDouble kernelFreeing = OptionalDouble.empty();
        private boolean done;

        public Watch(long startNanos) {
            this.startNanos = startNanos;
        }

        /** Console text that arrived at {@code nanos} ({@link System#nanoTime()}). */
        public synchronized void onText(String text, long nanos) {
            if (text.isEmpty() || done) {
                return;
            }
            if (firstByte < 0) {
                firstByte = nanos;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (lineStartNanos < 0) {
                    lineStartNanos = nanos;
                }
                if (c == '\n') {
                    line(line.toString(), lineStartNanos);
                    line.setLength(0);
                    lineStartNanos = -1;
                } else if (line.length() < MAX_LINE) {
                    line.append(c);
                }
            }
        }

        private void line(String l, long nanos) {
            if (runInit >= 0) {
                return;
            }
            if (RUN_INIT.matcher(l).find()) {
                runInit = nanos;
                kernelAt = kernelTime(l);
            } else if (FREEING.matcher(l).find()) {
                freeing = nanos;
                kernelFreeing = kernelTime(l);
            }
        }

        private static OptionalDouble kernelTime(String l) {
            Matcher m = KERNEL_TIME.matcher(l);
            return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
        }

        /**
         * Where the boot is now, for a progress line: {@code starting} (no console byte yet), {@code kernel}
         * (the kernel prints), {@code userspace} (it handed over to init), {@code prompt} once stopped.
         */
        public synchronized String phase() {
            if (done) {
                return "prompt";
            }
            return runInit >= 0 ? "userspace" : firstByte >= 0 ? "kernel" : "starting";
        }

        /** The boot is over: nothing more is watched. */
        public synchronized void stop() {
            done = true;
        }

        /** The phases, given when the prompt came and when the shell answered. */
        public synchronized BootPhases phases(long promptNanos, long readyNanos) {
            long userspace = runInit >= 0 ? runInit : freeing;
            OptionalDouble kernel = runInit >= 0 ? kernelAt : kernelFreeing;
            return new BootPhases(secs(firstByte), secs(userspace), kernel, secs(promptNanos), secs(readyNanos));
        }

        private double secs(long nanos) {
            return nanos < 0 ? Double.NaN : (nanos - startNanos) / 1e9;
        }
    }
}
