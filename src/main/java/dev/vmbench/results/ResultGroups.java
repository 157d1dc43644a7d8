package dev.vmbench.results;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestTime;
import dev.vmbench.meminfo.Meminfo;
import dev.vmbench.vmm.BootPhases;
import dev.vmbench.vmm.HostFigures;

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
    public record Group(int number, String id, String session, String command, Instant started,
                        List<Series> series, Map<String, Meminfo> meminfo, List<BootSeries> boots) {
        public int runs() {
            return series.stream().mapToInt(s -> s.runs().size()).sum();
        }
    }

    private ResultGroups() {
    }

    /**
     * The log read back.
     *
     * @param skipped one line per record that could not be read ("results.jsonl:12: not a vmbench record,
     *                skipped"), so a damaged log is never silently shortened
     */
    public record Log(List<Group> groups, List<String> skipped) {
        /** Only the groups this shell measured. */
        public List<Group> ofSession(String session) {
            return groups.stream().filter(g -> session.equals(g.session())).toList();
        }
    }

    /** A record is at most this long: a longer line is damage, not a run. */
    static final int MAX_RECORD = 4 * 1024 * 1024;

    /** Reads every group of the log, streaming it; a line that is not a record is skipped and named. */
    public static Log read(Path log) {
        Map<String, List<JsonNode>> byId = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int[] single = {0};
        dev.vmbench.config.TextFiles.lines(log, MAX_RECORD, "a vmbench results log", line -> {
            if (line.text() != null && line.text().isBlank()) {
                return;
            }
            String problem = line.problem();
            JsonNode n = null;
            if (problem == null) {
                try {
                    n = JSON.readTree(line.text());
                    problem = n != null && n.isObject() && validTimestamp(n) ? null : "not a vmbench record";
                } catch (IOException e) {
                    problem = "not JSON (a record cut short?)";
                }
            }
            if (problem != null) {
                skipped.add(log.getFileName() + ":" + line.number() + ": " + problem + ", skipped");
                return;
            }
            String id = n.path("series").isTextual() ? n.get("series").asText() : "single-" + (++single[0]);
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(n);
        });
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byId.entrySet()) {
            groups.add(group(groups.size() + 1, e.getKey(), e.getValue()));
        }
        return new Log(groups, skipped);
    }

    private static boolean validTimestamp(JsonNode n) {
        try {
            Instant.parse(n.path("timestamp").asText());
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static Group group(int number, String id, List<JsonNode> records) {
        Map<String, List<JsonNode>> byVm = new LinkedHashMap<>();
        Map<String, Meminfo> meminfo = new LinkedHashMap<>();
        Map<String, HostFigures> hosts = new LinkedHashMap<>();
        Map<String, List<JsonNode>> boots = new LinkedHashMap<>();
        for (JsonNode r : records) {
            if ("boot".equals(r.path("kind").asText())) {
                boots.computeIfAbsent(r.path("hypervisor").asText("?"), k -> new ArrayList<>()).add(r);
                continue;
            }
            if ("host".equals(r.path("kind").asText())) {
                hosts.put(r.path("vm").asText("?"), host(r));
                continue;
            }
            if ("meminfo".equals(r.path("kind").asText())) {
                try {
                    meminfo.put(r.path("vm").asText("?"), Meminfo.parse(r.path("meminfo").asText()));
                } catch (RuntimeException e) {
                    // a capture that does not parse is left out of the report
                }
                continue;
            }
            // a VM's series, one per parameter combination it ran (a scan)
            String key = r.path("vm").asText("?") + (r.path("environment").path("parameters").isObject()
                    ? "\0" + r.path("environment").path("parameters") : "");
            byVm.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byVm.entrySet()) {
            List<ExecResult> runs = new ArrayList<>();
            List<ExecResult> warm = new ArrayList<>();
            for (JsonNode r : e.getValue()) {
                ExecResult x = result(r);
                ("warmup".equals(r.path("kind").asText()) ? warm : runs).add(x);
            }
            double[] load = loadRange(e.getValue());
            JsonNode first = e.getValue().get(0);
            Map<String, Object> env = first.has("environment") && first.get("environment").isObject()
                    ? JSON.convertValue(first.get("environment"), new TypeReference<Map<String, Object>>() { })
                    : Map.of();
            int cpus = env.get("host_cpus") instanceof Number n ? n.intValue() : 0;
            double rtt = env.get("link_rtt_ms") instanceof Number n ? n.doubleValue() : Double.NaN;
            Conditions c = new Conditions(env, first.path("accel").asText("unknown"), load[0], load[1], cpus, id,
                    first.path("host").asText("local"), rtt);
            String vmName = first.path("vm").asText("?");
            series.add(new Series(vmName, first.path("hypervisor").asText("?"), first.path("command").asText(""),
                    runs, warm, c, hosts.get(vmName)).withMetric(metric(first),
                    first.path("workload").isTextual() ? first.get("workload").asText() : null)
                    .withParameters(parameters(first)));
        }
        List<BootSeries> bootSeries = new ArrayList<>();
        boots.forEach((hv, recs) -> bootSeries.add(bootSeries(hv, recs)));
        JsonNode first = records.stream().filter(r -> !"boot".equals(r.path("kind").asText())).findFirst()
                .orElse(records.get(0));
        return new Group(number, id, first.path("session").isTextual() ? first.get("session").asText() : null,
                first.path("command").asText(""), Instant.parse(first.path("timestamp").asText()), series, meminfo,
                bootSeries);
    }

    private static BootSeries bootSeries(String hypervisor, List<JsonNode> recs) {
        List<BootPhases> phases = new ArrayList<>();
        for (JsonNode r : recs) {
            JsonNode p = r.path("boot_phases_s");
            phases.add(new BootPhases(p.path("first_byte").asDouble(Double.NaN), p.path("userspace").asDouble(Double.NaN),
                    r.path("kernel_userspace_s").isNumber() ? OptionalDouble.of(r.get("kernel_userspace_s").asDouble())
                            : OptionalDouble.empty(),
                    p.path("prompt").asDouble(Double.NaN), p.path("ready").asDouble(Double.NaN)));
        }
        double[] load = loadRange(recs);
        return new BootSeries(hypervisor, recs.get(0).path("accel").asText("unknown"), phases, load[0], load[1], 0);
    }

    /** The lowest and highest host load the records carry; NaN for both when none does. */
    private static double[] loadRange(List<JsonNode> records) {
        double min = Double.NaN;
        double max = Double.NaN;
        for (JsonNode r : records) {
            double load = r.path("load").asDouble(Double.NaN);
            if (!Double.isNaN(load)) {
                min = Double.isNaN(min) ? load : Math.min(min, load);
                max = Double.isNaN(max) ? load : Math.max(max, load);
            }
        }
        return new double[] {min, max};
    }

    private static ExecResult result(JsonNode r) {
        Optional<GuestTime> guest = r.path("real").isNumber()
                ? Optional.of(new GuestTime(r.get("real").asDouble(), num(r, "user"), num(r, "sys"), "logged"))
                : Optional.empty();
        return new ExecResult(r.path("vm").asText(), r.path("command").asText(), "", r.path("exit_code").asInt(),
                ending(r), r.path("wall").asDouble(), guest, Instant.parse(r.path("timestamp").asText()), List.of(),
                r.path("vmm_cpu_s").isNumber() ? OptionalDouble.of(r.get("vmm_cpu_s").asDouble()) : OptionalDouble.empty(),
                r.path("console_bytes").asLong(0),
                r.path("figure").isNumber() ? OptionalDouble.of(r.get("figure").asDouble()) : OptionalDouble.empty());
    }

    /** The scanned parameters a run record ran with (its environment's {@code parameters}), in their order. */
    static Map<String, String> parameters(JsonNode r) {
        Map<String, String> p = new LinkedHashMap<>();
        r.path("environment").path("parameters").fields().forEachRemaining(f -> p.put(f.getKey(), f.getValue().asText()));
        return p;
    }

    /** The metric a run record was measured in: time unless it names another. */
    static dev.vmbench.measure.Metric metric(JsonNode r) {
        JsonNode m = r.path("metric");
        if (!m.isObject()) {
            return dev.vmbench.measure.Metric.TIME;
        }
        try {
            return new dev.vmbench.measure.Metric(m.path("name").asText(), m.path("unit").asText(),
                    dev.vmbench.measure.Metric.Better.parse(m.path("better").asText()));
        } catch (IllegalArgumentException e) {
            return dev.vmbench.measure.Metric.TIME;
        }
    }

    /** A "host" record; fields it lacks read as 0 (a record written by hand, or cut). */
    private static HostFigures host(JsonNode r) {
        JsonNode o = r.path("vmm_overhead_kib");
        Map<String, Double> phases = new LinkedHashMap<>();
        r.path("boot_phases_s").fields().forEachRemaining(f -> {
            if (f.getValue().isNumber()) {
                phases.put(f.getKey(), f.getValue().asDouble());
            }
        });
        return new HostFigures(o.path("rss").asLong(0), o.path("pss").asLong(0), o.path("uss").asLong(0),
                r.path("guest_ram_kib").asLong(0), phases);
    }

    private static ExecResult.Ending ending(JsonNode r) {
        if (r.path("ending").isTextual()) {
            try {
                return ExecResult.Ending.valueOf(r.get("ending").asText().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return ExecResult.Ending.COMPLETED;
            }
        }
        return r.path("timed_out").asBoolean() ? ExecResult.Ending.TIMED_OUT : ExecResult.Ending.COMPLETED;
    }

    private static Double num(JsonNode r, String field) {
        return r.path(field).isNumber() ? r.get(field).asDouble() : null;
    }
}
