package dev.vmbench.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.vmbench.VmbenchException;
import dev.vmbench.measure.Metric;

/**
 * The workloads vmbench knows: the built-in ones, then the user's from {@code workloads.yaml} beside
 * profiles.yaml (a user's workload of a built-in's name replaces it).
 *
 * <pre>
 * workloads:
 *   tar-xz:
 *     description: compress /random.txt with xz
 *     command: xz -T1 -c /random.txt &gt; /dev/null
 *     read: time                   # time | dd | fio:read_iops (and the rest) | regex:PATTERN with one group
 *     unit: s                      # for dd, fio and regex
 *     better: lower                # lower | higher
 *     tools: [xz]                  # programs the image needs (image build --with)
 *     scratch: false               # whether it uses the scratch disk /dev/vdb
 * </pre>
 */
public final class Workloads {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String BUILT_IN = "built in";

    /** fio on the scratch disk, direct I/O past the guest's page cache, one job, a fixed time. */
    static String fio(String name, String rw, String bs) {
        return "fio --name=" + name + " --filename=" + Workload.SCRATCH_DEVICE + " --rw=" + rw + " --bs=" + bs
                + " --direct=1 --ioengine=psync --iodepth=1 --numjobs=1 --time_based --runtime=5 --ramp_time=1"
                + " --output-format=json";
    }

    /** The built-in workloads, in the order {@code workload list} shows them. */
    public static List<Workload> builtIn() {
        Metric iops = new Metric("IOPS", "IOPS", Metric.Better.HIGHER);
        Metric read = new Metric("read MiB/s", "MiB/s", Metric.Better.HIGHER);
        Metric write = new Metric("write MiB/s", "MiB/s", Metric.Better.HIGHER);
        return List.of(
                new Workload("sha256", "the seed's: sha256sum of /random.txt (CPU, the root disk's page cache)",
                        "sha256sum /random.txt", new Workload.Time(), Metric.TIME, List.of(), false, BUILT_IN),
                new Workload("fio-randread-4k", "random 4 KiB reads from the scratch disk, O_DIRECT, 1 job, 5 s",
                        fio("randread-4k", "randread", "4k"), new Workload.Fio("read_iops"),
                        new Metric("read IOPS", "IOPS", Metric.Better.HIGHER), List.of("fio"), true, BUILT_IN),
                new Workload("fio-randwrite-4k", "random 4 KiB writes to the scratch disk, O_DIRECT, 1 job, 5 s",
                        fio("randwrite-4k", "randwrite", "4k"), new Workload.Fio("write_iops"),
                        new Metric("write IOPS", iops.unit(), Metric.Better.HIGHER), List.of("fio"), true, BUILT_IN),
                new Workload("fio-seqread-1m", "sequential 1 MiB reads from the scratch disk, O_DIRECT, 1 job, 5 s",
                        fio("seqread-1m", "read", "1m"), new Workload.Fio("read_mibs"), read, List.of("fio"), true,
                        BUILT_IN),
                new Workload("fio-seqwrite-1m", "sequential 1 MiB writes to the scratch disk, O_DIRECT, 1 job, 5 s",
                        fio("seqwrite-1m", "write", "1m"), new Workload.Fio("write_mibs"), write, List.of("fio"), true,
                        BUILT_IN),
                new Workload("membw-dd", "memory write bandwidth: dd of 2 GiB from /dev/zero to /dev/null in 1 MiB "
                        + "blocks (the guest kernel zero-fills dd's buffer 2048 times), over the guest's time",
                        "time dd if=/dev/zero of=/dev/null bs=1M count=2048", new Workload.Dd(),
                        new Metric("memory GB/s", "GB/s", Metric.Better.HIGHER), List.of(), false, BUILT_IN),
                new Workload("boot", "boot to the guest's prompt, per boot phase (compare --workload boot --boots N)",
                        "", new Workload.Boot(), new Metric("boot to prompt", "s", Metric.Better.LOWER), List.of(),
                        false, BUILT_IN));
    }

    private final Path file;

    /** @param file the user's workloads.yaml (need not exist) */
    public Workloads(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Every workload by name: the built-in ones, then the file's. */
    public Map<String, Workload> all() {
        Map<String, Workload> out = new LinkedHashMap<>();
        builtIn().forEach(w -> out.put(w.name(), w));
        if (file != null && Files.exists(file)) {
            parse(dev.vmbench.config.TextFiles.read(file, dev.vmbench.config.TextFiles.SMALL, "a workloads file"), file)
                    .forEach(w -> out.put(w.name(), w));
        }
        return out;
    }

    /** The workload of that name, or one line saying which there are. */
    public Workload get(String name) {
        Map<String, Workload> all = all();
        Workload w = all.get(name);
        if (w == null) {
            throw new dev.vmbench.UsageException("no workload '" + name + "': 'workload list' shows them ("
                    + String.join(", ", all.keySet()) + "); your own go in " + file);
        }
        return w;
    }

    /** A workloads.yaml's workloads; a mistake is one line naming the file, the workload and the field. */
    public static List<Workload> parse(String text, Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw new VmbenchException(file + " is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<Workload> out = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        JsonNode ws = root.path("workloads");
        if (!ws.isObject()) {
            throw new VmbenchException(file + ": put the workloads under 'workloads:', one entry by name");
        }
        var it = ws.fields();
        while (it.hasNext()) {
            var e = it.next();
            String name = e.getKey();
            JsonNode w = e.getValue();
            String where = file + ": workload " + name;
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new VmbenchException(where + ": a name is letters, digits, '-', '_' and '.'");
            }
            String command = w.path("command").asText("");
            Workload.Reading reading;
            Metric.Better better;
            try {
                reading = Workload.reading(w.path("read").asText("time"));
                if (reading instanceof Workload.Dd) {
                    reading = new Workload.Dd(Workload.Dd.blockSize(command)); // records are counted in its bs
                }
                better = w.has("better") ? Metric.Better.parse(w.get("better").asText()) : Metric.Better.LOWER;
            } catch (IllegalArgumentException x) {
                throw new VmbenchException(where + ": " + x.getMessage());
            }
            if (command.isBlank() && !(reading instanceof Workload.Boot)) {
                throw new VmbenchException(where + ": give its guest command (command: ...)");
            }
            Metric metric;
            if (reading instanceof Workload.Time) {
                metric = Metric.TIME;
            } else {
                String unit = w.path("unit").asText(reading instanceof Workload.Dd ? "GB/s" : "");
                if (unit.isBlank()) {
                    throw new VmbenchException(where + ": give the figure's unit (unit: IOPS)");
                }
                if (!w.has("better") && !(reading instanceof Workload.Boot)) {
                    throw new VmbenchException(where + ": say which way is better (better: higher, or lower)");
                }
                metric = new Metric(w.path("metric").asText(name), unit, better);
            }
            List<String> tools = new ArrayList<>();
            w.path("tools").forEach(t -> tools.add(t.asText()));
            out.add(new Workload(name, w.path("description").asText(""), command, reading, metric, tools,
                    w.path("scratch").asBoolean(false), file.toString()));
        }
        return out;
    }
}
