package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Many VMs from one shell, driven as a person would in tmux: four booted with one {@code boot --count 4}, two
 * in the background while the shell answers, a {@code watch} of two consoles, two transcripts on one clock and
 * their replay side by side. One shell and its VMs serve the tests in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyVmsIT {

    private static final Duration BOOT = Duration.ofSeconds(240);
    private static final Duration SHORT = Duration.ofSeconds(60);

    private Tmux t;
    private ProcessHandle java;

    @BeforeAll
    void shell() throws Exception {
        TestImage.get();
        t = Tmux.start("many-vms", 160, 45);
        java = t.openVmbench("java -jar " + TestImage.JAR);
    }

    @AfterAll
    void end() throws Exception {
        List<ProcessHandle> left = hypervisors();
        try {
            t.close(); // the pane's end hangs up the JVM's terminal: the shell ends its VMs
            Await.until("the JVM to end", SHORT, () -> !java.isAlive());
            Await.until("no hypervisor of this shell left", Duration.ofSeconds(15),
                    () -> left.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            left.forEach(ProcessHandle::destroyForcibly);
            java.destroyForcibly();
        }
    }

    private List<ProcessHandle> hypervisors() {
        return java.descendants().filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                .toList();
    }

    @Test
    @Order(1)
    void fourVmsBootAtOnceWithOneLineEachAndStopTogether() throws Exception {
        int m = t.mark();
        t.line("boot --count 4 --mem 256M --cpus 1 --name many");
        // while they boot, four of this shell's hypervisors run at once
        Await.until("four hypervisors running at once", BOOT, () -> hypervisors().size() == 4, t::screen);
        String out = t.waitFor("4 of 4 VMs ready after \\d+\\.\\d\\d s \\(boot times: median", m, BOOT);
        for (int i = 1; i <= 4; i++) {
            assertThat(out).containsPattern("many" + i + "\\s+ready after \\d+\\.\\d\\d s \\(pid \\d+\\)");
        }
        m = t.mark();
        t.line("vms");
        String table = t.waitFor("many4.*\\n.*└", m, SHORT);
        for (int i = 1; i <= 4; i++) {
            assertThat(table).containsPattern("│many" + i + " *│local│qemu-microvm│tcg *│\\d+ *│ready *│\\d+\\.\\d\\d s");
        }
        m = t.mark();
        t.line("stop many1 many2,many3 many4");
        out = t.waitFor("many4 stopped \\(exit", m, SHORT);
        assertThat(out).contains("many1 stopped (exit 0)", "many2 stopped (exit 0)", "many3 stopped (exit 0)");
        Await.until("the four hypervisors gone", SHORT, () -> hypervisors().isEmpty(), t::screen);
    }

    @Test
    @Order(2)
    void backgroundBootsLeaveTheShellAnsweringAndSayWhenReady() throws Exception {
        int m = t.mark();
        t.line("boot --count 2 --mem 256M --cpus 1 --name bg --background");
        t.waitFor("booting bg1, bg2 in the background", m, SHORT);
        t.line("vms");
        String table = t.waitFor("│bg2[\\s\\S]*└", m, SHORT);
        // answered while both were still booting
        assertThat(table).containsPattern("│bg1 *│.*│booting \\((starting|kernel|userspace)\\)");
        assertThat(table).containsPattern("│bg2 *│.*│booting \\((starting|kernel|userspace)\\)");
        String ready = t.waitFor("\\[vmbench\\] bg1 is ready after[\\s\\S]*\\[vmbench\\] bg2 is ready after"
                + "|\\[vmbench\\] bg2 is ready after[\\s\\S]*\\[vmbench\\] bg1 is ready after", m, BOOT);
        assertThat(ready).containsPattern("bg1 is ready after \\d+\\.\\d\\d s \\(pid \\d+\\)");
        m = t.mark();
        t.line("run bg1 'echo $((40+2))'");
        t.waitFor("\\n42\\s", m, SHORT);
    }

    @Test
    @Order(3)
    void watchShowsBothConsolesAsTheirOutputArrivesAndGivesTheTerminalBack() throws Exception {
        int m = t.mark();
        // output that arrives while the view is up: each guest prints a line a few seconds from now
        t.line("run bg1 '(sleep 4; printf \"wide-\\346\\274\\242\\345\\255\\227-bg1\\n\"; echo tick-$((20+1))-bg1) &'");
        t.line("run bg2 '(sleep 4; echo tick-$((20+2))-bg2) &'");
        t.waitFor("run bg2[^\\n]*\\n[\\s\\S]*vmbench:>", m, SHORT);
        t.line("watch bg1 bg2");
        String screen = t.waitForVisible("bg1 · ready[\\s\\S]*q or Esc leaves", SHORT);
        assertThat(screen).contains("bg2 · ready");
        screen = t.waitForVisible("tick-21-bg1[\\s\\S]*q or Esc leaves", SHORT);
        screen = t.waitForVisible("tick-22-bg2", SHORT);
        // side by side: each line in its own half of the screen, the bar between them in one column, also on the
        // line with two East Asian wide characters (two columns each)
        java.util.Set<Integer> bars = new java.util.TreeSet<>();
        for (String line : screen.split("\n")) {
            if (line.contains("│")) {
                bars.add(line.substring(0, line.indexOf('│')).codePoints()
                        .map(c -> Math.max(0, org.jline.utils.WCWidth.wcwidth(c))).sum());
            }
            if (line.contains("tick-21-bg1")) {
                assertThat(line.indexOf("tick-21-bg1")).isLessThan(80);
            }
            if (line.contains("tick-22-bg2")) {
                assertThat(line.indexOf("tick-22-bg2")).isGreaterThanOrEqualTo(79);
            }
        }
        assertThat(screen).contains("wide-漢字-bg1");
        assertThat(bars).as("the columns of the bar between the panes on%n%s", screen).hasSize(1);
        t.keys("q");
        t.waitForVisible("vmbench:>\\s*$", SHORT);
        assertThat(t.visible()).doesNotContain("q or Esc leaves");
        // the terminal is back: typed keys echo, and the shell answers
        t.type("vms");
        t.waitForVisible("vmbench:>vms\\s*$", SHORT);
        m = t.mark();
        t.keys("Enter");
        t.waitFor("│bg2 *│", m, SHORT);
    }

    @Test
    @Order(4)
    void transcriptsOfAllVmsShareOneClockAndPlayTogether() throws Exception {
        int m = t.mark();
        t.line("transcript start --all");
        String started = t.waitFor("recording bg2 to \\S+\\.cast", m, SHORT);
        Path a = castOf(started, "bg1");
        Path b = castOf(started, "bg2");
        m = t.mark();
        t.line("bench --command 'echo hi' --vms bg1,bg2 --runs 2");
        t.waitFor("Relative|relative|faster|±[\\s\\S]*vmbench:>", m, SHORT);
        m = t.mark();
        t.line("transcript stop");
        t.waitFor("stopped bg2: \\d+ events", m, SHORT);

        ObjectMapper json = new ObjectMapper();
        List<String> linesA = Files.readAllLines(a);
        List<String> linesB = Files.readAllLines(b);
        JsonNode headA = json.readTree(linesA.get(0));
        JsonNode headB = json.readTree(linesB.get(0));
        assertThat(headA.get("timestamp").asLong()).isEqualTo(headB.get("timestamp").asLong());
        List<double[]> markersA = markers(json, linesA, "bg1");
        List<double[]> markersB = markers(json, linesB, "bg1");
        assertThat(markersA).hasSizeGreaterThanOrEqualTo(2); // the two runs on bg1 at least
        assertThat(markersB).hasSameSizeAs(markersA);
        for (int i = 0; i < markersA.size(); i++) {
            assertThat(Math.abs(markersA.get(i)[0] - markersB.get(i)[0])).as("marker %d's times", i)
                    .isLessThanOrEqualTo(0.010);
        }
        assertThat(markers(json, linesA, "bg2")).hasSameSizeAs(markers(json, linesB, "bg2")).isNotEmpty();

        t.line("transcript play --file " + a + " " + b + " --speed 50");
        String screen = t.waitForVisible("end of the replay", SHORT);
        assertThat(screen).contains(stem(a), stem(b)).contains("2 casts, one clock").contains("» run: echo hi");
        t.keys("Escape");
        t.waitForVisible("left the replay of 2 transcripts[\\s\\S]*vmbench:>\\s*$", SHORT);
    }

    @Test
    @Order(5)
    void stopAllEndsEveryVm() throws Exception {
        int m = t.mark();
        t.line("stop --all");
        String out = t.waitFor("bg2 stopped \\(exit", m, SHORT);
        assertThat(out).contains("bg1 stopped (exit 0)");
        Await.until("no hypervisor left", SHORT, () -> hypervisors().isEmpty(), t::screen);
    }

    private static Path castOf(String screen, String vm) {
        Matcher mt = Pattern.compile("recording " + vm + " to (\\S+\\.cast)").matcher(screen);
        assertThat(mt.find()).as("recording line of " + vm).isTrue();
        return Path.of(mt.group(1));
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - ".cast".length());
    }

    /** The times of the markers of runs on {@code vm}, named either way ("run: ..." in its own cast, "vm: run: ..." in the other). */
    private static List<double[]> markers(ObjectMapper json, List<String> lines, String vm) throws Exception {
        String own = lines.get(0).contains("\"VMBENCH_VM\":\"" + vm + "\"") ? "run: " : vm + ": run: ";
        List<double[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            JsonNode e = json.readTree(l);
            if (e.get(1).asText().equals("m") && e.get(2).asText().startsWith(own)) {
                out.add(new double[] {e.get(0).asDouble()});
            }
        }
        return out;
    }
}
