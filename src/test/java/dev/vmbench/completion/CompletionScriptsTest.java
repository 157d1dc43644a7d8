package dev.vmbench.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vmbench.completion.CommandModel.Command;
import dev.vmbench.completion.CommandModel.Option;
import dev.vmbench.completion.CommandModel.Values;

class CompletionScriptsTest {

    static final CommandModel MODEL = new CommandModel(List.of(
            new Command(List.of("boot"), "Boot a VM.", List.of(
                    new Option("name", "VM name", false, Values.ANY, true),
                    new Option("hypervisor", "which [one]: a or b", false, Values.of(List.of("a", "b")), false),
                    new Option("kernel", "kernel's file", false, Values.FILES, false),
                    new Option("profile", "profile", false, Values.PROFILES, false),
                    new Option("dry-run", "print only", true, Values.ANY, false))),
            new Command(List.of("image", "build"), "Build it.", List.of()),
            new Command(List.of("image", "info"), "Show it.", List.of()),
            new Command(List.of("show"), "Show a file.", List.of(new Option("file", "f", false, Values.FILES, true)))),
            List.of("seed-qemu"));

    @Test
    void theModelGroupsSubcommandsUnderTheirFirstWord() {
        assertThat(MODEL.topWords()).containsExactly("boot", "image", "show");
        assertThat(MODEL.subWords("image")).containsExactly("build", "info");
        assertThat(MODEL.describeTop("image")).isEqualTo("subcommands: build, info");
        assertThat(MODEL.find(List.of("image", "info")).description()).isEqualTo("Show it.");
        assertThat(MODEL.find(List.of("boot")).positional().name()).isEqualTo("name");
    }

    @Test
    void bashMapsEachValueKindToItsAction() {
        String s = CompletionScripts.render("bash", MODEL);
        assertThat(s).contains("_vmbench_words \"boot image show\"")
                .contains("image) _vmbench_words \"build info\" ;;")
                .contains("--hypervisor) _vmbench_words \"a b\"; return ;;")
                .contains("--kernel) _vmbench_files; return ;;")
                .contains("--profile) _vmbench_words \"$(_vmbench_profiles)\"; return ;;")
                .contains("--name) COMPREPLY=(); return ;;")
                .contains("printf '%s\\n' seed-qemu")
                .doesNotContain("--dry-run)")
                .endsWith("complete -F _vmbench vmbench\n");
        // a free-text first positional completes nothing; a file one completes files
        assertThat(s).contains("if [[ $COMP_CWORD -eq $first && $cur != -* ]]; then _vmbench_files; return; fi");
    }

    @Test
    void zshEscapesWhatItsSpecsGiveMeaningTo() {
        String s = CompletionScripts.render("zsh", MODEL);
        assertThat(s).startsWith("#compdef vmbench\n")
                .contains("'--hypervisor[which \\[one\\]\\: a or b]:hypervisor:(a b)'")
                .contains("'--kernel[kernel’s file]:kernel:_files'")
                .contains("'--dry-run[print only]'")
                .contains("'boot:Boot a VM'");
    }

    @Test
    void fishTellsCommandsFromSubcommandsOfTheSameName() {
        String s = CompletionScripts.render("fish", MODEL);
        assertThat(s).contains("complete -c vmbench -n __vmbench_top -a image -d 'subcommands: build, info'")
                .contains("complete -c vmbench -n '__vmbench_sub_of image' -a info -d 'Show it'")
                .contains("complete -c vmbench -n '__vmbench_at boot' -l kernel -r -F -d 'kernel’s file'")
                .contains("complete -c vmbench -n '__vmbench_at boot' -l dry-run -d 'print only'")
                .contains("complete -c vmbench -n '__vmbench_at show' -F\n");
        assertThatThrownBy(() -> CompletionScripts.render("tcsh", MODEL)).hasMessageContaining("use bash, zsh or fish");
    }
}
