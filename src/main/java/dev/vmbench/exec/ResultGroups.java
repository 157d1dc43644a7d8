package dev.vmbench.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.meminfo.Meminfo;

/**
 * The results log read back: its records grouped as they were measured (the runs of one run --repeat, bench
 * or compare share a series id), each group turned back into {@link Series} so the same statistics,
 * warnings and significance apply.
 */
public final class ResultGroups {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param number 1 for the oldest group in the log
     * @param series one per VM, in the order the VMs first ran
     */
    public record Group(int number, String id, String command, Instant started, List<Series> series,
                        Map<String, Meminfo> meminfo) {
        public int runs() {
            return series.stream().mapToInt(s -> s.runs().size()).sum();
        }
    }

    private ResultGroups() {
    }

    /** Reads every group of the log; a line that is not a record is skipped. */
    public static List<Group> read(Path log) throws IOException {
        Map<String, List<JsonNode>> byId = new LinkedHashMap<>();
        int single = 0;
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            String id = n.path("series").isTextual() ? n.get("series").asText() : "single-" + (++single);
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(n);
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byId.entrySet()) {
            groups.add(group(groups.size() + 1, e.getKey(), e.getValue()));
        }
        return groups;
    }

    /** Only the groups that started at or after a moment (this shell's session). */
    public static List<Group> since(List<Group> groups, Instant from) {
        return groups.stream().filter(g -> !g.started().isBefore(from)).toList();
    }

    private static Group group(int number, String id, List<JsonNode> records) {
        Map<String, List<JsonNode>> byVm = new LinkedHashMap<>();
        Map<String, Meminfo> meminfo = new LinkedHashMap<>();
        for (JsonNode r : records) {
            if ("meminfo".equals(r.path("kind").asText())) {
                try {
                    meminfo.put(r.path("vm").asText("?"), Meminfo.parse(r.path("meminfo").asText()));
                } catch (RuntimeException e) {
                    // a capture that does not parse is left out of the report
                }
                continue;
            }
            byVm.computeIfAbsent(r.path("vm").asText("?"), k -> new ArrayList<>()).add(r);
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byVm.entrySet()) {
            List<ExecResult> runs = new ArrayList<>();
            List<ExecResult> warm = new ArrayList<>();
            double loadMin = Double.NaN;
            double loadMax = Double.NaN;
            for (JsonNode r : e.getValue()) {
                ExecResult x = result(r);
                ("warmup".equals(r.path("kind").asText()) ? warm : runs).add(x);
                double load = r.path("load").asDouble(Double.NaN);
                if (!Double.isNaN(load)) {
                    loadMin = Double.isNaN(loadMin) ? load : Math.min(loadMin, load);
                    loadMax = Double.isNaN(loadMax) ? load : Math.max(loadMax, load);
                }
            }
            JsonNode first = e.getValue().get(0);
            Map<String, Object> env = first.has("environment") && first.get("environment").isObject()
                    ? JSON.convertValue(first.get("environment"), new TypeReference<Map<String, Object>>() { })
                    : Map.of();
            int cpus = env.get("host_cpus") instanceof Number n ? n.intValue() : 0;
            Conditions c = new Conditions(env, first.path("accel").asText("unknown"), loadMin, loadMax, cpus, id);
            series.add(new Series(e.getKey(), first.path("hypervisor").asText("?"), first.path("command").asText(""),
                    runs, warm, c));
        }
        JsonNode first = records.get(0);
        return new Group(number, id, first.path("command").asText(""), Instant.parse(first.path("timestamp").asText()),
                series, meminfo);
    }

    private static ExecResult result(JsonNode r) {
        Optional<GuestTime> guest = r.path("real").isNumber()
                ? Optional.of(new GuestTime(r.get("real").asDouble(), num(r, "user"), num(r, "sys"), "logged"))
                : Optional.empty();
        return new ExecResult(r.path("vm").asText(), r.path("command").asText(), "", r.path("exit_code").asInt(),
                r.path("timed_out").asBoolean(), r.path("wall").asDouble(), guest,
                Instant.parse(r.path("timestamp").asText()));
    }

    private static Double num(JsonNode r, String field) {
        return r.path(field).isNumber() ? r.get(field).asDouble() : null;
    }
}
