package dev.vmbench.shell;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.shell.command.CommandCatalog;
import org.springframework.shell.command.CommandOption;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.context.InteractionMode;
import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import org.springframework.shell.standard.ValueProvider;

import dev.vmbench.VmbenchException;
import dev.vmbench.completion.CommandModel;
import dev.vmbench.completion.CompletionScripts;
import dev.vmbench.profile.Profiles;

/** {@code completions}: bash, zsh and fish completion scripts generated from this shell's own commands. */
@ShellComponent
public class CompletionCommands {

    // Looked up when used: the catalog is made from the command beans, this one among them.
    private final ObjectProvider<CommandCatalog> catalog;
    private final ApplicationContext context;

    public CompletionCommands(ObjectProvider<CommandCatalog> catalog, ApplicationContext context) {
        this.catalog = catalog;
        this.context = context;
    }

    @ShellMethod(key = "completions", value = "Print the bash, zsh or fish completion script, or write all three.",
            group = "Shell")
    public String completions(
            @ShellOption(value = "--shell", defaultValue = ShellOption.NULL, valueProvider = Shells.class,
                    help = "bash, zsh or fish") String shell,
            @ShellOption(value = "--write", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "a folder to write vmbench.bash, _vmbench and vmbench.fish into") String write) {
        CommandModel model = model();
        if (write != null) {
            Path dir = Path.of(write);
            try {
                Files.createDirectories(dir);
                for (Map.Entry<String, String> f : CompletionScripts.FILES.entrySet()) {
                    Files.writeString(dir.resolve(f.getValue()), CompletionScripts.render(f.getKey(), model));
                }
            } catch (IOException e) {
                throw new VmbenchException("cannot write the completion scripts into " + dir + ": " + e.getMessage(), e);
            }
            return "wrote " + String.join(", ", CompletionScripts.FILES.values()) + " in " + dir;
        }
        if (shell == null) {
            throw new VmbenchException("say which shell: completions bash|zsh|fish, or completions --write DIR");
        }
        try {
            return CompletionScripts.render(shell, model).stripTrailing();
        } catch (IllegalArgumentException e) {
            throw new VmbenchException(e.getMessage());
        }
    }

    /** The commands a command line can run, with their options, read from the shell's registrations. */
    CommandModel model() {
        List<CommandModel.Command> commands = new ArrayList<>();
        for (CommandRegistration r : catalog.getObject().getRegistrations().values()) {
            if (r.isHidden() || r.getInteractionMode() == InteractionMode.INTERACTIVE) {
                continue;
            }
            Method method = r.getTarget() == null ? null : r.getTarget().getMethod();
            List<CommandModel.Option> options = new ArrayList<>();
            int first = r.getOptions().stream().mapToInt(CommandOption::getPosition).filter(p -> p >= 0).min().orElse(-1);
            for (CommandOption o : r.getOptions()) {
                if (o.getLongNames() == null || o.getLongNames().length == 0) {
                    continue;
                }
                String name = o.getLongNames()[0];
                Class<?> type = o.getType() == null ? null : o.getType().resolve();
                boolean flag = type == boolean.class || type == Boolean.class || name.equals("help");
                options.add(new CommandModel.Option(name, o.getDescription(), flag,
                        flag ? CommandModel.Values.ANY : values(method, name), first >= 0 && o.getPosition() == first));
            }
            commands.add(new CommandModel.Command(List.of(r.getCommand().split(" ")), r.getDescription(), options));
        }
        commands.sort(Comparator.comparing(CommandModel.Command::name));
        return new CommandModel(commands, List.copyOf(Profiles.BUILT_IN.keySet()));
    }

    private CommandModel.Values values(Method method, String longName) {
        if (method == null) {
            // a command registered from the boot options' table (boot, profile save)
            if (longName.equals("profile")) {
                return CommandModel.Values.PROFILES;
            }
            return dev.vmbench.profile.BootOption.byKey(longName).map(this::values).orElse(CommandModel.Values.ANY);
        }
        for (Parameter p : method.getParameters()) {
            ShellOption so = p.getAnnotation(ShellOption.class);
            if (so == null || Arrays.stream(so.value()).noneMatch(v -> v.replaceFirst("^-+", "").equals(longName))) {
                continue;
            }
            Class<? extends ValueProvider> provider = so.valueProvider();
            if (FileValueProvider.class.isAssignableFrom(provider)
                    || Completions.VmNamesOrFiles.class.isAssignableFrom(provider)) {
                return CommandModel.Values.FILES;
            }
            if (Completions.VmNames.class.isAssignableFrom(provider)) {
                return CommandModel.Values.VMS;
            }
            if (Completions.ProfileNames.class.isAssignableFrom(provider)) {
                return CommandModel.Values.PROFILES;
            }
            if (Completions.Fixed.class.isAssignableFrom(provider)) {
                return CommandModel.Values.of(((Completions.Fixed) context.getBean(provider)).choices());
            }
        }
        return CommandModel.Values.ANY;
    }

    private CommandModel.Values values(dev.vmbench.profile.BootOption o) {
        return switch (o.valueKind()) {
            case FILES -> CommandModel.Values.FILES;
            case HYPERVISORS -> CommandModel.Values.of(context.getBean(Completions.HypervisorNames.class).choices());
            case ACCELERATORS -> CommandModel.Values.of(new Completions.AccelNames().choices());
            case CPU_TEMPLATES -> CommandModel.Values.of(new Completions.CpuTemplates().choices());
            case LOG_LEVELS -> CommandModel.Values.of(new Completions.LogLevels().choices());
            case SCRATCH_CACHES -> CommandModel.Values.of(new Completions.ScratchCaches().choices());
            case ANY -> CommandModel.Values.ANY;
        };
    }

    /** bash, zsh, fish. */
    @org.springframework.stereotype.Component
    public static class Shells extends Completions.Fixed {
        @Override
        public List<String> choices() {
            return List.copyOf(CompletionScripts.FILES.keySet());
        }
    }
}
