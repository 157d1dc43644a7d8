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
        return new CommandWords(rawText, repeatedOptions(out));
    }

    /**
     * Options given more than once, each time with more of the same: hyperfine's {@code -L a 1,2 -L b x,y}, and
     * {@code compare --scan cpus=1,2 --scan mem=256M,1G}. Spring Shell keeps only the last of a repeated option,
     * so the later ones join the first: {@code --parameter-list NAME VALUES} as a {@code NAME=VALUES} word (the
     * form the one option reads, {@code Scan.lists}), {@code --scan KEY=VALUES} as it is.
     */
    static List<String> repeatedOptions(List<String> words) {
        return joinRepeated(joinRepeated(words, "--parameter-list", true), "--scan", false);
    }

    /**
     * @param pairs later occurrences are {@code NAME VALUES} (joined as NAME=VALUES); else {@code KEY=VALUES} words
     */
    private static List<String> joinRepeated(List<String> words, String option, boolean pairs) {
        int first = words.indexOf(option);
        if (first < 0 || words.lastIndexOf(option) == first) {
            return words;
        }
        List<String> out = new ArrayList<>(words.subList(0, first + 1));
        int i = first + 1;
        // the first occurrence's own values: NAME VALUES (or NAME=VALUES), or KEY=VALUES words
        if (pairs) {
            int own = i < words.size() && !words.get(i).startsWith("-") ? (words.get(i).contains("=") ? 1 : 2) : 0;
            for (int k = 0; k < own && i < words.size() && !words.get(i).startsWith("-"); k++) {
                out.add(words.get(i++));
            }
        } else {
            while (i < words.size() && !words.get(i).startsWith("-") && words.get(i).contains("=")) {
                out.add(words.get(i++));
            }
        }
        List<String> more = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.equals(option)) {
                rest.add(w);
            } else if (pairs && i + 2 < words.size() && value(words.get(i + 1)) && !words.get(i + 1).contains("=")
                    && value(words.get(i + 2))) {
                more.add(words.get(i + 1) + "=" + words.get(i + 2));
                i += 2;
            } else if (i + 1 < words.size() && value(words.get(i + 1)) && words.get(i + 1).contains("=")) {
                while (i + 1 < words.size() && value(words.get(i + 1)) && words.get(i + 1).contains("=")) {
                    more.add(words.get(++i));
                }
            } else {
                rest.add(w); // without its values: left for the option to refuse
            }
        }
        out.addAll(more);
        out.addAll(rest);
        return out;
    }

    private static boolean value(String word) {
        return !word.startsWith("-");
    }

    /** The arguments of a one-shot command line, exactly as given. */
    public static CommandWords ofArgs(List<String> args) {
        return of(PosixLine.join(args), args);
    }
}
