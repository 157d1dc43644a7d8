package dev.vmbench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.vmbench.workload.FioOutput.Direction;
import dev.vmbench.workload.FioOutput.Job;

/**
 * fio 3.33's real JSON output (src/test/resources/fio, from runs on a 16 MiB file on the build host), and the same
 * inside a console's text. The expected figures are the fixtures' own numbers, read off the files.
 */
class FioOutputTest {

    static final double MIB = 1048576.0;

    static String fixture(String name) {
        try (InputStream in = FioOutputTest.class.getResourceAsStream("/fio/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void idle(Direction d) {
        assertThat(d.active()).isFalse();
        assertThat(d.ios()).isZero();
        assertThat(d.iops()).isZero();
        assertThat(d.mibPerSecond()).isZero();
        assertThat(d.bytes()).isZero();
        assertThat(d.runtimeMillis()).isZero();
        assertThat(d.meanLatencyMicros()).as("no latency without I/O").isNaN();
    }

    @Test
    void randomReads() {
        FioOutput out = FioOutput.parse(fixture("randread.json"));
        assertThat(out.version()).isEqualTo("fio-3.33");
        assertThat(out.jobs()).hasSize(1);
        Job j = out.jobs().get(0);
        assertThat(j.name()).isEqualTo("randread");
        assertThat(j.error()).isZero();
        assertThat(j.runtimeMillis()).isEqualTo(2001);
        Direction r = j.read();
        assertThat(r.active()).isTrue();
        assertThat(r.ios()).isEqualTo(39811);
        assertThat(r.iops()).isEqualTo(19895.552224);
        assertThat(r.mibPerSecond()).isCloseTo(81492181 / MIB, within(1e-9));
        assertThat(r.mibPerSecond()).isCloseTo(77.717, within(0.001));
        assertThat(r.meanLatencyMicros()).isCloseTo(49.245770641, within(1e-9));
        assertThat(r.bytes()).isEqualTo(163065856L);
        assertThat(r.runtimeMillis()).isEqualTo(2001);
        assertThat(r.latencySamples()).isEqualTo(39811);
        idle(j.write());
        assertThat(j.iops()).isEqualTo(19895.552224);
        assertThat(out.total()).isEqualTo(j);
    }

    @Test
    void randomWrites() {
        Job j = FioOutput.parse(fixture("randwrite.json")).total();
        assertThat(j.name()).isEqualTo("randwrite");
        idle(j.read());
        Direction w = j.write();
        assertThat(w.ios()).isEqualTo(552983);
        assertThat(w.iops()).isEqualTo(276353.323338);
        assertThat(w.mibPerSecond()).isCloseTo(1131943212 / MIB, within(1e-9));
        assertThat(w.meanLatencyMicros()).isCloseTo(2.567818474, within(1e-9));
        assertThat(w.bytes()).isEqualTo(2265018368L);
        assertThat(j.runtimeMillis()).isEqualTo(2001);
    }

    @Test
    void sequentialReads() {
        Job j = FioOutput.parse(fixture("seqread.json")).total();
        assertThat(j.name()).isEqualTo("seqread");
        Direction r = j.read();
        assertThat(r.ios()).isEqualTo(2691);
        assertThat(r.iops()).isEqualTo(1342.144638);
        assertThat(r.mibPerSecond()).isCloseTo(1407340656 / MIB, within(1e-9));
        assertThat(r.mibPerSecond()).isCloseTo(1342.144, within(0.001));
        assertThat(r.meanLatencyMicros()).isCloseTo(697.186888889, within(1e-9));
        assertThat(r.bytes()).isEqualTo(2821718016L);
        assertThat(j.runtimeMillis()).as("the read's runtime, not job_runtime 2004").isEqualTo(2005);
        idle(j.write());
    }

    @Test
    void sequentialWrites() {
        Job j = FioOutput.parse(fixture("seqwrite.json")).total();
        assertThat(j.name()).isEqualTo("seqwrite");
        idle(j.read());
        Direction w = j.write();
        assertThat(w.ios()).isEqualTo(12274);
        assertThat(w.iops()).isEqualTo(6133.933033);
        assertThat(w.mibPerSecond()).isCloseTo(6431894964L / MIB, within(1e-9));
        assertThat(w.meanLatencyMicros()).isCloseTo(147.892490631, within(1e-9));
        assertThat(w.bytes()).isEqualTo(12870221824L);
        assertThat(j.mibPerSecond()).isEqualTo(w.mibPerSecond());
    }

    @Test
    void bwBytesAgreesWithFiosKibPerSecond() {
        for (String name : new String[] {"randread.json", "randwrite.json", "seqread.json", "seqwrite.json"}) {
            Job j = FioOutput.parse(fixture(name)).total();
            Direction d = j.read().active() ? j.read() : j.write();
            // fio's "bw" is bw_bytes / 1024 rounded down: 79582 KiB/s for 81492181 bytes/s, and so on.
            long kib = switch (name) {
                case "randread.json" -> 79582;
                case "randwrite.json" -> 1105413;
                case "seqread.json" -> 1374356;
                default -> 6281147;
            };
            assertThat(d.mibPerSecond()).as(name).isCloseTo(kib / 1024.0, within(0.001));
        }
    }

    @Test
    void twoJobsAreSummed() {
        FioOutput out = FioOutput.parse(fixture("randrw-2jobs.json"));
        assertThat(out.jobs()).hasSize(2);
        assertThat(out.jobs()).extracting(Job::name).containsExactly("randrw", "randrw");
        assertThat(out.jobs().get(1).read().iops()).isEqualTo(18790.604698);

        Job t = out.total();
        assertThat(t.name()).isEqualTo("randrw");
        assertThat(t.error()).isZero();
        assertThat(t.runtimeMillis()).isEqualTo(2001);
        assertThat(t.read().ios()).isEqualTo(37712 + 37600);
        assertThat(t.read().iops()).isCloseTo(18846.576712 + 18790.604698, within(1e-6));
        assertThat(t.read().mibPerSecond()).isCloseTo((77195578L + 76966316L) / MIB, within(1e-9));
        assertThat(t.read().bytes()).isEqualTo(154468352L + 154009600L);
        assertThat(t.read().meanLatencyMicros())
                .isCloseTo((40297.598748 * 37712 + 40436.813777 * 37600) / (37712 + 37600) / 1000, within(1e-9));
        assertThat(t.write().iops()).isCloseTo(18858.570715 + 18922.538731, within(1e-6));
        assertThat(t.write().mibPerSecond()).isCloseTo((77244705L + 77506718L) / MIB, within(1e-9));
        assertThat(t.write().meanLatencyMicros())
                .isCloseTo((4020.928954 * 37736 + 4015.562196 * 37864) / (37736 + 37864) / 1000, within(1e-9));
        assertThat(t.write().latencySamples()).isEqualTo(37736 + 37864);
        assertThat(t.iops()).isCloseTo(18846.576712 + 18790.604698 + 18858.570715 + 18922.538731, within(1e-6));
    }

    @Test
    void groupReportingMakesOneJob() {
        FioOutput out = FioOutput.parse(fixture("randrw-grouped.json"));
        assertThat(out.jobs()).hasSize(1);
        Job j = out.total();
        assertThat(j.name()).isEqualTo("randrw");
        assertThat(j.read().iops()).isEqualTo(37030.484758);
        assertThat(j.read().mibPerSecond()).isCloseTo(151676865 / MIB, within(1e-9));
        assertThat(j.read().meanLatencyMicros()).isCloseTo(41.895679438, within(1e-9));
        assertThat(j.write().iops()).isEqualTo(37148.925537);
        assertThat(j.write().mibPerSecond()).isCloseTo(152161999 / MIB, within(1e-9));
        assertThat(j.write().meanLatencyMicros()).isCloseTo(3.771748127, within(1e-9));
        // fio's job_runtime is 4000 here (2 jobs x 2000 ms); the runtime is the directions' 2001 ms, as for 2 jobs.
        assertThat(j.runtimeMillis()).isEqualTo(2001);
        assertThat(j.runtimeMillis()).isEqualTo(FioOutput.parse(fixture("randrw-2jobs.json")).total().runtimeMillis());
    }

    @Test
    void theJsonIsFoundInAConsolesText() {
        String json = fixture("randread.json");
        String console = "root@guest:~# fio --name=randread --filename=/tmp/fiotest --output-format=json\r\n"
                + "fio: this platform does not support process shared mutexes, forcing use of threads. {sic}\r\n"
                + "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1\r\n"
                + json.replace("\n", "\r\n") + "root@guest:~# ";
        assertThat(FioOutput.parse(console)).isEqualTo(FioOutput.parse(json));
        assertThat(FioOutput.json(console)).startsWith("{").endsWith("}").doesNotContain("root@guest");
    }

    @Test
    void noJsonNamesTheFirstLine() {
        assertThatThrownBy(() -> FioOutput.parse("\r\n  \nfio: failed parsing rw=bogus\r\nfio: job global dropped\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fio printed no JSON: fio: failed parsing rw=bogus");
        assertThatThrownBy(() -> FioOutput.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fio printed no JSON: (no output)");
        assertThatThrownBy(() -> FioOutput.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fio printed no JSON: (no output)");
        // A brace inside a line is not the start of fio's JSON.
        assertThatThrownBy(() -> FioOutput.parse("sh: {: not found\n  { \"jobs\": [] }\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fio printed no JSON: sh: {: not found");
        assertThatThrownBy(() -> FioOutput.parse("x".repeat(300))).hasMessage("fio printed no JSON: " + "x".repeat(200) + "...");
    }

    @Test
    void cutShortOrBrokenJsonIsRefusedClearly() {
        String json = fixture("seqwrite.json");
        assertThatThrownBy(() -> FioOutput.parse(json.substring(0, json.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fio's JSON is cut short");
        assertThatThrownBy(() -> FioOutput.parse("{\n  \"jobs\" : [ nope ]\n}\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fio's JSON does not parse");
        assertThatThrownBy(() -> FioOutput.parse("{\n  \"fio version\" : \"fio-3.33\"\n}\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fio's JSON lists no jobs");
        assertThatThrownBy(() -> FioOutput.parse("{\n  \"jobs\" : []\n}\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fio's JSON lists no jobs");
    }

    @Test
    void bracesInsideStringsDoNotEndTheObject() {
        String json = "{\r\n  \"jobs\" : [ { \"jobname\" : \"odd}name\\\"{\", \"error\" : 5,\r\n"
                + "    \"read\" : { \"iops\" : 10.5, \"bw_bytes\" : 2097152, \"total_ios\" : 21, \"runtime\" : 2000,"
                + " \"io_bytes\" : 88080384, \"clat_ns\" : { \"mean\" : 2500.0, \"N\" : 21 } } } ]\r\n}\r\ntrailing }\r\n";
        Job j = FioOutput.parse(json).total();
        assertThat(j.name()).isEqualTo("odd}name\"{");
        assertThat(j.error()).isEqualTo(5);
        assertThat(j.read().mibPerSecond()).isEqualTo(2.0);
        assertThat(j.read().meanLatencyMicros()).isEqualTo(2.5);
        assertThat(j.runtimeMillis()).isEqualTo(2000);
        assertThat(j.write()).isEqualTo(Direction.NONE);
    }

    @Test
    void anOlderFioWithoutBwBytesIsReadFromKibPerSecond() {
        String json = "{\n\"jobs\":[{\"jobname\":\"old\",\"job_runtime\":1500,"
                + "\"write\":{\"iops\":256,\"bw\":1024,\"total_ios\":384,\"runtime\":0}}]\n}\n";
        Job j = FioOutput.parse(json).total();
        assertThat(j.write().mibPerSecond()).isEqualTo(1.0);
        assertThat(j.write().ios()).isEqualTo(384);
        assertThat(j.write().latencySamples()).isZero();
        assertThat(j.write().meanLatencyMicros()).as("no clat_ns printed").isNaN();
        assertThat(j.runtimeMillis()).as("job_runtime when no direction says").isEqualTo(1500);
    }

    @Test
    void jobsOfDifferentNamesAndErrorsAreSummedToo() {
        String json = "{\n\"jobs\":[{\"jobname\":\"a\",\"error\":0,\"read\":{\"iops\":1,\"bw_bytes\":1048576,\"runtime\":900,"
                + "\"total_ios\":1,\"clat_ns\":{\"mean\":1000,\"N\":1}}},"
                + "{\"jobname\":\"b\",\"error\":28,\"read\":{\"iops\":3,\"bw_bytes\":3145728,\"runtime\":1000,"
                + "\"total_ios\":3,\"clat_ns\":{\"mean\":3000,\"N\":3}}},"
                + "{\"jobname\":\"a\",\"error\":5}]\n}\n";
        Job t = FioOutput.parse(json).total();
        assertThat(t.name()).isEqualTo("a,b");
        assertThat(t.error()).isEqualTo(28);
        assertThat(t.read().iops()).isEqualTo(4.0);
        assertThat(t.read().mibPerSecond()).isEqualTo(4.0);
        assertThat(t.read().meanLatencyMicros()).isEqualTo(2.5);
        assertThat(t.runtimeMillis()).isEqualTo(1000);
        assertThat(t.write().active()).isFalse();
        assertThat(t.write().meanLatencyMicros()).isNaN();
    }
}
