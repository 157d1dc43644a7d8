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
public record Exports(String json, String markdown, String csv, String asciidoc, String orgmode)
        implements Bench.RoundListener {

    public Exports(String json, String markdown, String csv) {
        this(json, markdown, csv, null, null);
    }

    public void write(List<Series> series) {
        write(json, () -> Hyperfine.json(series));
        write(markdown, () -> Hyperfine.markdown(series));
        write(csv, () -> Hyperfine.csv(series));
        write(asciidoc, () -> Hyperfine.asciidoc(series));
        write(orgmode, () -> Hyperfine.orgmode(series));
        // a scan over several hypervisors: also one JSON per hypervisor, each with the scanned parameters alone, as
        // hyperfine's scripts/plot_parametrized.py reads them (one file per line: scan.qemu-microvm.json ...)
        if (json != null && series.stream().anyMatch(s -> !s.parameters().isEmpty())
                && series.stream().map(Series::hypervisor).distinct().count() > 1) {
            for (String hv : series.stream().map(Series::hypervisor).distinct().toList()) {
                write(perHypervisor(json, hv), () -> Hyperfine.json(series.stream().filter(s -> s.hypervisor().equals(hv))
                        .toList()));
            }
        }
    }

    /** scan.json -> scan.qemu-microvm.json. */
    public static String perHypervisor(String file, String hypervisor) {
        int dot = file.lastIndexOf('.');
        return dot > file.lastIndexOf('/') && dot > 0 ? file.substring(0, dot) + "." + hypervisor + file.substring(dot)
                : file + "." + hypervisor;
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
        for (String f : new String[] {json, markdown, csv, asciidoc, orgmode}) {
            if (f != null) {
                lines.add("wrote " + Path.of(f).toAbsolutePath());
            }
        }
        return lines.isEmpty() ? "" : "\n" + String.join("\n", lines) + "\n";
    }
}
