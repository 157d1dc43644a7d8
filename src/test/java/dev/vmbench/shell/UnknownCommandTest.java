package dev.vmbench.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class UnknownCommandTest {

    static final List<String> COMMANDS = List.of("bench", "boot", "run", "results list", "results show",
            "results compare", "transcript start", "transcript stop", "image build", "image info", "vms", "hosts",
            "hosts check");

    @Test
    void aGroupWordAloneListsWhatFollowsIt() {
        assertThat(UnknownCommand.message(List.of("results"), COMMANDS))
                .isEqualTo("Error: 'results' is followed by one of: compare, list, show (e.g. 'help results compare')");
        assertThat(UnknownCommand.message(List.of("transcript", "--vm", "a"), COMMANDS))
                .isEqualTo("Error: 'transcript' is followed by one of: start, stop (e.g. 'help transcript start')");
    }

    @Test
    void aNearMissNamesTheCommandMeant() {
        assertThat(UnknownCommand.message(List.of("results", "lis"), COMMANDS))
                .isEqualTo("Error: no command 'results lis': did you mean 'results list'?");
        assertThat(UnknownCommand.message(List.of("bnech", "--vms", "a"), COMMANDS))
                .isEqualTo("Error: no command 'bnech': did you mean 'bench'?");
        assertThat(UnknownCommand.message(List.of("imgae", "build"), COMMANDS))
                .isEqualTo("Error: no command 'imgae': did you mean 'image'?");
    }

    @Test
    void anythingElsePointsAtHelp() {
        assertThat(UnknownCommand.message(List.of("frobnicate"), COMMANDS))
                .isEqualTo("Error: no command 'frobnicate': 'help' lists the commands");
        assertThat(UnknownCommand.message(List.of("results", "frobnicate"), COMMANDS))
                .isEqualTo("Error: 'results' is followed by one of: compare, list, show (e.g. 'help results compare')");
        assertThat(UnknownCommand.message(List.of(), COMMANDS)).isEqualTo("Error: no command given: 'help' lists them");
    }
}
