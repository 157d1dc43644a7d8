package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vmbench.completion.CompletionScripts;

/**
 * The completion scripts in {@code completions/}: generated from the commands (stale files fail here), and
 * loaded into real bash, fish and zsh to see what they offer.
 */
class CompletionsIT {

    static final Path DIR = Path.of("completions").toAbsolutePath();
    static final Duration QUICK = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void theCheckedInScriptIsWhatTheCommandsGenerate(String shell) throws Exception {
        Cli.Result r = Cli.run(Map.of(), "completions", "--shell", shell);
        assertThat(r.code()).as(r.out()).isZero();
        String file = CompletionScripts.FILES.get(shell);
        assertThat(Files.readString(DIR.resolve(file)).stripTrailing())
                .as("completions/" + file + " is stale: regenerate with 'target/vmbench completions --write completions'")
                .isEqualTo(r.out().stripTrailing());
    }

    static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** What bash's completion offers for a partial line; the last word may be empty. */
    static List<String> bash(Path config, String... words) throws Exception {
        StringBuilder quoted = new StringBuilder();
        for (String w : words) {
            quoted.append(" '").append(w).append('\'');
        }
        String script = "export XDG_CONFIG_HOME='" + config + "'; source '" + DIR.resolve("vmbench.bash") + "'; "
                + "COMP_WORDS=(" + quoted + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _vmbench; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        return sh("bash", "--norc", "--noprofile", "-c", script).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void bashOffersCommandsSubcommandsOptionsAndValues(@TempDir Path config) throws Exception {
        assertThat(bash(config, "vmbench", "bo")).containsExactly("boot");
        assertThat(bash(config, "vmbench", "me")).containsExactlyInAnyOrder("memdiff", "meminfo");
        assertThat(bash(config, "vmbench", "image", "")).containsExactly("build", "info");
        assertThat(bash(config, "vmbench", "boot", "--hyp")).containsExactly("--hypervisor");
        assertThat(bash(config, "vmbench", "boot", "--hypervisor", ""))
                .containsExactly("qemu-microvm", "qemu-q35", "firecracker");
        assertThat(bash(config, "vmbench", "boot", "--cpu-template", "T2C")).containsExactly("T2CL");
        assertThat(bash(config, "vmbench", "transcript", "stop", "--")).containsExactly("--vm", "--help");
        assertThat(bash(config, "vmbench", "boot", "--mem", "")).isEmpty();
        Files.createDirectories(config.resolve("vmbench"));
        Files.writeString(config.resolve("vmbench/profiles.yaml"), "profiles:\n  mine:\n    mem: 1G\n  other-1:\n    cpus: 1\n");
        assertThat(bash(config, "vmbench", "boot", "--profile", ""))
                .containsExactly("seed-qemu", "seed-firecracker", "mine", "other-1");
        assertThat(bash(config, "vmbench", "profile", "show", "o")).containsExactly("other-1");
    }

    @Test
    void fishOffersTheSameWithDescriptions(@TempDir Path config) throws Exception {
        Assumptions.assumeTrue(TestImage.host().findProgram("fish").isPresent(),
                "fish is not installed (.ci/install-host-packages installs it)");
        String source = "set -x XDG_CONFIG_HOME '" + config + "'; source '" + DIR.resolve("vmbench.fish") + "'; ";
        assertThat(sh("fish", "--no-config", "-c", source + "complete -C 'vmbench bo'"))
                .isEqualTo("boot\tBoot VMs (one, or several at once) and wait for their guest shells\n");
        assertThat(sh("fish", "--no-config", "-c", source + "complete -C 'vmbench boot --hypervisor '").lines()
                .map(l -> l.split("\t")[0])).containsExactlyInAnyOrder("qemu-microvm", "qemu-q35", "firecracker");
        // 'stop' the command and 'transcript stop' have different options
        assertThat(sh("fish", "--no-config", "-c", source + "complete -C 'vmbench transcript stop --'"))
                .contains("--vm").doesNotContain("--grace");
        assertThat(sh("fish", "--no-config", "-c", source + "complete -C 'vmbench stop --'")).contains("--grace");
        assertThat(sh("fish", "--no-config", "-c", source + "complete -C 'vmbench profile show '").lines())
                .containsExactlyInAnyOrder("seed-qemu", "seed-firecracker");
    }

    @Test
    void zshOffersThemOnTabInARealTerminal() throws Exception {
        Assumptions.assumeTrue(TestImage.host().findProgram("zsh").isPresent(),
                "zsh is not installed (.ci/install-host-packages installs it)");
        try (Tmux t = Tmux.start("zsh", 160, 40)) {
            t.line("exec zsh -f");
            t.line("fpath=(" + DIR + " $fpath); autoload -Uz compinit; compinit -u -D; PS1='zsh%% '");
            t.waitFor("(?m)^zsh% ", 0, QUICK);
            // matches are counted on the whole screen: a completion menu leaving it shifts every offset
            t.type("vmbench boot --hyp");
            t.keys("Tab");
            t.waitForMore("vmbench boot --hypervisor ", 0, QUICK);
            t.keys("Tab");
            t.waitForMore("firecracker\\s+qemu-microvm\\s+qemu-q35", 0, QUICK);
            t.keys("C-u");
            t.type("vmbench transcript ");
            t.keys("Tab");
            t.waitForMore("start\\s+-- Record VM consoles", 0, QUICK);
            assertThat(t.screen()).containsPattern("play\\s+-- Replay").containsPattern("export\\s+-- Write")
                    .doesNotContainPattern("boot\\s+-- Boot");
            t.keys("C-u");
            t.type("vmbench ru");
            t.keys("Tab");
            t.waitForMore("vmbench run ", 0, QUICK);
        }
    }
}
