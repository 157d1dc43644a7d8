package dev.vmbench.workload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The figures of a fio run, read from what {@code fio --output-format=json} printed (fio 3.33's layout): for each job
 * its read and write IOPS, bandwidth, mean completion latency and runtime.
 *
 * <p>The text may come from a console: a command echo, fio's own "fio: ..." warnings and other lines before the JSON,
 * a prompt after it, and {@code \r\n} line ends are all fine. The JSON starts at the first line that is exactly
 * "{" (spaces and a carriage return around it aside) and ends at the brace that closes it.
 *
 * @param version fio's "fio version", e.g. "fio-3.33"; empty when absent
 * @param jobs    the jobs in fio's order (one for a group under {@code group_reporting})
 */
public record FioOutput(String version, List<Job> jobs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    public FioOutput {
        jobs = List.copyOf(jobs);
    }

    /**
     * One direction (read or write) of a job.
     *
     * @param ios               I/Os completed (fio's "total_ios")
     * @param iops              I/Os per second (fio's "iops")
     * @param mibPerSecond      bandwidth in MiB/s: fio's "bw_bytes" (bytes/s) / 1048576, or its "bw" (KiB/s) / 1024
     *                          when an older fio printed no "bw_bytes"
     * @param meanLatencyMicros mean completion latency in microseconds (fio's "clat_ns" mean / 1000); NaN when no
     *                          I/O completed (fio prints 0 then) or fio printed no "clat_ns"
     * @param bytes             bytes transferred (fio's "io_bytes")
     * @param runtimeMillis     milliseconds this direction ran (fio's "runtime"); 0 when it did no I/O
     * @param latencySamples    completions the mean latency was taken over (fio's "clat_ns" N, or "total_ios" when
     *                          there is no N); 0 when there is no latency
     */
    public record Direction(long ios, double iops, double mibPerSecond, double meanLatencyMicros, long bytes,
                            long runtimeMillis, long latencySamples) {

        public static final Direction NONE = new Direction(0, 0, 0, Double.NaN, 0, 0, 0);

        /** Whether any I/O was done in this direction. */
        public boolean active() {
            return ios > 0 || bytes > 0;
        }

        /**
         * Two jobs' figures together, as fio's group_reporting makes them: counts, rates and bytes added, the mean
         * latency weighted by each side's completions, the runtime the longer of the two.
         */
        public Direction plus(Direction o) {
            long samples = latencySamples + o.latencySamples;
            double latency = Double.NaN;
            if (samples > 0) {
                double sum = 0;
                if (latencySamples > 0) {
                    sum += meanLatencyMicros * latencySamples;
                }
                if (o.latencySamples > 0) {
                    sum += o.meanLatencyMicros * o.latencySamples;
                }
                latency = sum / samples;
            }
            return new Direction(ios + o.ios, iops + o.iops, mibPerSecond + o.mibPerSecond, latency, bytes + o.bytes,
                    Math.max(runtimeMillis, o.runtimeMillis), samples);
        }
    }

    /**
     * One job (or one group of jobs under {@code group_reporting}).
     *
     * @param name          fio's "jobname"
     * @param error         fio's "error" for the job: 0 when it ran well, else an errno
     * @param runtimeMillis milliseconds the job did I/O: the longer of its read and write runtimes, or fio's
     *                      "job_runtime" when it did none. (Under group_reporting fio's "job_runtime" is the sum over
     *                      the group's jobs, so it is not used when a direction ran.)
     */
    public record Job(String name, int error, Direction read, Direction write, long runtimeMillis) {

        /** Read and write IOPS together. */
        public double iops() {
            return read.iops() + write.iops();
        }

        /** Read and write bandwidth together, MiB/s. */
        public double mibPerSecond() {
            return read.mibPerSecond() + write.mibPerSecond();
        }
    }

    /**
     * Reads the figures from fio's console output.
     *
     * @throws IllegalArgumentException "fio printed no JSON: FIRST LINE" when no line is a lone "{", and a message
     *                                  naming what is wrong when the JSON is cut short, malformed or has no jobs
     */
    public static FioOutput parse(String console) {
        String text = json(console);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fio's JSON does not parse: " + e.getOriginalMessage(), e);
        }
        JsonNode jobs = root.path("jobs");
        if (!jobs.isArray() || jobs.isEmpty()) {
            throw new IllegalArgumentException("fio's JSON lists no jobs");
        }
        List<Job> out = new ArrayList<>();
        for (JsonNode job : jobs) {
            out.add(job(job));
        }
        return new FioOutput(root.path("fio version").asText(""), out);
    }

    /**
     * All jobs as one, the way fio's {@code group_reporting} sums them: IOPS, bandwidth, I/Os and bytes added, mean
     * latencies weighted by completions, the runtime the longest. The name is the jobs' distinct names joined by
     * ","; the error the first that is not 0.
     */
    public Job total() {
        if (jobs.size() == 1) {
            return jobs.get(0);
        }
        Set<String> names = new LinkedHashSet<>();
        int error = 0;
        Direction read = Direction.NONE;
        Direction write = Direction.NONE;
        long runtime = 0;
        for (Job j : jobs) {
            names.add(j.name());
            if (error == 0) {
                error = j.error();
            }
            read = read.plus(j.read());
            write = write.plus(j.write());
            runtime = Math.max(runtime, j.runtimeMillis());
        }
        return new Job(String.join(",", names), error, read, write, runtime);
    }

    private static Job job(JsonNode job) {
        String name = job.path("jobname").asText("");
        Direction read = direction(job.path("read"));
        Direction write = direction(job.path("write"));
        long runtime = Math.max(read.runtimeMillis(), write.runtimeMillis());
        if (runtime == 0) {
            runtime = job.path("job_runtime").asLong(0);
        }
        return new Job(name, job.path("error").asInt(0), read, write, runtime);
    }

    private static Direction direction(JsonNode d) {
        if (d.isMissingNode() || !d.isObject()) {
            return Direction.NONE;
        }
        double mib = d.has("bw_bytes") ? d.path("bw_bytes").asDouble() / MIB : d.path("bw").asDouble() / 1024.0;
        JsonNode clat = d.path("clat_ns");
        long ios = d.path("total_ios").asLong(0);
        boolean measured = clat.has("mean");
        long samples = !measured ? 0 : clat.has("N") ? clat.path("N").asLong(0) : ios;
        double latency = samples > 0 ? clat.path("mean").asDouble() / 1000.0 : Double.NaN;
        return new Direction(ios, d.path("iops").asDouble(0), mib, latency, d.path("io_bytes").asLong(0),
                d.path("runtime").asLong(0), samples);
    }

    /**
     * The JSON object within a console's text: from the first line that is a lone "{" to its closing brace, found
     * by counting braces outside JSON strings.
     */
    static String json(String console) {
        String text = console == null ? "" : console;
        int start = -1;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int end = text.indexOf('\n', lineStart);
            int lineEnd = end < 0 ? text.length() : end;
            if (text.substring(lineStart, lineEnd).strip().equals("{")) {
                start = text.indexOf('{', lineStart);
                break;
            }
            if (end < 0) {
                break;
            }
            lineStart = end + 1;
        }
        if (start < 0) {
            throw new IllegalArgumentException("fio printed no JSON: " + firstLine(text));
        }
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return text.substring(start, i + 1);
                }
            }
        }
        throw new IllegalArgumentException("fio's JSON is cut short: the object opened on the line \"{\" never closes");
    }

    /** The first line that is not blank, shortened to 200 characters; "(no output)" when there is none. */
    static String firstLine(String text) {
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                return s.length() > 200 ? s.substring(0, 200) + "..." : s;
            }
        }
        return "(no output)";
    }
}
