package dev.vmbench.completion;

import java.util.List;

import dev.vmbench.completion.CommandModel.Command;
import dev.vmbench.completion.CommandModel.Option;

/** Renders the bash completion script. */
public final class BashCompletion {

    private BashCompletion() {
    }

    public static String render(CommandModel model) {
        StringBuilder sb = new StringBuilder(Scripts.header("bash",
                "Use: source it, or copy it to ~/.local/share/bash-completion/completions/vmbench."));
        sb.append("\n_vmbench_profiles() {\n  printf '%s\\n' ").append(Scripts.join(model.builtInProfiles()))
                .append("\n  ").append(Scripts.PROFILES_AWK)
                .append(" \"${XDG_CONFIG_HOME:-$HOME/.config}/vmbench/profiles.yaml\" 2>/dev/null\n}\n\n");
        sb.append("_vmbench_words() { COMPREPLY=($(compgen -W \"$1\" -- \"$cur\")); }\n");
        sb.append("_vmbench_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); }\n\n");
        sb.append("_vmbench() {\n");
        sb.append("  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
        sb.append("  local cmd=\"${COMP_WORDS[1]}\" first=2 opts=\"\"\n");
        sb.append("  COMPREPLY=()\n");
        sb.append("  if [[ $COMP_CWORD -eq 1 ]]; then\n    _vmbench_words \"").append(Scripts.join(model.topWords()))
                .append("\"; return\n  fi\n");
        List<String> withSubs = model.topWords().stream().filter(t -> !model.subWords(t).isEmpty()).toList();
        if (!withSubs.isEmpty()) {
            sb.append("  case \"$cmd\" in\n    ").append(String.join("|", withSubs)).append(")\n");
            sb.append("      if [[ $COMP_CWORD -eq 2 ]]; then\n        case \"$cmd\" in\n");
            for (String t : withSubs) {
                sb.append("          ").append(t).append(") _vmbench_words \"").append(Scripts.join(model.subWords(t)))
                        .append("\" ;;\n");
            }
            sb.append("        esac\n        return\n      fi\n");
            sb.append("      cmd=\"$cmd ${COMP_WORDS[2]}\"; first=3 ;;\n  esac\n");
        }
        sb.append("  case \"$cmd\" in\n");
        for (Command c : model.commands()) {
            if (c.options().isEmpty()) {
                continue;
            }
            sb.append("    \"").append(c.name()).append("\")\n");
            sb.append("      opts=\"").append(Scripts.join(c.options().stream().map(o -> "--" + o.name()).toList()))
                    .append("\"\n");
            java.util.Map<String, List<String>> byAction = new java.util.LinkedHashMap<>();
            for (Option o : c.options()) {
                if (!o.flag()) {
                    byAction.computeIfAbsent(valueAction(o), k -> new java.util.ArrayList<>()).add("--" + o.name());
                }
            }
            if (!byAction.isEmpty()) {
                sb.append("      case \"$prev\" in\n");
                byAction.forEach((action, names) -> sb.append("        ").append(String.join("|", names)).append(") ")
                        .append(action).append("; return ;;\n"));
                sb.append("      esac\n");
            }
            Option p = c.positional();
            if (p != null && completesWords(p)) {
                sb.append("      if [[ $COMP_CWORD -eq $first && $cur != -* ]]; then ").append(valueAction(p))
                        .append("; return; fi\n");
            }
            sb.append("      ;;\n");
        }
        sb.append("  esac\n");
        sb.append("  _vmbench_words \"$opts\"\n}\n\ncomplete -F _vmbench vmbench\n");
        return sb.toString();
    }

    static boolean completesWords(Option o) {
        return switch (o.values().kind()) {
            case FILES, PROFILES, CHOICES -> true;
            default -> false;
        };
    }

    private static String valueAction(Option o) {
        return switch (o.values().kind()) {
            case FILES -> "_vmbench_files";
            case PROFILES -> "_vmbench_words \"$(_vmbench_profiles)\"";
            case CHOICES -> "_vmbench_words \"" + Scripts.join(o.values().choices()) + "\"";
            default -> "COMPREPLY=()";
        };
    }
}
