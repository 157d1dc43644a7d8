package dev.vmbench.profile;

import java.io.StringWriter;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes a profile as the file holds it: {@code NAME:} and under it one {@code key: value} line per option.
 * Each value is written by SnakeYAML's emitter, so it is quoted exactly when YAML needs it: {@code 512M} and
 * {@code 2} stay plain, {@code '[#$] '} is quoted, and a value with a line break stays on one line.
 */
final class ProfileYaml {

    private static final Resolver RESOLVER = new Resolver();

    private ProfileYaml() {
    }

    /**
     * @param column where the name starts
     * @param step   how much further in the options start
     */
    static String block(String name, Map<String, String> options, int column, int step) {
        StringBuilder sb = new StringBuilder();
        sb.append(" ".repeat(column)).append(scalar(name)).append(":\n");
        options.forEach((k, v) -> sb.append(option(k, v, column + step)));
        return sb.toString();
    }

    /** One {@code key: value} line. */
    static String option(String key, String value, int column) {
        return " ".repeat(column) + key + ": " + scalar(value) + "\n";
    }

    /**
     * A value as YAML on one line. Plain when it reads back as the same text (numbers and booleans too: the
     * file's values are read as text); quoted otherwise, and always for what would read as empty (null, ~).
     */
    static String scalar(String value) {
        String chosen = emit(value, DumperOptions.ScalarStyle.PLAIN);
        return breaksLine(chosen) ? emit(value, DumperOptions.ScalarStyle.DOUBLE_QUOTED) : chosen;
    }

    /** Whether the text holds a character YAML takes as a line break (NEL and LS too, not only \n). */
    private static boolean breaksLine(String s) {
        return s.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029');
    }

    private static String emit(String value, DumperOptions.ScalarStyle style) {
        Tag tag = RESOLVER.resolve(NodeId.scalar, value, true);
        if (tag.equals(Tag.NULL)) {
            tag = Tag.STR; // a string tag the emitter cannot leave off a plain scalar: it quotes instead
        }
        DumperOptions options = new DumperOptions();
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        StringWriter out = new StringWriter();
        new Yaml(options).serialize(new ScalarNode(tag, value, null, null, style), out);
        String s = out.toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
