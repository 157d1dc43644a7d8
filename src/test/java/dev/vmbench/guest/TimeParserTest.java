package dev.vmbench.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TimeParserTest {

    @Test
    void busyboxAsInTheSeed() {
        GuestTime t = TimeParser.parse("84549ba4...  /random.txt\nreal\t0m 19.14s\nuser\t0m 17.97s\nsys\t0m 1.16s\n")
                .orElseThrow();
        assertThat(t.real()).isEqualTo(19.14);
        assertThat(t.user()).isEqualTo(17.97);
        assertThat(t.sys()).isEqualTo(1.16);
        assertThat(t.format()).isEqualTo("busybox");
    }

    @Test
    void busyboxPastAnHour() {
        assertThat(TimeParser.parse("real\t1h 2m 3.45s\nuser\t0m 1.00s\nsys\t0m 0.00s\n").orElseThrow().real())
                .isCloseTo(3723.45, within(1e-9));
    }

    @Test
    void bashFormat() {
        GuestTime t = TimeParser.parse("\nreal\t0m19.140s\nuser\t0m17.972s\nsys\t0m1.160s\n").orElseThrow();
        assertThat(t.real()).isEqualTo(19.14);
        assertThat(t.user()).isEqualTo(17.972);
        assertThat(t.format()).isEqualTo("bash");
    }

    @Test
    void posixFormat() {
        GuestTime t = TimeParser.parse("real 19.14\nuser 17.97\nsys 1.16\n").orElseThrow();
        assertThat(t.real()).isEqualTo(19.14);
        assertThat(t.sys()).isEqualTo(1.16);
        assertThat(t.format()).isEqualTo("posix");
    }

    @Test
    void gnuTimeFormat() {
        GuestTime t = TimeParser.parse("17.97user 1.16system 0:19.14elapsed 99%CPU (0avgtext+0avgdata 2048maxresident)k\n"
                + "0inputs+0outputs (0major+100minor)pagefaults 0swaps\n").orElseThrow();
        assertThat(t.real()).isEqualTo(19.14);
        assertThat(t.user()).isEqualTo(17.97);
        assertThat(t.format()).isEqualTo("gnu");
        assertThat(TimeParser.parse("1.0user 0.5system 1:02:03.50elapsed 1%CPU").orElseThrow().real())
                .isCloseTo(3723.5, within(1e-9));
    }

    @Test
    void theLastBlockWinsSoPrintedLookalikesCannotChangeTheFigures() {
        String out = "real\t0m 9.99s\nuser\t0m 9.99s\nsys\t0m 9.99s\nreal\t0m 1.50s\nuser\t0m 1.00s\nsys\t0m 0.40s\n";
        assertThat(TimeParser.parse(out).orElseThrow().real()).isEqualTo(1.5);
    }

    @Test
    void nothingIsInventedWhenAbsent() {
        assertThat(TimeParser.parse("hello\n")).isEmpty();
        assertThat(TimeParser.parse("")).isEmpty();
        assertThat(TimeParser.parse("the real thing\n")).isEmpty();
        assertThat(TimeParser.parse("real\t0m 1.00s\n")).isEmpty(); // no time prints real alone
    }

    @Test
    void aRealLinePrintedAfterTheBlockIsIgnoredWithANote() {
        // run g 'time true; echo "real 0m 9.99s"': the 9.99 s must never be reported
        TimeParser.Reading r = TimeParser.read("real\t0m 0.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\nreal 0m 9.99s\n");
        assertThat(r.time()).isEmpty();
        assertThat(r.notes()).singleElement().asString().contains("'real 0m 9.99s'").contains("ignored");
    }

    @Test
    void aBlockFollowedByMoreOutputTimedOnlyPartOfTheCommand() {
        TimeParser.Reading r = TimeParser.read("a\nreal\t0m 1.00s\nuser\t0m 0.50s\nsys\t0m 0.10s\ndone\n");
        assertThat(r.time()).isEmpty();
        assertThat(r.notes()).singleElement().asString().contains("not at the end of the output");
        assertThat(TimeParser.read("real\t0m 1.00s\nuser\t0m 0.50s\nsys\t0m 0.10s\n\n  \n").time()).isPresent();
    }

    @Test
    void timedCommandsAreRecognised() {
        assertThat(TimeParser.isTimed("time sha256sum /random.txt")).isTrue();
        assertThat(TimeParser.isTimed("  /usr/bin/time -p ls")).isTrue();
        assertThat(TimeParser.isTimed("echo time")).isFalse();
        assertThat(TimeParser.isTimed("timeout 5 ls")).isFalse();
    }

    @Property
    void busyboxRoundTrip(@ForAll @IntRange(min = 0, max = 500) int m, @ForAll @IntRange(min = 0, max = 5999) int cs,
                          @ForAll @IntRange(min = 0, max = 99999) int userCs) {
        String real = String.format(Locale.ROOT, "%dm %d.%02ds", m, cs / 100, cs % 100);
        String user = String.format(Locale.ROOT, "0m %d.%02ds", userCs / 100, userCs % 100);
        GuestTime t = TimeParser.parse("noise\nreal\t" + real + "\nuser\t" + user + "\nsys\t0m 0.01s\n").orElseThrow();
        assertThat(t.real()).isCloseTo(m * 60 + cs / 100.0, within(1e-6));
        assertThat(t.user()).isCloseTo(userCs / 100.0, within(1e-6));
    }
}
