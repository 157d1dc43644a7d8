package dev.vmbench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Values written as YAML read back as the same text, and an edit leaves the text around it as it was. */
class ProfileYamlTest {

    static final Path FILE = Path.of("/config/vmbench/profiles.yaml");

    @Test
    void quotesOnlyWhatYamlNeedsQuoted() {
        assertThat(ProfileYaml.scalar("512M")).isEqualTo("512M");
        assertThat(ProfileYaml.scalar("2")).isEqualTo("2");
        assertThat(ProfileYaml.scalar("true")).isEqualTo("true");
        assertThat(ProfileYaml.scalar("-device virtio-rng-pci")).isEqualTo("-device virtio-rng-pci");
        assertThat(ProfileYaml.scalar("console=ttyS0 root=/dev/vda")).isEqualTo("console=ttyS0 root=/dev/vda");
        assertThat(ProfileYaml.scalar("")).isEqualTo("''");
        assertThat(ProfileYaml.scalar("~")).isEqualTo("'~'");
        assertThat(ProfileYaml.scalar("null")).isEqualTo("'null'");
        assertThat(ProfileYaml.scalar("[#$] ")).isEqualTo("'[#$] '");
        assertThat(ProfileYaml.scalar("a #b")).startsWith("'");
        assertThat(ProfileYaml.scalar("a\nb")).isEqualTo("\"a\\nb\"");
    }

    @Test
    void aProfileBlockIsIndentedAsAsked() {
        assertThat(ProfileYaml.block("p", Map.of("mem", "1G"), 2, 4)).isEqualTo("  p:\n      mem: 1G\n");
        assertThat(Profiles.yaml("small", BootOptions.fromMap(Map.of("mem", "256M"))))
                .isEqualTo("small:\n  mem: 256M\n");
    }

    @Property(tries = 300)
    void anyValueReadsBackAndTheRestOfTheFileStays(@ForAll @StringLength(max = 24) @CharRange(from = ' ', to = '~')
                                                   @Chars({'\t', '\n', '\r', 'é', '€', '\u0085', '\u2028', '\uFEFF'})
                                                   String value) {
        String before = ProfilesEditTest.COMMENTED;
        Map<String, String> options = Map.of("append", value);
        String added = ProfilesEditor.put(ProfilesFile.parse(FILE, before), "p", options);
        assertThat(ProfilesFile.parse(FILE, added).values().get("p")).isEqualTo(options);
        String anchor = "    cpus: 4    # four\n";
        int at = before.indexOf(anchor) + anchor.length();
        assertThat(added).startsWith(before.substring(0, at)).endsWith(before.substring(at));

        String changed = ProfilesEditor.put(ProfilesFile.parse(FILE, before), "big", Map.of("mem", "2G", "cpus", value));
        assertThat(ProfilesFile.parse(FILE, changed).values().get("big")).isEqualTo(Map.of("mem", "2G", "cpus", value));
        assertThat(changed).startsWith(before.substring(0, before.indexOf("    cpus: 4")))
                .endsWith(value.equals("4") ? "    # four\n\n\n# trailing comment at the end of the file\n"
                        : "# four\n\n\n# trailing comment at the end of the file\n");
    }

    @Test
    void charactersBeyondTheBasicPlaneDoNotShiftTheEdit() {
        String before = "# ünïcödé 😀🚀 comment\nprofiles:\n  a:   # 🐧\n    append: 'x 😀'\n    mem: 1G  # 🦀\n";
        String after = ProfilesEditor.put(ProfilesFile.parse(FILE, before), "a",
                Map.of("append", "x 😀", "mem", "2G"));
        assertThat(after).isEqualTo(before.replace("mem: 1G", "mem: 2G"));
        String removed = ProfilesEditor.remove(ProfilesFile.parse(FILE, after), "a");
        assertThat(removed).isEqualTo("# ünïcödé 😀🚀 comment\nprofiles:\n");
    }
}
