package dev.vmbench.hosts;

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
import dev.vmbench.config.TextFiles;
import dev.vmbench.host.SshTarget;

/**
 * {@code $XDG_CONFIG_HOME/vmbench/hosts.yaml}: machines by name, and optionally an Ansible inventory whose hosts
 * are known too.
 *
 * <pre>
 * inventory: ~/ansible/hosts.ini        # optional: its hosts by their inventory names
 * hosts:
 *   lab1:
 *     destination: root@10.0.0.5        # [user@]host, or an alias of ~/.ssh/config
 *     port: 22                          # optional, as the rest
 *     identity: ~/.ssh/id_ed25519
 *     cache: /var/cache/vmbench         # where images are copied there (default ~/.cache/vmbench)
 *     options: [StrictHostKeyChecking=yes]   # further ssh -o options
 *     binaries:                         # hypervisors there that are not on its PATH
 *       firecracker: /opt/firecracker/firecracker
 * </pre>
 */
public final class HostsFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String WHAT = "vmbench's hosts file (hosts.yaml)";

    /** The file's hosts, and the inventory it names (or null). */
    public record Content(Map<String, SshTarget> hosts, Path inventory) {
    }

    private HostsFile() {
    }

    /** {@code ~/x} with the user's home; other paths as given. */
    static String home(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    /** The file's content; an absent file is none. */
    public static Content read(Path file) {
        if (!Files.exists(file)) {
            return new Content(Map.of(), null);
        }
        return parse(TextFiles.read(file, TextFiles.SMALL, WHAT), file);
    }

    static Content parse(String text, Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw new VmbenchException(file + " is not YAML: " + e.getMessage().lines().findFirst().orElse("")
                    + " (see 'hosts --help' for its form)");
        }
        Map<String, SshTarget> hosts = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Content(hosts, null);
        }
        if (!root.isObject()) {
            throw new VmbenchException(file + ": expected 'hosts:' and optionally 'inventory:' at the top");
        }
        Path inventory = root.hasNonNull("inventory") ? Path.of(home(root.get("inventory").asText())) : null;
        JsonNode hs = root.path("hosts");
        if (!hs.isMissingNode() && !hs.isObject()) {
            throw new VmbenchException(file + ": 'hosts:' must map names to their settings");
        }
        hs.fields().forEachRemaining(h -> hosts.put(h.getKey(), target(h.getKey(), h.getValue(), file)));
        return new Content(hosts, inventory);
    }

    private static SshTarget target(String name, JsonNode h, Path file) {
        if (!h.isObject()) {
            throw new VmbenchException(file + ": host " + name + " needs its settings (destination: ...)");
        }
        String destination = h.path("destination").asText(null);
        if (destination == null) {
            String host = h.path("host").asText(name);
            destination = h.hasNonNull("user") ? h.get("user").asText() + "@" + host : host;
        }
        int port = h.path("port").asInt(0);
        if (h.has("port") && (port <= 0 || port > 65535)) {
            throw new VmbenchException(file + ": host " + name + ": bad port '" + h.get("port").asText() + "'");
        }
        List<String> options = new ArrayList<>();
        h.path("options").forEach(o -> options.add(o.asText()));
        for (String o : options) {
            if (!o.matches("[A-Za-z]+=\\S.*")) {
                throw new VmbenchException(file + ": host " + name + ": option '" + o + "' is not Key=Value");
            }
        }
        Map<String, String> binaries = new java.util.LinkedHashMap<>();
        JsonNode b = h.path("binaries");
        if (!b.isMissingNode() && !b.isObject()) {
            throw new VmbenchException(file + ": host " + name + ": binaries must map a program to its path there "
                    + "(firecracker: /opt/firecracker/firecracker)");
        }
        b.fields().forEachRemaining(e -> binaries.put(e.getKey(), e.getValue().asText()));
        return new SshTarget(name, destination, port, h.hasNonNull("identity") ? Path.of(home(h.get("identity").asText()))
                : null, h.path("cache").asText(null), options, binaries);
    }
}
