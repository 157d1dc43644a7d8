package dev.vmbench.completion;

import java.util.List;

import dev.vmbench.completion.CommandModel.Command;
import dev.vmbench.completion.CommandModel.Option;

/** Renders the zsh completion function ({@code _vmbench}, for a folder on {@code $fpath}). */
public final class ZshCompletion {

    private ZshCompletion() {
    }

    public static String render(CommandModel model) {
        StringBuilder sb = new StringBuilder("#compdef vmbench\n");
        sb.append(Scripts.header("zsh", "Use: put this file, named _vmbench, in a folder on $fpath before compinit runs."));
        sb.append("\n_vmbench_profiles() {\n  local -a names\n  names=(").append(Scripts.join(model.builtInProfiles()))
                .append(" ${(f)\"$(").append(Scripts.PROFILES_AWK)
                .append(" \"${XDG_CONFIG_HOME:-$HOME/.config}/vmbench/profiles.yaml\" 2>/dev/null)\"})\n")
                .append("  _describe -t profiles 'profile' names\n}\n\n");
        sb.append("_vmbench() {\n  local -a tops subs\n  tops=(\n");
        for (String t : model.topWords()) {
            sb.append("    '").append(t).append(':').append(escape(Scripts.describe(model.describeTop(t)))).append("'\n");
        }
        sb.append("  )\n  if (( CURRENT == 2 )); then\n    _describe -t commands 'vmbench command' tops\n    return\n  fi\n");
        sb.append("  local cmd=$words[2]\n");
        List<String> withSubs = model.topWords().stream().filter(t -> !model.subWords(t).isEmpty()).toList();
        if (!withSubs.isEmpty()) {
            sb.append("  case $cmd in\n    ").append(String.join("|", withSubs)).append(")\n");
            sb.append("      if (( CURRENT == 3 )); then\n        case $cmd in\n");
            for (String t : withSubs) {
                sb.append("          ").append(t).append(") subs=(");
                for (String s : model.subWords(t)) {
                    Command c = model.find(List.of(t, s));
                    sb.append(" '").append(s).append(':').append(escape(Scripts.describe(c.description()))).append('\'');
                }
                sb.append(" ) ;;\n");
            }
            sb.append("        esac\n        _describe -t commands \"$cmd command\" subs\n        return\n      fi\n");
            sb.append("      cmd=\"$cmd $words[3]\"; shift words; (( CURRENT-- )) ;;\n  esac\n");
        }
        sb.append("  shift words; (( CURRENT-- ))\n  case $cmd in\n");
        for (Command c : model.commands()) {
            if (c.options().isEmpty()) {
                continue;
            }
            sb.append("    '").append(c.name()).append("') _arguments -S");
            for (Option o : c.options()) {
                sb.append(" \\\n        '--").append(o.name()).append('[').append(escape(Scripts.describe(o.description())))
                        .append(']');
                if (!o.flag()) {
                    sb.append(':').append(o.name()).append(':').append(action(o));
                }
                sb.append('\'');
            }
            Option p = c.positional();
            if (p != null && BashCompletion.completesWords(p)) {
                sb.append(" \\\n        '1:").append(p.name()).append(':').append(action(p)).append('\'');
            }
            sb.append(" ;;\n");
        }
        sb.append("  esac\n}\n\n_vmbench \"$@\"\n");
        return sb.toString();
    }

    private static String action(Option o) {
        return switch (o.values().kind()) {
            case FILES -> "_files";
            case PROFILES -> "_vmbench_profiles";
            case CHOICES -> "(" + Scripts.join(o.values().choices()) + ")";
            default -> " ";
        };
    }

    /** Brackets and colons have meanings in _arguments and _describe specs. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
    }
}
