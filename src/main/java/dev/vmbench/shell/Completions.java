package dev.vmbench.shell;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionResolver;
import org.springframework.shell.standard.ValueProvider;
import org.springframework.stereotype.Component;

import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.profile.Profiles;
import dev.vmbench.session.SessionRegistry;

/** Tab-completion sources for option values. */
public final class Completions {

    private Completions() {
    }

    static List<CompletionProposal> proposals(Stream<String> values) {
        return values.map(CompletionProposal::new).toList();
    }

    /**
     * Completes the first positional argument ({@code logs q<TAB>}) with the values of the command's
     * first option; Spring Shell by itself completes option values only after the option's name.
     */
    @Component
    public static class FirstPositional implements CompletionResolver {
        @Override
        public List<CompletionProposal> apply(CompletionContext context) {
            if (context.getCommandRegistration() == null || context.getWordIndex() != 0) {
                return List.of();
            }
            String word = context.currentWord();
            if (word != null && word.startsWith("-")) {
                return List.of();
            }
            return context.getCommandRegistration().getOptions().stream()
                    .filter(o -> o.getPosition() == 0 && o.getCompletion() != null)
                    .findFirst()
                    .map(o -> o.getCompletion().apply(context.commandOption(o)))
                    .orElse(List.of());
        }
    }

    /** Names of the VMs in this shell. */
    @Component
    public static class VmNames implements ValueProvider {
        private final SessionRegistry registry;

        public VmNames(SessionRegistry registry) {
            this.registry = registry;
        }

        @Override
        public List<CompletionProposal> complete(CompletionContext context) {
            return proposals(registry.names().stream());
        }
    }

    /** Hypervisor names. */
    @Component
    public static class HypervisorNames implements ValueProvider {
        private final Hypervisors hypervisors;

        public HypervisorNames(Hypervisors hypervisors) {
            this.hypervisors = hypervisors;
        }

        @Override
        public List<CompletionProposal> complete(CompletionContext context) {
            return proposals(hypervisors.names().stream());
        }
    }

    /** Built-in and saved profile names. */
    @Component
    public static class ProfileNames implements ValueProvider {
        private final Profiles profiles;

        public ProfileNames(Profiles profiles) {
            this.profiles = profiles;
        }

        @Override
        public List<CompletionProposal> complete(CompletionContext context) {
            return proposals(Stream.concat(Profiles.BUILT_IN.keySet().stream(), profiles.saved().keySet().stream()));
        }
    }

    /** auto, kvm, tcg. */
    @Component
    public static class AccelNames implements ValueProvider {
        @Override
        public List<CompletionProposal> complete(CompletionContext context) {
            return proposals(Stream.of(Accel.values()).map(Accel::label));
        }
    }
}
