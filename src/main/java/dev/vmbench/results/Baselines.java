package dev.vmbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.TextFiles;
import dev.vmbench.measure.AbTest;
import dev.vmbench.measure.Metric;

/**
 * Measurements read back for an A/B comparison ({@code results compare}, {@code bench --baseline}): series just
 * measured, a group of the results log, a whole results log (its runs of each thing pooled), or a hyperfine JSON
 * export, vmbench's or hyperfine's own (its {@code times}, or vmbench's {@code metrics} values).
 */
public final class Baselines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Baselines() {
    }

    /**
     * Each series as a sample: "VM: what ran [scanned values]", also known as "hypervisor: what ran [...]", in
     * its metric (the runs of one of them in several groups of a log pooled).
     */
    public static List<AbTest.Sample> of(List<Series> series) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, Series> first = new LinkedHashMap<>();
        for (Series s : series) {
            String key = s.vm() + ": " + s.what() + scanned(s.parameters());
            values.computeIfAbsent(key, k -> new ArrayList<>()).addAll(s.values());
            first.putIfAbsent(key, s);
        }
        List<AbTest.Sample> out = new ArrayList<>();
        first.forEach((key, s) -> out.add(new AbTest.Sample(key, s.hypervisor() + ": " + s.what()
                + scanned(s.parameters()), s.metric(), values.get(key))));
        return out;
    }

    /** " [n=4 size=1M]" for a scanned series, "" otherwise. */
    static String scanned(Map<String, String> parameters) {
        return parameters.isEmpty() ? "" : " [" + String.join(" ", parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()) + "]";
    }

    /**
     * A file's measurements: a hyperfine JSON export (an object with {@code results}), else a vmbench results log
     * (every group's runs, pooled per VM and command).
     */
    public static List<AbTest.Sample> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VmbenchException("no file " + file + ": give a hyperfine JSON export (--export-json) or a "
                    + "results log (results.jsonl), or a group number from 'results list'");
        }
        String text = TextFiles.read(file, 256L * 1024 * 1024, "a results file");
        JsonNode root = null;
        try {
            root = JSON.readTree(text);
        } catch (IOException notOneJsonDocument) {
            // a results log: one JSON record per line
        }
        if (root != null && root.isObject() && root.has("results")) {
            return hyperfine(root, file);
        }
        ResultGroups.Log log = ResultGroups.read(file);
        if (log.groups().isEmpty()) {
            throw new VmbenchException(file + " holds no runs: give a hyperfine JSON export or a vmbench results log");
        }
        List<Series> all = new ArrayList<>();
        log.groups().forEach(g -> all.addAll(g.series().stream().filter(s -> !s.runs().isEmpty()).toList()));
        return of(all);
    }

    /** A hyperfine JSON export's results, each a sample (its failed runs left out, as hyperfine's exit codes say). */
    static List<AbTest.Sample> hyperfine(JsonNode root, Path file) {
        List<AbTest.Sample> out = new ArrayList<>();
        for (JsonNode r : root.get("results")) {
            String command = r.path("command").asText(null);
            if (command == null) {
                throw new VmbenchException(file + ": a result without its command: not a hyperfine export");
            }
            JsonNode env = r.path("environment");
            String hv = env.path("hypervisor").asText(r.path("parameters").path("hypervisor").asText(null));
            String vm = env.path("vm").asText(r.path("parameters").path("vm").asText(null));
            String workload = r.path("workload").asText(null);
            Map<String, String> params = new LinkedHashMap<>();
            r.path("parameters").fields().forEachRemaining(f -> {
                if (!List.of("vm", "hypervisor", "host").contains(f.getKey())) {
                    params.put(f.getKey(), f.getValue().asText());
                }
            });
            String what = workload != null ? workload
                    : vm != null && command.startsWith(vm + ": ") ? command.substring(vm.length() + 2) : command;
            String key = (vm != null ? vm + ": " + what : command) + scanned(params);
            String alt = hv != null ? hv + ": " + what + scanned(params) : null;
            JsonNode metrics = r.path("metrics");
            if (metrics.isObject() && metrics.size() > 0) {
                JsonNode m = metrics.elements().next();
                Metric metric;
                try {
                    metric = new Metric(m.path("name").asText(), m.path("unit").asText(),
                            Metric.Better.parse(m.path("better").asText()));
                } catch (IllegalArgumentException e) {
                    throw new VmbenchException(file + ": " + command + ": its metric is not readable: " + e.getMessage());
                }
                List<Double> v = new ArrayList<>();
                m.path("values").forEach(x -> {
                    if (x.isNumber()) {
                        v.add(x.asDouble());
                    }
                });
                out.add(new AbTest.Sample(key, alt, metric, v));
                continue;
            }
            List<Double> times = new ArrayList<>();
            JsonNode codes = r.path("exit_codes");
            JsonNode t = r.path("times");
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).isNumber() && (!codes.has(i) || codes.get(i).asInt(0) == 0)) {
                    times.add(t.get(i).asDouble());
                }
            }
            if (times.isEmpty() && r.path("mean").isNumber()) {
                throw new VmbenchException(file + ": " + command + " has a mean but no 'times': export with hyperfine "
                        + "--export-json, which keeps every run");
            }
            out.add(new AbTest.Sample(key, alt, Metric.TIME, times));
        }
        return out;
    }
}
