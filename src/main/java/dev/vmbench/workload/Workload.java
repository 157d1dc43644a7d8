package dev.vmbench.workload;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vmbench.measure.Metric;

/**
 * A named thing to measure in a guest: the command, how its figure is read from what it prints, the figure's
 * unit and which way is better, the guest tools it needs, and whether it needs a scratch disk.
 *
 * @param name        as typed ({@code fio-randread-4k})
 * @param description one line for {@code workload list}
 * @param command     the guest command ({@code /dev/vdb} is the scratch disk)
 * @param reading     how its figure is read from its output
 * @param metric      the figure's name, unit and direction
 * @param tools       programs the image must have ({@code image build --with ...})
 * @param scratch     whether it writes or reads the scratch disk ({@code boot --scratch-disk})
 * @param source      where it is defined: "built in" or a file
 */
public record Workload(String name, String description, String command, Reading reading, Metric metric,
                       List<String> tools, boolean scratch, String source) {

    /** The scratch disk as the guest sees it: the second virtio disk, after the root disk. */
    public static final String SCRATCH_DEVICE = "/dev/vdb";

    public Workload {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** How a figure is read from a run's output. */
    public sealed interface Reading {
        /** The figure from the output; throws IllegalArgumentException (one line) when it is not there. */
        double read(String output);

        /** ... from the whole run (its output, and the guest's {@code time} when it ran under it). */
        default double read(dev.vmbench.guest.ExecResult run) {
            return read(run.output());
        }

        /** As written in workloads.yaml and shown by {@code workload show}. */
        String describe();
    }

    /** The run's host wall time: the command runs under {@code time} (the guest's own figures kept too). */
    public record Time() implements Reading {
        @Override
        public double read(String output) {
            throw new UnsupportedOperationException("time is the run's wall time, not read from its output");
        }

        @Override
        public String describe() {
            return "time";
        }
    }

    /** A figure of fio's {@code --output-format=json}, summed over its jobs. */
    public record Fio(String field) implements Reading {
        public static final List<String> FIELDS = List.of("read_iops", "write_iops", "read_mibs", "write_mibs",
                "read_clat_us", "write_clat_us");

        public Fio {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("fio figure '" + field + "' is not one of " + String.join(", ", FIELDS));
            }
        }

        @Override
        public double read(String output) {
            FioOutput.Job t = FioOutput.parse(output).total();
            if (t.error() != 0) {
                throw new IllegalArgumentException("fio's job ended with error " + t.error());
            }
            FioOutput.Direction d = field.startsWith("read") ? t.read() : t.write();
            if (!d.active()) {
                throw new IllegalArgumentException("fio did no " + field.substring(0, field.indexOf('_')) + " I/O");
            }
            return switch (field.substring(field.indexOf('_') + 1)) {
                case "iops" -> d.iops();
                case "mibs" -> d.mibPerSecond();
                default -> d.meanLatencyMicros();
            };
        }

        @Override
        public String describe() {
            return "fio:" + field;
        }
    }

    /** The first group of a regular expression matching the output, times a scale. */
    public record Regex(Pattern pattern, double scale) implements Reading {
        @Override
        public double read(String output) {
            Matcher m = pattern.matcher(output);
            if (!m.find() || m.groupCount() < 1 || m.group(1) == null) {
                throw new IllegalArgumentException("the output did not match /" + pattern + "/");
            }
            try {
                return Double.parseDouble(m.group(1)) * scale;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("/" + pattern + "/ matched '" + m.group(1) + "', not a number");
            }
        }

        @Override
        public String describe() {
            return "regex:" + pattern + (scale == 1 ? "" : " (×" + scale + ")");
        }
    }

    /**
     * dd's bandwidth in GB/s (10^9 bytes): from its own summary when it prints one ("N bytes (...) copied, S s",
     * GNU coreutils, busybox with its third status line), else from the full records it copied times the block size
     * over the guest's {@code time} real (Debian's busybox prints records only).
     *
     * @param blockBytes dd's {@code bs}
     */
    public record Dd(long blockBytes) implements Reading {
        private static final Pattern SUMMARY = Pattern.compile("(\\d+) bytes .*copied, ([0-9.]+) s");
        private static final Pattern RECORDS = Pattern.compile("(\\d+)\\+\\d+ records out");

        public Dd() {
            this(1024 * 1024);
        }

        private static final Pattern BS = Pattern.compile("\\b(?:bs|obs)=(\\d+)([cwbkKMG]?)");

        /** dd's block size as a command gives it ({@code bs=4k}, {@code bs=1M}); dd's own 512 bytes without one. */
        public static long blockSize(String command) {
            Matcher m = BS.matcher(command == null ? "" : command);
            if (!m.find()) {
                return 512;
            }
            long n = Long.parseLong(m.group(1));
            return n * switch (m.group(2)) {
                case "c" -> 1;
                case "w" -> 2;
                case "b" -> 512;
                case "k", "K" -> 1024;
                case "M" -> 1024 * 1024;
                case "G" -> 1024L * 1024 * 1024;
                default -> 1;
            };
        }

        @Override
        public double read(String output) {
            Matcher m = SUMMARY.matcher(output);
            if (!m.find()) {
                throw new IllegalArgumentException("dd printed no 'N bytes ... copied, S seconds' line");
            }
            return rate(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)));
        }

        @Override
        public double read(dev.vmbench.guest.ExecResult run) {
            if (SUMMARY.matcher(run.output()).find()) {
                return read(run.output());
            }
            Matcher m = RECORDS.matcher(run.output());
            if (!m.find()) {
                throw new IllegalArgumentException("dd printed neither its summary nor 'N+0 records out'");
            }
            double real = run.guestTime().map(dev.vmbench.guest.GuestTime::real).orElseThrow(() ->
                    new IllegalArgumentException("dd printed no summary and ran without 'time'"));
            return rate(Long.parseLong(m.group(1)) * blockBytes, real);
        }

        private static double rate(long bytes, double seconds) {
            if (seconds <= 0) {
                throw new IllegalArgumentException("dd took " + seconds + " s: too short to give a rate");
            }
            return bytes / seconds / 1e9;
        }

        @Override
        public String describe() {
            return "dd";
        }
    }

    /** The boot to the guest's prompt: measured by booting, not by a command ({@code compare --workload boot}). */
    public record Boot() implements Reading {
        @Override
        public double read(String output) {
            throw new UnsupportedOperationException("boot is measured by booting");
        }

        @Override
        public String describe() {
            return "boot";
        }
    }

    /** A reading as workloads.yaml names it: time, dd, boot, fio:FIELD, regex:PATTERN. */
    public static Reading reading(String text) {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("time")) {
            return new Time();
        }
        if (lower.equals("dd")) {
            return new Dd();
        }
        if (lower.equals("boot")) {
            return new Boot();
        }
        if (lower.startsWith("fio:")) {
            return new Fio(t.substring(4).strip());
        }
        if (lower.startsWith("regex:")) {
            try {
                Pattern p = Pattern.compile(t.substring(6).strip(), Pattern.MULTILINE);
                if (p.matcher("").groupCount() < 1) {
                    throw new IllegalArgumentException("regex '" + p + "' needs a group around the number: (\\d+)");
                }
                return new Regex(p, 1);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regex '" + t.substring(6).strip() + "': " + e.getDescription());
            }
        }
        throw new IllegalArgumentException("'" + t + "' is not a way to read a figure: use time, dd, fio:FIELD ("
                + String.join(", ", Fio.FIELDS) + ") or regex:PATTERN");
    }

    public boolean isTime() {
        return reading instanceof Time;
    }

    public boolean isBoot() {
        return reading instanceof Boot;
    }

    /** The command as typed into the guest: under {@code time} when the figure is time. */
    public String guestCommand() {
        return isTime() && !command.strip().startsWith("time ") ? "time " + command : command;
    }
}
