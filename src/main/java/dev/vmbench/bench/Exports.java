package dev.vmbench.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.vmbench.config.OutputFile;
import dev.vmbench.report.Hyperfine;
import dev.vmbench.results.Series;

/**
 * The export files a {@code bench} or {@code compare} was asked for, in hyperfine's formats. They are rewritten
 * after every round ({@link #write} is a {@link Bench.RoundListener}), so a series interrupted later loses nothing
 * it measured.
 *
 * @param json     hyperfine JSON, or null
 * @param markdown hyperfine Markdown, or null
 * @param csv      hyperfine CSV, or null
 */
public record Exports(String json, String markdown, String csv) implements Bench.RoundListener {

    public void write(List<Series> series) {
        write(json, () -> Hyperfine.json(series));
        write(markdown, () -> Hyperfine.markdown(series));
        write(csv, () -> Hyperfine.csv(series));
    }

    @Override
    public void afterRound(List<Series> sofar) {
        write(sofar);
    }

    private static void write(String file, java.util.function.Supplier<String> content) {
        if (file != null) {
            OutputFile.write(file, content.get());
        }
    }

    /** "wrote FILE" lines for the files asked for; empty when none was. */
    public String said() {
        List<String> lines = new ArrayList<>();
        for (String f : new String[] {json, markdown, csv}) {
            if (f != null) {
                lines.add("wrote " + Path.of(f).toAbsolutePath());
            }
        }
        return lines.isEmpty() ? "" : "\n" + String.join("\n", lines) + "\n";
    }
}
