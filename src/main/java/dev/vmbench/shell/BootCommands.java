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
import dev.vmbench.report.Units;
import dev.vmbench.text.CommaList;

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
                .description("Boot VMs (one, or several at once) and wait for their guest shells.");
        value(b, "name", "VM name (default qemu1, qemu2, ...); several at once: a,b,c; with --count, the prefix", null,
                null);
        b.withOption().longNames("count").type(Integer.class).description("boot N VMs at once: PREFIX1..PREFIXN")
                .arity(CommandRegistration.OptionArity.EXACTLY_ONE).required(false).and();
        flag(b, "background", "return at once; a line above the prompt says when each VM is ready or failed");
        value(b, "profile", "start from a saved profile; other options override it", profileNames::complete, null);
        declareBootOptions(b, hypervisors);
        flag(b, "dry-run", "print the command line (and config), boot nothing");
        b.withTarget().function(ctx -> {
            BootOptions given = given(ctx);
            String profile = (String) ctx.getOptionValue("profile");
            BootOptions o = profile == null ? given : given.over(profiles.get(profile));
            String name = (String) ctx.getOptionValue("name");
            Integer count = (Integer) ctx.getOptionValue("count");
            boolean background = Boolean.TRUE.equals(ctx.getOptionValue("background"));
            if (Boolean.TRUE.equals(ctx.getOptionValue("dry-run"))) {
                return boot.dryRun(CommaList.of(name).stream().findFirst().orElse(null), o);
            }
            try {
                if (count == null && CommaList.of(name).size() <= 1 && !background) {
                    return boot.boot(name, o, out::println, out::notice);
                }
                List<String> names = boot.claim(name, count, o);
                return background ? inBackground(boot, names, o, out) : together(boot, names, o, out);
            } catch (InterruptedException e) {
                throw new VmbenchException("interrupted");
            }
        });
        return b.build();
    }

    /** Several VMs booted at once, one progress line each; returns when every one is ready or failed. */
    private static String together(Boot boot, List<String> names, BootOptions o, Out out) throws InterruptedException {
        long t0 = System.nanoTime();
        List<Boot.Outcome> outcomes;
        try (BootProgress progress = new BootProgress(out.terminal(), out, names, Out.interactive(out.terminal()))) {
            outcomes = boot.bootAll(names, o, progress);
        }
        double all = (System.nanoTime() - t0) / 1e9;
        List<Boot.Outcome> failed = outcomes.stream().filter(x -> !x.ok()).toList();
        List<Double> times = outcomes.stream().filter(Boot.Outcome::ok)
                .map(x -> x.vm().bootTime().map(d -> d.toNanos() / 1e9).orElse(Double.NaN)).sorted().toList();
        String summary = (outcomes.size() - failed.size()) + " of " + outcomes.size() + " VMs ready after "
                + Units.seconds(java.time.Duration.ofNanos((long) (all * 1e9)))
                + (times.isEmpty() ? "" : " (boot times: median " + secs(times.get(times.size() / 2)) + ", max "
                + secs(times.get(times.size() - 1)) + ")");
        if (failed.isEmpty()) {
            return summary;
        }
        StringBuilder details = new StringBuilder();
        for (Boot.Outcome f : failed) {
            details.append(f.name()).append(": ").append(f.line()).append('\n');
            if (f.details() != null) {
                details.append(f.details().indent(2));
            }
        }
        throw new VmbenchException(summary + "; " + failed.size() + " failed: " + String.join(", ",
                failed.stream().map(Boot.Outcome::name).toList()), details.toString().stripTrailing(), null);
    }

    private static String secs(double s) {
        return String.format(java.util.Locale.ROOT, "%.2f s", s);
    }

    /** VMs booted behind the prompt: a notice above it as each is ready or fails. */
    private static String inBackground(Boot boot, List<String> names, BootOptions o, Out out) {
        boot.bootInBackground(names, o, new Boot.Events() {
            @Override
            public void note(String line) {
                out.println(line);
            }

            @Override
            public void done(Boot.Outcome x) {
                out.notice(x.ok() ? x.name() + " is ready after " + x.vm().bootTime().map(Units::seconds).orElse("?")
                        + " (pid " + x.vm().pid() + ")" : x.name() + " failed to boot: " + x.line()
                        + (x.details() == null ? "" : "\n" + x.details().indent(2).stripTrailing()));
            }

            @Override
            public void ended(String line) {
                out.notice(line);
            }
        });
        return "booting " + String.join(", ", names) + " in the background: 'vms' shows them; a line is printed when "
                + (names.size() == 1 ? "it is" : "each is") + " ready";
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
            case SCRATCH_CACHES -> new Completions.ScratchCaches()::complete;
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
