package dev.vmbench.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import dev.vmbench.profile.ProfilesFile.Entry;
import dev.vmbench.profile.ProfilesFile.Option;

/**
 * Changes one profile in the text of a profiles file and leaves every other character as it was: comments,
 * blank lines, quoting, indentation and order. SnakeYAML's node marks say where the profile's lines are; only
 * those lines are replaced or removed, and inside a profile only the options whose value changed. A new
 * profile goes after the last one, indented as the others are.
 */
final class ProfilesEditor {

    /** A replacement of text[start, end). */
    private record Edit(int start, int end, String text) {
    }

    /** The header of a file vmbench creates. */
    static final String HEADER = "# vmbench boot profiles: 'profile save' and 'profile rm' change only the profile "
            + "they name; edit freely\n";

    private final ProfilesFile doc;
    private final String text;
    private final boolean bmpOnly;
    private final List<Edit> edits = new ArrayList<>();

    private ProfilesEditor(ProfilesFile doc) {
        this.doc = doc;
        this.text = doc.text();
        this.bmpOnly = text.codePointCount(0, text.length()) == text.length();
    }

    /** The text with profile {@code name} set to {@code options}: changed where it is, or added at the end. */
    static String put(ProfilesFile doc, String name, Map<String, String> options) {
        if (doc.text() == null || doc.text().isBlank()) {
            return HEADER + "profiles:\n" + ProfileYaml.block(name, options, 2, 2);
        }
        ProfilesEditor editor = new ProfilesEditor(doc);
        Entry e = doc.entries().get(name);
        if (e == null) {
            editor.add(name, options);
        } else {
            editor.replace(e, options);
        }
        return editor.apply();
    }

    /** The text without profile {@code name}, which the file must have. */
    static String remove(ProfilesFile doc, String name) {
        ProfilesEditor editor = new ProfilesEditor(doc);
        editor.requireBlock();
        editor.deleteLines(doc.entries().get(name).tuple());
        return editor.apply();
    }

    private void add(String name, Map<String, String> options) {
        NodeTuple profiles = doc.profiles();
        if (profiles == null) {
            insert(text.length(), "profiles:\n" + ProfileYaml.block(name, options, 2, 2));
            return;
        }
        Node value = profiles.getValueNode();
        if (value instanceof MappingNode m && !m.getValue().isEmpty()) {
            requireBlock();
            int column = column(m.getValue().get(0).getKeyNode());
            insert(lineEnd(end(m)), ProfileYaml.block(name, options, column, step()));
            return;
        }
        // 'profiles:' with nothing under it, 'profiles: ~' or 'profiles: {}': the new profile goes on the lines under
        int keyEnd = offset(profiles.getKeyNode().getEndMark());
        int valueStart = offset(value.getStartMark());
        int valueEnd = end(value);
        if (valueStart >= keyEnd && valueEnd > valueStart) {
            edits.add(new Edit(spacesBefore(valueStart, keyEnd), valueEnd, ""));
        }
        insert(lineEnd(Math.max(keyEnd, valueEnd)), ProfileYaml.block(name, options,
                column(profiles.getKeyNode()) + 2, 2));
    }

    private void replace(Entry e, Map<String, String> options) {
        requireBlock();
        Node value = e.tuple().getValueNode();
        if (value instanceof MappingNode m && isBlock(m) && follows(e.tuple())) {
            editOptions(e, column(m.getValue().get(0).getKeyNode()), options);
            return;
        }
        NodeTuple t = e.tuple();
        edits.add(new Edit(lineStart(start(t.getKeyNode())), lineEnd(end(t)),
                ProfileYaml.block(e.name(), options, column(t.getKeyNode()), step())));
    }

    /** Inside a block profile: unchanged options stay as they are, the others are set, removed or added. */
    private void editOptions(Entry e, int column, Map<String, String> options) {
        for (Option o : e.options().values()) {
            String now = options.get(o.key());
            if (now == null) {
                deleteLines(o.tuple());
            } else if (!now.equals(o.value())) {
                setValue(o, now, column);
            }
        }
        StringBuilder added = new StringBuilder();
        options.forEach((k, v) -> {
            if (!e.options().containsKey(k)) {
                added.append(ProfileYaml.option(k, v, column));
            }
        });
        if (added.length() > 0) {
            insert(lineEnd(end(e.tuple())), added.toString());
        }
    }

    /** A value on one line is replaced where it stands (a comment after it stays); else the option's lines. */
    private void setValue(Option o, String value, int column) {
        Node key = o.tuple().getKeyNode();
        Node old = o.tuple().getValueNode();
        int start = offset(old.getStartMark());
        int end = end(old);
        if (old instanceof ScalarNode && start >= end(key) && text.substring(start, end).indexOf('\n') < 0) {
            edits.add(new Edit(start, end, (start == end ? " " : "") + ProfileYaml.scalar(value)));
        } else {
            edits.add(new Edit(lineStart(start(key)), lineEnd(end(o.tuple())), ProfileYaml.option(o.key(), value,
                    column)));
        }
    }

    private void deleteLines(NodeTuple t) {
        edits.add(new Edit(lineStart(start(t.getKeyNode())), lineEnd(end(t)), ""));
    }

    /** Profiles written in braces on one line have no lines of their own to change. */
    private void requireBlock() {
        NodeTuple profiles = doc.profiles();
        if (profiles.getValueNode() instanceof MappingNode m && !isBlock(m)) {
            throw doc.problem(profiles.getKeyNode().getStartMark().getLine() + 1, "'profiles' is written in braces "
                    + "({...}), where vmbench cannot change one profile alone: write one profile per line, or make "
                    + "the change by hand");
        }
    }

    /** How much further a profile's options are indented than its name, as the file does it (else 2). */
    private int step() {
        for (Entry e : doc.entries().values()) {
            if (e.tuple().getValueNode() instanceof MappingNode m && isBlock(m) && follows(e.tuple())) {
                int step = column(m.getValue().get(0).getKeyNode()) - column(e.tuple().getKeyNode());
                return step > 0 ? step : 2;
            }
        }
        return 2;
    }

    private void insert(int at, String lines) {
        boolean needsBreak = at == text.length() && !text.isEmpty() && !text.endsWith("\n");
        edits.add(new Edit(at, at, needsBreak ? "\n" + lines : lines));
    }

    private String apply() {
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder sb = new StringBuilder(text);
        edits.forEach(e -> sb.replace(e.start(), e.end(), e.text()));
        return sb.toString();
    }

    /** Just past the last character of a key and its value (an alias's value sits elsewhere: the key's end). */
    private int end(NodeTuple t) {
        int keyEnd = end(t.getKeyNode());
        return follows(t) ? Math.max(keyEnd, end(t.getValueNode())) : keyEnd;
    }

    /**
     * Just past a node's last character. A block collection's own end mark lies at the next token, past
     * comments and blank lines, so its last entry's end is taken; a scalar's end is taken back over
     * the line breaks a block scalar takes with it.
     */
    private int end(Node n) {
        if (n instanceof MappingNode m && isBlock(m)) {
            return end(m.getValue().get(m.getValue().size() - 1));
        }
        int start = start(n);
        int end = offset(n.getEndMark());
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Whether the value is written after its key (not an alias to a node written earlier). */
    private boolean follows(NodeTuple t) {
        return start(t.getValueNode()) >= start(t.getKeyNode());
    }

    private static boolean isBlock(CollectionNode<?> c) {
        return c.getFlowStyle() != FlowStyle.FLOW && !c.getValue().isEmpty();
    }

    private int start(Node n) {
        return offset(n.getStartMark());
    }

    /** A mark's index counts code points; the text is indexed by chars. */
    private int offset(Mark m) {
        return bmpOnly ? m.getIndex() : text.offsetByCodePoints(0, m.getIndex());
    }

    private static int column(Node n) {
        return n.getStartMark().getColumn();
    }

    private int lineStart(int at) {
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    /** Just past the line break that ends the line holding the character before {@code at}. */
    private int lineEnd(int at) {
        int nl = text.indexOf('\n', at);
        return nl < 0 ? text.length() : nl + 1;
    }

    /** The start of the spaces and tabs before {@code at}, but not before {@code limit}. */
    private int spacesBefore(int at, int limit) {
        int i = at;
        while (i > limit && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        return i;
    }
}
