package dev.vmbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house as the README's map draws it, checked on the compiled classes with the JDK's own {@code jdeps}:
 * no package cycle, nothing imports the shell, and the pure rooms (argv building, statistics, terminal text,
 * the parsers, the completion scripts) import nothing else of vmbench and do no I/O.
 */
class ArchitectureTest {

    /** Rooms that compute from values only: no other room of vmbench, no files, no processes. */
    static final Set<String> PURE = Set.of("hypervisor", "measure", "text", "meminfo", "completion", "vmm", "elf");

    /** JDK classes that mean I/O (files, processes, sockets). */
    static final Pattern IO = Pattern.compile("java\\.nio\\.file\\.Files|java\\.lang\\.ProcessBuilder|java\\.lang\\.Runtime"
            + "|java\\.io\\.File\\w*|java\\.io\\.RandomAccessFile|java\\.net\\..*|java\\.nio\\.channels\\..*");

    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.vmbench\\.\\S+)\\s+->\\s+(\\S+)\\s+\\S+$");

    /** room -> rooms of vmbench it uses ("" is the root package) */
    static final Map<String, Set<String>> ROOMS = new TreeMap<>();
    /** room -> JDK I/O classes it uses */
    static final Map<String, Set<String>> IO_USE = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws Exception {
        Path classes = Path.of(VmbenchException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", classes.toString());
        assertThat(rc).as("jdeps: %s", err).isZero();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String from = room(m.group(1));
            String to = m.group(2);
            if (to.startsWith("dev.vmbench.")) {
                if (!room(to).equals(from)) {
                    ROOMS.computeIfAbsent(from, k -> new TreeSet<>()).add(room(to));
                }
            } else if (IO.matcher(to).matches()) {
                IO_USE.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
            }
            ROOMS.computeIfAbsent(from, k -> new TreeSet<>());
        }
        assertThat(ROOMS).as("jdeps found the classes").containsKeys("shell", "session", "hypervisor");
    }

    /** The package below dev.vmbench: "session" for dev.vmbench.session.VmSession$1, "" for the root. */
    static String room(String className) {
        String rest = className.substring("dev.vmbench.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }

    @Test
    void noPackageCycle() {
        List<String> cycles = new ArrayList<>();
        for (String room : ROOMS.keySet()) {
            for (String used : ROOMS.get(room)) {
                if (reaches(used, room, new TreeSet<>())) {
                    cycles.add(room + " -> " + used + " -> ... -> " + room);
                }
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static boolean reaches(String from, String to, Set<String> seen) {
        if (from.equals(to)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        return ROOMS.getOrDefault(from, Set.of()).stream().anyMatch(n -> reaches(n, to, seen));
    }

    @Test
    void nothingImportsTheShell() {
        ROOMS.forEach((room, used) -> assertThat(used).as("rooms %s uses", room).doesNotContain("shell"));
    }

    @Test
    void pureRoomsUseNoOtherRoomAndDoNoIo() {
        for (String room : PURE) {
            assertThat(ROOMS).as("room %s exists", room).containsKey(room);
            assertThat(ROOMS.get(room)).as("rooms %s uses", room).isEmpty();
            assertThat(IO_USE.getOrDefault(room, Set.of())).as("I/O in %s", room).isEmpty();
        }
    }
}
