package dev.vmbench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vmbench.VmbenchException;

/** Mistakes in a hand-edited profiles file are one line naming the file, the line, the profile and the option. */
class ProfilesReadErrorsTest {

    @TempDir
    Path home;
    Path file;
    Profiles profiles;

    @BeforeEach
    void setUp() throws Exception {
        file = home.resolve(".config/vmbench/profiles.yaml");
        Files.createDirectories(file.getParent());
        profiles = new Profiles(file);
    }

    void write(String yaml) throws Exception {
        Files.writeString(file, yaml);
    }

    @Test
    void aBadValueNamesFileLineProfileAndKey() throws Exception {
        write("# my profiles\nprofiles:\n  small:\n    mem: 256M\n\n  fast:\n    mem: banana\n");
        String expected = file + ":7: profile 'fast', mem: bad memory size 'banana': use a number of MiB or a size"
                + " such as 512M or 1G";
        assertThatThrownBy(profiles::saved).isInstanceOf(VmbenchException.class).hasMessage(expected);
        assertThatThrownBy(() -> profiles.get("fast")).hasMessage(expected);
        assertThatThrownBy(() -> profiles.find("fast")).hasMessage(expected);
        // the file is checked as a whole, as a config file is: booting another profile names the mistake too
        assertThatThrownBy(() -> profiles.get("small")).hasMessage(expected);
        assertThat(profiles.get("seed-qemu")).isSameAs(Profiles.BUILT_IN.get("seed-qemu"));
    }

    @Test
    void aRuleAcrossKeysIsNamedAtTheKeyThatBreaksIt() throws Exception {
        write("profiles:\n  fc:\n    mem: 1G\n    cpu-template: T2\n");
        assertThatThrownBy(profiles::saved).hasMessage(file + ":4: profile 'fc', cpu-template: --cpu-template is for "
                + "--hypervisor firecracker only, and the hypervisor here is qemu-microvm: add --hypervisor "
                + "firecracker, or leave --cpu-template out");
    }

    @Test
    void aMissingKernelStopsABootButNotListOrShow() throws Exception {
        write("profiles:\n  own:\n    mem: 1G\n    kernel: /gone/bzImage\n");
        assertThat(profiles.saved()).containsKey("own");
        assertThat(profiles.find("own").get(BootOption.KERNEL)).isEqualTo("/gone/bzImage");
        assertThatThrownBy(() -> profiles.get("own")).hasMessage(file + ":4: profile 'own', kernel: no file "
                + "/gone/bzImage: give a kernel image");
    }

    @Test
    void unknownOptionsAndFlagsAreNamedWithTheirLine() throws Exception {
        write("profiles:\n  small:\n    mem: 256M\n  typo:\n    hypervisr: qemu-q35\n");
        assertThatThrownBy(() -> profiles.get("small")).hasMessageStartingWith(file + ":5: profile 'typo': unknown "
                + "option 'hypervisr': use hypervisor, kernel, initrd");
        write("profiles:\n  p:\n    mem: 256M\n    persistent: yes\n");
        assertThatThrownBy(profiles::saved).hasMessage(file + ":4: profile 'p', persistent: 'yes' is not a "
                + "yes-or-no value: use true or false");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            profiles: [a, b]\\n                       | 1 | 'profiles' must be a mapping of profile names to their options, not a list
            # mine\\nprofiles:\\n  - a\\n  - b\\n      | 2 | 'profiles' must be a mapping of profile names to their options, not a list
            profiles: all of them\\n                   | 1 | 'profiles' must be a mapping of profile names to their options, not the single value 'all of them'
            profiles:\\n  fast: quick\\n               | 2 | profile 'fast' must be a mapping of boot options, such as 'mem: 512M', not the single value 'quick'
            profiles:\\n  fast:\\n    - mem\\n         | 2 | profile 'fast' must be a mapping of boot options, such as 'mem: 512M', not a list
            profiles:\\n  fast:\\n    mem: [1, 2]\\n   | 3 | profile 'fast', mem: must be a single value, not a list
            profiles:\\n  fast:\\n    mem: {a: 1}\\n   | 3 | profile 'fast', mem: must be a single value, not a mapping
            profiles:\\n  fast:\\n    [mem]: 1G\\n     | 3 | profile 'fast': an option name must be a single word, not a list
            profiles:\\n  [x]: {mem: 1G}\\n            | 2 | a profile name must be a single word, not a list
            profiles:\\n  ~: {mem: 1G}\\n              | 2 | a profile has no name: write its name before the ':'
            profiles:\\n  'my vm': {mem: 1G}\\n        | 2 | bad profile name 'my vm': use letters, digits, '.', '_' or '-'
            - a\\n- b\\n                               | 1 | the file must hold 'profiles:' with the profiles under it, not a list
            just words\\n                              | 1 | the file must hold 'profiles:' with the profiles under it, not the single value 'just words'
            profile:\\n  a:\\n    mem: 1G\\n           | 1 | unknown key 'profile': this file holds only 'profiles'
            profiles: {}\\nprofiles: {}\\n             | 2 | 'profiles' appears twice (also at line 1): keep one
            profiles:\\n  a: {mem: 1G}\\n  a: {cpus: 1}\\n  | 3 | profile 'a' appears twice (also at line 2): keep one
            profiles:\\n  a:\\n    mem: 1G\\n    mem: 2G\\n | 4 | profile 'a', mem: given twice (also at line 3): keep one
            """)
    void wrongShapesAreSaidInPlainWords(String yaml, int line, String message) throws Exception {
        write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(profiles::saved).isInstanceOf(VmbenchException.class)
                .hasMessageStartingWith(file + ":" + line + ": " + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("java.")
                        .doesNotContain("LinkedHashMap").doesNotContain("ArrayList"));
        // saving next to a file that cannot be read is refused with the same words, and the file is left alone
        assertThatThrownBy(() -> profiles.save("new", BootOptionsValidationTest.of("mem", "1G")))
                .hasMessageStartingWith(file + ":" + line + ": " + message);
        assertThat(Files.readString(file)).isEqualTo(yaml.replace("\\n", "\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            profiles:\\n  a:\\n    mem: 1G\\n\\tcpus: 2\\n              | 4:1  | found a tab, and YAML indents with spaces only
            profiles:\\n  a:\\n    append: 'console=ttyS0\\n    mem: 1G\\n | 3:13 | while scanning a quoted scalar, found unexpected end of the file
            profiles:\\n  a:\\n    prompt: "$ \\n                  | 3:13 | while scanning a quoted scalar
            profiles: [a\\n                                         | 1:11 | while parsing a flow sequence, expected ',' or ']', but got the end of the file
            profiles:\\n  a:\\n   mem: 1G\\n  b: 1\\n c: 2\\n       | 5:2  | while parsing a block mapping, expected <block end>
            profiles:\\n  a: {mem: 1G}\\n---\\nprofiles: {}\\n      | 3:1  | expected a single document in the stream, but found another document
            profiles:\\n  a: *nothing\\n                           | 2:6  | found undefined alias nothing
            """)
    void invalidYamlGivesLineAndColumn(String yaml, String where, String problem) throws Exception {
        write(yaml.replace("\\n", "\n").replace("\\t", "\t"));
        assertThatThrownBy(profiles::saved).isInstanceOf(VmbenchException.class)
                .hasMessageStartingWith(file + ":" + where + ": not valid YAML: " + problem)
                .hasMessageEndingWith("; fix the file or move it away")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\t"));
    }

    @Test
    void aHugeOrBinaryFileIsOneLine() throws Exception {
        char[] big = new char[5 * 1024 * 1024];
        Arrays.fill(big, '#');
        write(new String(big));
        assertThatThrownBy(profiles::saved).hasMessage(file + " is larger than 4 MiB, far more than a vmbench "
                + "profiles file takes: give the right file");
        Files.write(file, new byte[] {'p', 'r', 0, 1, 2, 3, (byte) 0xff, '\n'});
        assertThatThrownBy(profiles::saved).hasMessageStartingWith(file + ": byte 6 (line 1) is not UTF-8 text");
        Files.write(file, new byte[] {'p', 'r', 0, '\n'});
        assertThatThrownBy(profiles::saved).hasMessageContaining("holds a NUL byte: this is binary, not a vmbench "
                + "profiles file");
    }

    @Test
    void emptyFilesAndEmptyValuesMeanNothing() throws Exception {
        assertThat(profiles.saved()).isEmpty(); // no file yet
        for (String yaml : new String[] {"", "# only a comment\n", "profiles:\n", "profiles: ~\n", "profiles: {}\n",
                "---\n"}) {
            write(yaml);
            assertThat(profiles.saved()).as(yaml).isEmpty();
        }
        write("profiles:\n  blank:\n  some:\n    mem: 512M\n    cpus:\n    persistent: ~\n");
        assertThat(profiles.saved().get("blank")).isEqualTo(BootOptions.NONE);
        assertThat(profiles.saved().get("some").toMap()).containsExactly(java.util.Map.entry("mem", "512M"));
    }

    @Test
    void numbersAndBooleansAreReadAsTheTextWritten() throws Exception {
        write("profiles:\n  n:\n    mem: 1024\n    cpus: 2\n    timeout: 1.5\n    log: true\n    append: 'quoted # not a comment'\n");
        BootOptions n = profiles.get("n");
        assertThat(n.get(BootOption.MEM)).isEqualTo("1024");
        assertThat(n.get(BootOption.CPUS)).isEqualTo("2");
        assertThat(n.get(BootOption.TIMEOUT)).isEqualTo("1.5");
        assertThat(n.log()).isTrue();
        assertThat(n.append()).isEqualTo("quoted # not a comment");
    }

    @Test
    void unknownProfilesAreNamed() throws Exception {
        write("profiles:\n  a: {mem: 1G}\n");
        assertThatThrownBy(() -> profiles.get("b")).hasMessage("no profile named 'b': 'profile list' shows them");
        assertThatThrownBy(() -> profiles.remove("b")).hasMessage("no saved profile named 'b': 'profile list' shows them");
    }
}
