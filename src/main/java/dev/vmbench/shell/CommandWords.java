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
        return new CommandWords(rawText, parameterLists(out));
    }

    /**
     * hyperfine's {@code -L a 1,2 -L b x,y}: Spring Shell keeps only the last of a repeated option, so the second
     * and later {@code --parameter-list NAME VALUES} join the first as {@code NAME=VALUES} words, the form the one
     * option reads ({@code Scan.lists}).
     */
    static List<String> parameterLists(List<String> words) {
        int first = words.indexOf(PARAMETER_LIST);
        if (first < 0 || words.lastIndexOf(PARAMETER_LIST) == first) {
            return words;
        }
        List<String> out = new ArrayList<>(words.subList(0, first + 1));
        List<String> more = new ArrayList<>();
        int i = first + 1;
        int own = i < words.size() && !words.get(i).startsWith("-") ? (words.get(i).contains("=") ? 1 : 2) : 0;
        for (int k = 0; k < own && i < words.size() && !words.get(i).startsWith("-"); k++) {
            out.add(words.get(i++));
        }
        List<String> rest = new ArrayList<>();
        for (; i < words.size(); i++) {
            String w = words.get(i);
            boolean pair = i + 2 < words.size() && !words.get(i + 1).startsWith("-") && !words.get(i + 1).contains("=")
                    && !words.get(i + 2).startsWith("-");
            if (w.equals(PARAMETER_LIST) && pair) {
                more.add(words.get(i + 1) + "=" + words.get(i + 2));
                i += 2;
            } else if (w.equals(PARAMETER_LIST) && i + 1 < words.size() && words.get(i + 1).contains("=")) {
                more.add(words.get(++i));
            } else {
                rest.add(w);
            }
        }
        out.addAll(more);
        out.addAll(rest);
        return out;
    }

    private static final String PARAMETER_LIST = "--parameter-list";

    /** The arguments of a one-shot command line, exactly as given. */
    public static CommandWords ofArgs(List<String> args) {
        return of(PosixLine.join(args), args);
    }
}
