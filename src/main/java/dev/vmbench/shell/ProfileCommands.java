package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.profile.BootOptions;
import dev.vmbench.profile.Profiles;

/**
 * {@code profile save/list/show/rm}: named boot options in the user's profiles file. Values are checked by
 * boot's rules when saved; saving and removing leave the rest of the file (comments included) as it was.
 */
@ShellComponent
public class ProfileCommands {

    private final Profiles profiles;

    public ProfileCommands(Profiles profiles) {
        this.profiles = profiles;
    }

    @ShellMethod(key = "profile list", value = "List the built-in and saved profiles.", group = "Profiles")
    public String list() {
        List<String> lines = new ArrayList<>();
        Profiles.BUILT_IN.forEach((n, o) -> lines.add(String.format("%-20s built in  %s", n, summary(o))));
        profiles.saved().forEach((n, o) -> lines.add(String.format("%-20s saved     %s", n, summary(o))));
        lines.add("(saved profiles live in " + profiles.file() + ")");
        return String.join("\n", lines);
    }

    @ShellMethod(key = "profile show", value = "Show a profile as YAML.", group = "Profiles")
    public String show(@ShellOption(value = "--name", valueProvider = Completions.ProfileNames.class, help = "profile") String name) {
        return Profiles.yaml(name, profiles.find(Required.value(name, "--name", "profile show NAME"))).stripTrailing();
    }

    @ShellMethod(key = "profile rm", value = "Remove a saved profile.", group = "Profiles")
    public String rm(@ShellOption(value = "--name", valueProvider = Completions.ProfileNames.class, help = "profile") String name) {
        profiles.remove(Required.value(name, "--name", "profile rm NAME"));
        return "removed profile " + name;
    }

    private static String summary(BootOptions o) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : o.toMap().entrySet()) {
            parts.add("--" + e.getKey() + (e.getValue().equals("true") ? "" : " " + e.getValue()));
        }
        return String.join(" ", parts);
    }
}
