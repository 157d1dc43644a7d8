package dev.vmbench.shell;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandContext;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.completion.CompletionResolver;
import org.springframework.shell.standard.FileValueProvider;

import dev.vmbench.VmbenchException;
import dev.vmbench.boot.Boot;
import dev.vmbench.profile.BootOption;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.profile.Profiles;

/**
 * {@code boot} and {@code profile save}: both take every {@link BootOption}, declared here once from that table
 * (Spring Shell's annotations would need the twenty options written out twice).
 */
@Configuration(proxyBeanMethods = false)
public class BootCommands {

    @Bean
    public CommandRegistration bootCommand(CommandRegistration.BuilderSupplier builder, Boot boot, Profiles profiles,
                                           Out out, Completions.HypervisorNames hypervisors,
                                           Completions.ProfileNames profileNames) {
        CommandRegistration.Builder b = builder.get().command("boot").group("VMs")
                .description("Boot a VM and wait for its guest shell.");
        value(b, "name", "VM name (default qemu1, qemu2, ...)", null, null);
        value(b, "profile", "start from a saved profile; other options override it", profileNames::complete, null);
        declareBootOptions(b, hypervisors);
        flag(b, "dry-run", "print the command line (and config), boot nothing");
        b.withTarget().function(ctx -> {
            BootOptions given = given(ctx);
            String profile = (String) ctx.getOptionValue("profile");
            BootOptions o = profile == null ? given : given.over(profiles.get(profile));
            String name = (String) ctx.getOptionValue("name");
            if (Boolean.TRUE.equals(ctx.getOptionValue("dry-run"))) {
                return boot.dryRun(name, o);
            }
            try {
                return boot.boot(name, o, out::println, out::notice);
            } catch (InterruptedException e) {
                throw new VmbenchException("interrupted");
            }
        });
        return b.build();
    }

    @Bean
    public CommandRegistration profileSaveCommand(CommandRegistration.BuilderSupplier builder, Profiles profiles,
                                                  Completions.HypervisorNames hypervisors) {
        CommandRegistration.Builder b = builder.get().command("profile", "save").group("Profiles")
                .description("Save boot options under a name (boot --profile NAME uses them).");
        b.withOption().longNames("name").type(String.class).description("profile name").required().position(0)
                .arity(CommandRegistration.OptionArity.EXACTLY_ONE).and();
        declareBootOptions(b, hypervisors);
        b.withTarget().function(ctx -> {
            String name = (String) ctx.getOptionValue("name");
            BootOptions o = given(ctx);
            boolean created = profiles.save(name, o);
            return (created ? "saved" : "updated") + " profile " + name + " in " + profiles.file() + "\n"
                    + Profiles.yaml(name, o).stripTrailing();
        });
        return b.build();
    }

    /** Every boot option, with its help and its completion, from the table. */
    static void declareBootOptions(CommandRegistration.Builder b, Completions.HypervisorNames hypervisors) {
        for (BootOption o : BootOption.values()) {
            if (o.flag()) {
                flag(b, o.key(), o.help());
            } else {
                value(b, o.key(), o.help(), completion(o, hypervisors), o.valueKind());
            }
        }
    }

    static CompletionResolver completion(BootOption o, Completions.HypervisorNames hypervisors) {
        return switch (o.valueKind()) {
            case FILES -> new FileValueProvider()::complete;
            case HYPERVISORS -> hypervisors::complete;
            case ACCELERATORS -> new Completions.AccelNames()::complete;
            case CPU_TEMPLATES -> new Completions.CpuTemplates()::complete;
            case LOG_LEVELS -> new Completions.LogLevels()::complete;
            case ANY -> null;
        };
    }

    private static void value(CommandRegistration.Builder b, String name, String help, CompletionResolver completion,
                              BootOption.ValueKind kind) {
        CommandRegistration.OptionSpec spec = b.withOption().longNames(name).type(String.class).description(help)
                .arity(CommandRegistration.OptionArity.EXACTLY_ONE).required(false);
        if (completion != null) {
            spec.completion(completion);
        }
        spec.and();
    }

    private static void flag(CommandRegistration.Builder b, String name, String help) {
        b.withOption().longNames(name).type(boolean.class).description(help)
                .arity(CommandRegistration.OptionArity.ZERO_OR_ONE).defaultValue("false").required(false).and();
    }

    /** The boot options given on the command line. */
    static BootOptions given(CommandContext ctx) {
        BootOptions o = BootOptions.NONE;
        for (BootOption option : BootOption.values()) {
            Object v = ctx.getOptionValue(option.key());
            if (option.flag()) {
                o = o.with(option, Boolean.TRUE.equals(v));
            } else if (v != null) {
                o = o.with(option, v.toString());
            }
        }
        return o;
    }

    /** The keys of every boot option (for the completion model and tests). */
    static List<String> keys() {
        return BootOption.keys();
    }
}
