package dev.vmbench.shell;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionResolver;
import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ValueProvider;
import org.springframework.stereotype.Component;

import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.FirecrackerHypervisor;
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

    /** Names of the VMs in this shell, and files (memdiff takes either). */
    @Component
    public static class VmNamesOrFiles implements ValueProvider {
        private final SessionRegistry registry;
        private final FileValueProvider files = new FileValueProvider();

        public VmNamesOrFiles(SessionRegistry registry) {
            this.registry = registry;
        }

        @Override
        public List<CompletionProposal> complete(CompletionContext context) {
            return Stream.concat(proposals(registry.names().stream()).stream(), files.complete(context).stream()).toList();
        }
    }

    /** Hypervisor names. */
    @Component
    public static class HypervisorNames extends Fixed {
        private final Hypervisors hypervisors;

        public HypervisorNames(Hypervisors hypervisors) {
            this.hypervisors = hypervisors;
        }

        @Override
        public List<String> choices() {
            return List.copyOf(hypervisors.names());
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
            return proposals(Stream.concat(Profiles.BUILT_IN.keySet().stream(), profiles.savedNames().stream()));
        }
    }

    /**
     * A value from a list known without a live shell; the command line completion scripts embed the list
     * ({@code completions}).
     */
    public abstract static class Fixed implements ValueProvider {
        public abstract List<String> choices();

        @Override
        public List<CompletionProposal> complete(CompletionContext context) {
            return proposals(choices().stream());
        }
    }

    /** auto, kvm, tcg. */
    @Component
    public static class AccelNames extends Fixed {
        @Override
        public List<String> choices() {
            return Stream.of(Accel.values()).map(Accel::label).toList();
        }
    }

    /** Firecracker's CPU templates, and none. */
    @Component
    public static class CpuTemplates extends Fixed {
        @Override
        public List<String> choices() {
            return Stream.concat(FirecrackerHypervisor.CPU_TEMPLATES.stream().sorted(), Stream.of("none")).toList();
        }
    }

    /** Firecracker's log levels. */
    @Component
    public static class LogLevels extends Fixed {
        @Override
        public List<String> choices() {
            return FirecrackerHypervisor.LOG_LEVELS;
        }
    }

    /** Workload names: the built-in ones and workloads.yaml's. */
    @Component
    public static class WorkloadNames extends Fixed {
        @Override
        public List<String> choices() {
            try {
                return List.copyOf(new dev.vmbench.workload.Workloads(dev.vmbench.config.VmbenchPaths.workloadsFile(
                        System.getenv(), System.getProperty("user.home"))).all().keySet());
            } catch (RuntimeException e) {
                return dev.vmbench.workload.Workloads.builtIn().stream().map(dev.vmbench.workload.Workload::name).toList();
            }
        }
    }

    /** The scratch disk's cache modes. */
    @Component
    public static class ScratchCaches extends Fixed {
        @Override
        public List<String> choices() {
            return java.util.Arrays.stream(dev.vmbench.hypervisor.Scratch.Cache.values()).map(c -> c.qemu).toList();
        }
    }

    /** memdiff's orders. */
    @Component
    public static class DiffSorts extends Fixed {
        @Override
        public List<String> choices() {
            return List.of("field", "delta");
        }
    }

    /** memdiff's units. */
    @Component
    public static class MemUnits extends Fixed {
        @Override
        public List<String> choices() {
            return List.of("kB", "MiB", "auto");
        }
    }
}
