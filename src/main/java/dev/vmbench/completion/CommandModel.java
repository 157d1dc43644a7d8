package dev.vmbench.completion;

import java.util.List;
import java.util.Objects;

/**
 * What a command line completion needs to know of vmbench's commands, read from the shell's own command
 * registrations (so that the completion scripts cannot drift from the commands).
 *
 * @param commands      every command, in a stable order
 * @param builtInProfiles profile names that exist on every machine; saved ones are read from the
 *                        profiles file when completing
 */
public record CommandModel(List<Command> commands, List<String> builtInProfiles) {

    public CommandModel {
        commands = List.copyOf(commands);
        builtInProfiles = List.copyOf(builtInProfiles);
    }

    /** @param words one word ("boot") or two ("image build") */
    public record Command(List<String> words, String description, List<Option> options) {
        public Command {
            words = List.copyOf(words);
            options = List.copyOf(options);
            description = Objects.requireNonNullElse(description, "");
        }

        public String name() {
            return String.join(" ", words);
        }

        /** The option that a bare first word fills ({@code logs NAME}), if any. */
        public Option positional() {
            return options.stream().filter(Option::firstPositional).findFirst().orElse(null);
        }
    }

    /**
     * @param name            the long name without dashes
     * @param flag            true when it takes no value
     * @param values          what its value can be
     * @param firstPositional true when a bare word right after the command fills it
     */
    public record Option(String name, String description, boolean flag, Values values, boolean firstPositional) {
        public Option {
            description = Objects.requireNonNullElse(description, "");
        }
    }

    /** What an option's value is completed from. */
    public record Values(Kind kind, List<String> choices) {
        public static final Values ANY = new Values(Kind.ANY, List.of());
        public static final Values FILES = new Values(Kind.FILES, List.of());
        public static final Values VMS = new Values(Kind.VMS, List.of());
        public static final Values PROFILES = new Values(Kind.PROFILES, List.of());

        public Values {
            choices = List.copyOf(choices);
        }

        public static Values of(List<String> choices) {
            return new Values(Kind.CHOICES, choices);
        }
    }

    /**
     * ANY: free text; FILES: paths; VMS: names of live VMs, which exist only inside one interactive shell,
     * so a command line completion offers none; PROFILES: built-in and saved profile names; CHOICES: a fixed list.
     */
    public enum Kind { ANY, FILES, VMS, PROFILES, CHOICES }

    /** The first words, in order, each once. */
    public List<String> topWords() {
        return commands.stream().map(c -> c.words().get(0)).distinct().toList();
    }

    /** The second words under a first word ("build", "info" under "image"); empty for one-word commands. */
    public List<String> subWords(String top) {
        return commands.stream().filter(c -> c.words().size() > 1 && c.words().get(0).equals(top))
                .map(c -> c.words().get(1)).toList();
    }

    /** A description for a first word: the command's own, or its subcommands' names. */
    public String describeTop(String top) {
        return commands.stream().filter(c -> c.words().size() == 1 && c.words().get(0).equals(top))
                .map(Command::description).findFirst()
                .orElse("subcommands: " + String.join(", ", subWords(top)));
    }

    public Command find(List<String> words) {
        return commands.stream().filter(c -> c.words().equals(words)).findFirst().orElse(null);
    }
}
