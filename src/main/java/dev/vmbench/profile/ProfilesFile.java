package dev.vmbench.profile;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.TextFiles;

/**
 * A profiles file as read: its text, and where each profile and each option sits in it (SnakeYAML's node
 * tree, with line marks). Reading checks the file's shape: valid YAML; {@code profiles} a mapping of names to
 * mappings of known options; each option a single value. Whatever is wrong is one line naming the file and
 * line. The values themselves are {@link BootOptions}' to check; {@link #badValue} names their line.
 */
final class ProfilesFile {

    /** What a profile may be called: what 'profile save' accepts and shell completion offers. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final String NAME_RULE = "use letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit";
    static final String WHAT = "a vmbench profiles file";

    /**
     * One option of a profile.
     *
     * @param value its text; null when empty ({@code mem:} or {@code mem: ~})
     */
    record Option(String key, String value, NodeTuple tuple) {
        int line() {
            return tuple.getKeyNode().getStartMark().getLine() + 1;
        }
    }

    /** One profile: its place under {@code profiles} and its options in file order. */
    record Entry(String name, NodeTuple tuple, Map<String, Option> options) {
        int line() {
            return tuple.getKeyNode().getStartMark().getLine() + 1;
        }

        /** The line of an option, or the profile's own line when it has no such option. */
        int lineOf(String key) {
            Option o = options.get(key);
            return o != null ? o.line() : line();
        }

        /** The options that have a value, by key, in file order. */
        Map<String, String> values() {
            Map<String, String> m = new LinkedHashMap<>();
            options.values().forEach(o -> {
                if (o.value() != null) {
                    m.put(o.key(), o.value());
                }
            });
            return m;
        }
    }

    private final Path file;
    private final String text;
    private final NodeTuple profiles;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ProfilesFile(Path file, String text) {
        this.file = file;
        this.text = text;
        MappingNode root = text == null ? null : root(compose(text));
        this.profiles = root == null ? null : profilesTuple(root);
        if (profiles != null) {
            readEntries(profiles);
        }
    }

    /** The file as it is on disk; an empty one when there is no file yet. */
    static ProfilesFile read(Path file) {
        return new ProfilesFile(file, Files.exists(file) ? TextFiles.read(file, TextFiles.SMALL, WHAT) : null);
    }

    /** A text as if it were the file's. */
    static ProfilesFile parse(Path file, String text) {
        return new ProfilesFile(file, text);
    }

    Path file() {
        return file;
    }

    /** The file's text; null when there is no file. */
    String text() {
        return text;
    }

    /** The {@code profiles:} key and its value; null when the file has none. */
    NodeTuple profiles() {
        return profiles;
    }

    /** The profiles, by name, in file order. */
    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Each profile's options that have a value, by name, in file order. */
    Map<String, Map<String, String>> values() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        entries.values().forEach(e -> m.put(e.name(), e.values()));
        return m;
    }

    /** "FILE:LINE: MESSAGE". */
    VmbenchException problem(int line, String message) {
        return new VmbenchException(file + ":" + line + ": " + message);
    }

    /** "FILE:LINE: profile 'NAME', KEY: PROBLEM", at the line of the option that is wrong. */
    VmbenchException badValue(Entry e, BadOptionException bad) {
        return problem(e.lineOf(bad.key()), "profile '" + e.name() + "', " + bad.key() + ": " + bad.getMessage());
    }

    private Node compose(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) TextFiles.SMALL);
        try {
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw notYaml(e);
        } catch (YAMLException e) {
            throw new VmbenchException(file + ": not valid YAML: " + oneLine(e.getMessage())
                    + "; fix the file or move it away", e);
        }
    }

    /** "FILE:LINE:COLUMN: not valid YAML: PROBLEM; ...", at the problem, or where an unclosed thing opened. */
    private VmbenchException notYaml(MarkedYAMLException e) {
        Mark at = e.getProblemMark();
        String problem = e.getProblem() == null ? "" : e.getProblem().replace("<stream end>", "the end of the file")
                .replace("end of stream", "end of the file");
        boolean unclosed = problem.contains("end of the file");
        if (e.getContextMark() != null && (at == null || unclosed)) {
            at = e.getContextMark();
        }
        String what = problem.contains("(TAB)") ? "found a tab, and YAML indents with spaces only"
                : e.getContext() == null ? problem : e.getContext() + ", " + problem;
        String where = at == null ? "" : ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
        return new VmbenchException(file + where + ": not valid YAML: " + oneLine(what)
                + "; fix the file or move it away", e);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** The top level: nothing yet (an empty file, comments only), or a mapping. */
    private MappingNode root(Node node) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof MappingNode m) {
            return m;
        }
        throw problem(line(node), "the file must hold 'profiles:' with the profiles under it, not " + kind(node));
    }

    private NodeTuple profilesTuple(MappingNode root) {
        NodeTuple found = null;
        for (NodeTuple t : root.getValue()) {
            String key = scalarText(t.getKeyNode());
            if (!"profiles".equals(key)) {
                throw problem(line(t), "unknown key " + (key == null ? "(" + kind(t.getKeyNode()) + ")" : "'" + key
                        + "'") + ": this file holds only 'profiles'");
            }
            if (found != null) {
                throw problem(line(t), "'profiles' appears twice (also at line " + line(found) + "): keep one");
            }
            found = t;
        }
        return found;
    }

    private void readEntries(NodeTuple profilesTuple) {
        Node value = profilesTuple.getValueNode();
        if (isNull(value)) {
            return;
        }
        if (!(value instanceof MappingNode m)) {
            throw problem(line(profilesTuple), "'profiles' must be a mapping of profile names to their options, "
                    + "not " + kind(value));
        }
        for (NodeTuple t : m.getValue()) {
            String name = name(t);
            Entry first = entries.get(name);
            if (first != null) {
                throw problem(line(t), "profile '" + name + "' appears twice (also at line " + first.line()
                        + "): keep one");
            }
            entries.put(name, new Entry(name, t, options(name, t)));
        }
    }

    private String name(NodeTuple t) {
        Node key = t.getKeyNode();
        if (!(key instanceof ScalarNode)) {
            throw problem(line(t), "a profile name must be a single word, not " + kind(key));
        }
        if (isNull(key)) {
            throw problem(line(t), "a profile has no name: write its name before the ':'");
        }
        String name = ((ScalarNode) key).getValue();
        if (!NAME.matcher(name).matches()) {
            throw problem(line(t), "bad profile name '" + name + "': " + NAME_RULE);
        }
        return name;
    }

    private Map<String, Option> options(String name, NodeTuple profile) {
        Map<String, Option> options = new LinkedHashMap<>();
        Node value = profile.getValueNode();
        if (isNull(value)) {
            return options;
        }
        if (!(value instanceof MappingNode m)) {
            throw problem(line(profile), "profile '" + name + "' must be a mapping of boot options, such as "
                    + "'mem: 512M', not " + kind(value));
        }
        for (NodeTuple t : m.getValue()) {
            Option o = option(name, t);
            Option first = options.get(o.key());
            if (first != null) {
                throw problem(line(t), "profile '" + name + "', " + o.key() + ": given twice (also at line "
                        + first.line() + "): keep one");
            }
            options.put(o.key(), o);
        }
        return options;
    }

    private Option option(String profile, NodeTuple t) {
        String key = scalarText(t.getKeyNode());
        if (key == null) {
            throw problem(line(t), "profile '" + profile + "': an option name must be a single word, not "
                    + kind(t.getKeyNode()));
        }
        if (!BootOptions.KEYS.contains(key)) {
            throw problem(line(t), "profile '" + profile + "': unknown option '" + key + "': use "
                    + String.join(", ", BootOptions.KEYS));
        }
        Node value = t.getValueNode();
        if (!(value instanceof ScalarNode s)) {
            throw problem(line(t), "profile '" + profile + "', " + key + ": must be a single value, not "
                    + kind(value));
        }
        return new Option(key, isNull(s) ? null : s.getValue(), t);
    }

    /** A scalar's text; null for an empty one and for a list or a mapping. */
    private static String scalarText(Node n) {
        return n instanceof ScalarNode s && !isNull(s) ? s.getValue() : null;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    /** The line of a key (its value may sit on the lines under it). */
    private static int line(NodeTuple t) {
        return line(t.getKeyNode());
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /** What a node is, in plain words. */
    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        String v = n instanceof ScalarNode s ? s.getValue() : "";
        return isNull(n) ? "nothing" : "the single value '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v)
                + "'";
    }
}
