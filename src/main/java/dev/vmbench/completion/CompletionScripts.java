package dev.vmbench.completion;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The three scripts and the file names they go by in {@code completions/}. */
public final class CompletionScripts {

    /** shell → file name in completions/ */
    public static final Map<String, String> FILES = files();

    private CompletionScripts() {
    }

    private static Map<String, String> files() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bash", "vmbench.bash");
        m.put("zsh", "_vmbench");
        m.put("fish", "vmbench.fish");
        return java.util.Collections.unmodifiableMap(m);
    }

    public static String render(String shell, CommandModel model) {
        Function<CommandModel, String> r = switch (shell.toLowerCase(Locale.ROOT)) {
            case "bash" -> BashCompletion::render;
            case "zsh" -> ZshCompletion::render;
            case "fish" -> FishCompletion::render;
            default -> throw new IllegalArgumentException("no completion for shell '" + shell + "': use bash, zsh or fish");
        };
        return r.apply(model);
    }
}
