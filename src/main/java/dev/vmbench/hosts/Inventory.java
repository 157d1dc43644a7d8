package dev.vmbench.hosts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.SshTarget;

/**
 * An Ansible inventory, YAML or INI, read for the SSH facts of its hosts ({@code ansible_host},
 * {@code ansible_user}, {@code ansible_port}, {@code ansible_ssh_private_key_file}, the {@code -o} and {@code -J}
 * options of {@code ansible_ssh_common_args} / {@code ansible_ssh_extra_args}), and vmbench's own host variables
 * ({@code vmbench_cache}: the cache folder there; {@code vmbench_binary_firecracker},
 * {@code vmbench_binary_qemu} (for qemu-system-x86_64): programs not on its PATH), group variables included,
 * so that hosts already listed for Ansible need no second list. Other variables are ignored.
 */
public final class Inventory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Inventory() {
    }

    /** The hosts of an inventory's text, by name, in the order listed. */
    public static Map<String, SshTarget> parse(String text, Path file) {
        String t = text.strip();
        boolean ini = t.startsWith("[") || t.lines().map(String::strip)
                .anyMatch(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";") && !l.contains(":")
                        && !l.startsWith("-"));
        Map<String, Map<String, String>> vars = ini ? ini(text, file) : yaml(text, file);
        Map<String, SshTarget> out = new LinkedHashMap<>();
        vars.forEach((name, v) -> out.put(name, target(name, v, file)));
        return out;
    }

    static SshTarget target(String name, Map<String, String> v, Path file) {
        String host = v.getOrDefault("ansible_host", name);
        String user = v.get("ansible_user");
        int port = 0;
        if (v.containsKey("ansible_port")) {
            try {
                port = Integer.parseInt(v.get("ansible_port").strip());
            } catch (NumberFormatException e) {
                throw new VmbenchException(file + ": host " + name + ": ansible_port '" + v.get("ansible_port")
                        + "' is not a number");
            }
        }
        String key = v.get("ansible_ssh_private_key_file");
        List<String> options = new java.util.ArrayList<>();
        for (String var : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            if (v.containsKey(var)) {
                options.addAll(sshOptions(v.get(var), name, var, file));
            }
        }
        // vmbench's own settings as host variables (Ansible keeps any variable): the cache folder there, and
        // hypervisor programs not on that machine's PATH
        Map<String, String> binaries = new LinkedHashMap<>();
        v.forEach((k, val) -> {
            if (k.startsWith("vmbench_binary_")) {
                String program = k.substring("vmbench_binary_".length());
                binaries.put(program.equals("qemu") ? "qemu-system-x86_64" : program, val);
            }
        });
        return new SshTarget(name, user == null ? host : user + "@" + host, port,
                key == null ? null : Path.of(HostsFile.home(key)), v.get("vmbench_cache"), options, binaries);
    }

    /**
     * The {@code -o Key=Value} (and {@code -J jump}) options of Ansible's extra ssh arguments, as {@code Key=Value}:
     * how hosts reached through a bastion or with their own known_hosts file are described there. Any other ssh
     * flag is refused by name (vmbench sets its own: BatchMode, the control connection, keep-alives).
     */
    static List<String> sshOptions(String args, String host, String var, Path file) {
        List<String> words = dev.vmbench.text.PosixLine.words(args);
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String value;
            if (w.equals("-o") || w.equals("-J")) {
                if (i + 1 >= words.size()) {
                    throw new VmbenchException(file + ": host " + host + ": " + var + " ends with " + w + " and no value");
                }
                value = words.get(++i);
            } else if (w.startsWith("-o") || w.startsWith("-J")) {
                value = w.substring(2);
            } else {
                throw new VmbenchException(file + ": host " + host + ": " + var + " has '" + w + "': only -o Key=Value "
                        + "and -J jump are taken from it (put other ssh settings in ~/.ssh/config)");
            }
            if (w.startsWith("-J")) {
                out.add("ProxyJump=" + value);
            } else if (value.matches("[A-Za-z]+=.+")) {
                out.add(value);
            } else if (value.matches("[A-Za-z]+\\s+.+")) {
                out.add(value.replaceFirst("\\s+", "="));
            } else {
                throw new VmbenchException(file + ": host " + host + ": " + var + ": '-o " + value + "' is not Key=Value");
            }
        }
        return out;
    }

    /** INI: host lines under [group], {@code key=value} after the name; [group:vars]; [group:children]. */
    static Map<String, Map<String, String>> ini(String text, Path file) {
        Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
        Map<String, List<String>> members = new HashMap<>();
        Map<String, Map<String, String>> groupVars = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        String section = "ungrouped";
        int n = 0;
        for (String raw : text.split("\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            if (section.endsWith(":vars")) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2) {
                    groupVars.computeIfAbsent(section.substring(0, section.length() - 5), g -> new HashMap<>())
                            .put(kv[0].strip(), unquote(kv[1].strip()));
                }
                continue;
            }
            if (section.endsWith(":children")) {
                children.computeIfAbsent(section.substring(0, section.length() - 9), g -> new ArrayList<>()).add(line);
                continue;
            }
            // split as Ansible does (shlex): a quoted value keeps its spaces (ansible_ssh_common_args='-o A=B')
            String[] words = dev.vmbench.text.PosixLine.words(line).toArray(String[]::new);
            String name = words[0];
            if (name.contains("[") && name.contains(":")) {
                throw new VmbenchException(file + " line " + n + ": host ranges (" + name + ") are not read by vmbench: "
                        + "list the hosts one per line");
            }
            Map<String, String> v = hosts.computeIfAbsent(name, h -> new HashMap<>());
            for (int i = 1; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                if (kv.length == 2) {
                    v.put(kv[0], unquote(kv[1]));
                }
            }
            members.computeIfAbsent(section, g -> new ArrayList<>()).add(name);
        }
        // group variables under the host's own: all first, then each group (children through their parents)
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> h : hosts.entrySet()) {
            Map<String, String> v = new HashMap<>(groupVars.getOrDefault("all", Map.of()));
            for (String g : members.keySet()) {
                if (inGroup(h.getKey(), g, members, children, 0)) {
                    v.putAll(groupVars.getOrDefault(g, Map.of()));
                }
            }
            for (String g : children.keySet()) {
                if (!members.containsKey(g) && inGroup(h.getKey(), g, members, children, 0)) {
                    v.putAll(groupVars.getOrDefault(g, Map.of()));
                }
            }
            v.putAll(h.getValue());
            out.put(h.getKey(), v);
        }
        return out;
    }

    private static boolean inGroup(String host, String group, Map<String, List<String>> members,
                                   Map<String, List<String>> children, int depth) {
        if (depth > 16) {
            return false;
        }
        if (members.getOrDefault(group, List.of()).contains(host)) {
            return true;
        }
        for (String child : children.getOrDefault(group, List.of())) {
            if (inGroup(host, child, members, children, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** YAML: groups with {@code hosts:}, {@code vars:} and {@code children:}, from {@code all} down. */
    static Map<String, Map<String, String>> yaml(String text, Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw new VmbenchException(file + " is not a YAML or INI Ansible inventory: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (root != null && root.isObject()) {
            root.fields().forEachRemaining(g -> group(g.getValue(), Map.of(), out, 0));
        }
        return out;
    }

    private static void group(JsonNode g, Map<String, String> inherited, Map<String, Map<String, String>> out, int depth) {
        if (g == null || !g.isObject() || depth > 16) {
            return;
        }
        Map<String, String> vars = new HashMap<>(inherited);
        g.path("vars").fields().forEachRemaining(v -> vars.put(v.getKey(), v.getValue().asText()));
        g.path("hosts").fields().forEachRemaining(h -> {
            Map<String, String> v = out.computeIfAbsent(h.getKey(), k -> new HashMap<>());
            vars.forEach(v::putIfAbsent);
            h.getValue().fields().forEachRemaining(f -> v.put(f.getKey(), f.getValue().asText()));
        });
        g.path("children").fields().forEachRemaining(c -> group(c.getValue(), vars, out, depth + 1));
    }
}
