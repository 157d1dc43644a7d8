package dev.vmbench.completion;

import java.util.List;

import dev.vmbench.completion.CommandModel.Command;
import dev.vmbench.completion.CommandModel.Option;

/** Renders the fish completion script. */
public final class FishCompletion {

    private FishCompletion() {
    }

    public static String render(CommandModel model) {
        StringBuilder sb = new StringBuilder(Scripts.header("fish",
                "Use: copy it to ~/.config/fish/completions/vmbench.fish."));
        sb.append("""

                # true when the words after 'vmbench' begin with exactly the given command words
                function __vmbench_at
                    set -l t (commandline -opc)
                    set -e t[1]
                    test (count $t) -ge (count $argv); or return 1
                    for i in (seq (count $argv))
                        test "$t[$i]" = "$argv[$i]"; or return 1
                    end
                end

                function __vmbench_top
                    test (count (commandline -opc)) -eq 1
                end

                function __vmbench_sub_of
                    set -l t (commandline -opc)
                    test (count $t) -eq 2; and test "$t[2]" = "$argv[1]"
                end

                function __vmbench_profiles
                """);
        sb.append("    printf '%s\\n' ").append(Scripts.join(model.builtInProfiles())).append('\n');
        sb.append("    set -l dir $XDG_CONFIG_HOME\n    test -n \"$dir\"; or set dir ~/.config\n    ")
                .append(Scripts.PROFILES_AWK).append(" $dir/vmbench/profiles.yaml 2>/dev/null\nend\n\n");
        sb.append("complete -c vmbench -f\n");
        for (String t : model.topWords()) {
            sb.append("complete -c vmbench -n __vmbench_top -a ").append(t).append(" -d '")
                    .append(Scripts.describe(model.describeTop(t))).append("'\n");
            for (String s : model.subWords(t)) {
                Command c = model.find(List.of(t, s));
                sb.append("complete -c vmbench -n '__vmbench_sub_of ").append(t).append("' -a ").append(s).append(" -d '")
                        .append(Scripts.describe(c.description())).append("'\n");
            }
        }
        for (Command c : model.commands()) {
            String when = "complete -c vmbench -n '__vmbench_at " + c.name() + "'";
            for (Option o : c.options()) {
                sb.append(when).append(" -l ").append(o.name());
                if (!o.flag()) {
                    sb.append(switch (o.values().kind()) {
                        case FILES -> " -r -F";
                        case PROFILES -> " -x -a '(__vmbench_profiles)'";
                        case CHOICES -> " -x -a '" + Scripts.join(o.values().choices()) + "'";
                        default -> " -x";
                    });
                }
                sb.append(" -d '").append(Scripts.describe(o.description())).append("'\n");
            }
            Option p = c.positional();
            if (p != null && BashCompletion.completesWords(p)) {
                sb.append(when).append(switch (p.values().kind()) {
                    case FILES -> " -F";
                    case PROFILES -> " -a '(__vmbench_profiles)'";
                    default -> " -a '" + Scripts.join(p.values().choices()) + "'";
                }).append('\n');
            }
        }
        return sb.toString();
    }
}
