package dev.vmbench.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What 'transcript list' reads of a cast: start, length, events, title; a damaged file is a line, not an error. */
class TranscriptSummaryTest {

    @Test
    void aCastsStartLengthEventsAndTitle(@TempDir Path dir) throws Exception {
        Path cast = Files.writeString(dir.resolve("a.cast"), "{\"version\": 2, \"width\": 80, \"height\": 24, "
                + "\"timestamp\": 1700000000, \"title\": \"vmbench: a\"}\n[0.5, \"o\", \"hi\\r\\n\"]\n"
                + "[2.25, \"m\", \"run: true\"]\n");
        Transcripts.Summary s = Transcripts.summary(cast);
        assertThat(s.problem()).isNull();
        assertThat(s.started()).isEqualTo(java.time.Instant.ofEpochSecond(1700000000));
        assertThat(s.seconds()).isEqualTo(2.25);
        assertThat(s.events()).isEqualTo(2);
        assertThat(s.title()).isEqualTo("vmbench: a");
        assertThat(s.bytes()).isEqualTo(Files.size(cast));
    }

    @Test
    void aDamagedCastIsSaidNotThrown(@TempDir Path dir) throws Exception {
        Transcripts.Summary s = Transcripts.summary(Files.writeString(dir.resolve("bad.cast"), "garbage\n"));
        assertThat(s.problem()).contains("not an asciicast v2 (.cast) file").doesNotContain("\n");
        assertThat(s.events()).isEqualTo(-1);
        assertThat(Transcripts.summary(dir.resolve("gone.cast")).problem()).contains("gone.cast");
    }
}
