package dev.vmbench.shell;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.jline.utils.Levenshtein;
import org.springframework.shell.result.CommandNotFoundMessageProvider;
import org.springframework.stereotype.Component;

/**
 * What the shell says for a line that names no command, in one line as every other error: a group word alone
 * ("results") lists what follows it, a near miss ("results lis", "bnech") names the command meant, as git and
 * virsh do, and anything else points at 'help'.
 */
@Component
public class UnknownCommand implements CommandNotFoundMessageProvider {

    @Override
    public String apply(ProviderContext context) {
        return message(context.commands(), context.registrations().keySet());
    }

    /**
     * @param typed    the words typed (the command's words and what followed them)
     * @param commands every command's name, words parted by spaces ("results compare")
     */
    static String message(List<String> typed, Collection<String> commands) {
        List<String> words = typed.stream().filter(w -> !w.isBlank()).toList();
        if (words.isEmpty()) {
            return "Error: no command given: 'help' lists them";
        }
        // the longest run of leading words that starts some command names: a group and what follows it
        for (int n = Math.min(words.size(), 3); n >= 1; n--) {
            String prefix = String.join(" ", words.subList(0, n));
            TreeSet<String> next = new TreeSet<>();
            for (String c : commands) {
                if (c.startsWith(prefix + " ")) {
                    next.add(c.substring(prefix.length() + 1).split(" ")[0]);
                }
            }
            if (!next.isEmpty()) {
                String near = words.size() > n ? nearest(words.get(n), next) : null;
                if (near != null) {
                    return "Error: no command '" + prefix + " " + words.get(n) + "': did you mean '" + prefix + " "
                            + near + "'?";
                }
                return "Error: '" + prefix + "' is followed by one of: " + String.join(", ", next) + " (e.g. 'help "
                        + prefix + " " + next.first() + "')";
            }
        }
        List<String> firsts = commands.stream().map(c -> c.split(" ")[0]).distinct().toList();
        String near = nearest(words.get(0), firsts);
        return "Error: no command '" + words.get(0) + "'" + (near != null ? ": did you mean '" + near + "'?"
                : ": 'help' lists the commands");
    }

    /** The candidate within two edits of the word (the closest; null when none is that close). */
    static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : new TreeSet<>(candidates)) {
            int d = Levenshtein.distance(word, c); // JLine's: a swap of neighbours is one edit, as a typo is
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}
