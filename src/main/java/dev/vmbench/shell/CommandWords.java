package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.shell.Input;

import dev.vmbench.text.PosixLine;

/**
 * One command as Spring Shell's command parser receives it: the words exactly as split by {@link PosixLine}
 * (interactive) or as the operating system passed them (one-shot), with no further re-quoting or escaping.
 *
 * <p>Spring Shell's lexer takes any word that looks like {@code -x} or {@code --x} for an option. The value of
 * {@code --qemu-arg} is a QEMU flag by nature ({@code --qemu-arg -snapshot}): such a value is passed with a
 * leading space, which the lexer reads as a value and {@code --qemu-arg}'s own word splitting drops.
 */
public record CommandWords(String rawText, List<String> words) implements Input {

    /** Options whose value may itself start with a dash. */
    static final Set<String> DASH_VALUES = Set.of("--qemu-arg");

    public CommandWords {
        words = List.copyOf(words);
    }

    public static CommandWords of(String rawText, List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean value = i > 0 && DASH_VALUES.contains(words.get(i - 1));
            out.add(value && w.startsWith("-") ? " " + w : w);
        }
        return new CommandWords(rawText, out);
    }

    /** The arguments of a one-shot command line, exactly as given. */
    public static CommandWords ofArgs(List<String> args) {
        return of(PosixLine.join(args), args);
    }
}
