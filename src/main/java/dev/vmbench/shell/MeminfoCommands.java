package dev.vmbench.shell;

import java.nio.file.Path;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.config.OutputFile;
import dev.vmbench.memdiff.Memdiff;
import dev.vmbench.memdiff.MeminfoCapture;
import dev.vmbench.report.Hyperfine;
import dev.vmbench.report.MeminfoReport;

@ShellComponent
public class MeminfoCommands {

    private final Memdiff memdiff;
    private final Out out;

    public MeminfoCommands(Memdiff memdiff, Out out) {
        this.memdiff = memdiff;
        this.out = out;
    }

    @ShellMethod(key = "meminfo", value = "Capture /proc/meminfo from a live VM and show it as a table.", group = "Memory")
    public String meminfo(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String vm,
            @ShellOption(value = "--save", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "write the raw text to FILE and its origin to FILE.json") String save)
            throws InterruptedException {
        MeminfoCapture.Capture c = memdiff.capture(Required.value(vm, "--vm", "meminfo VM"));
        StringBuilder sb = new StringBuilder(MeminfoReport.fields(c.meminfo()));
        if (save != null) {
            Path file = Path.of(save).toAbsolutePath();
            memdiff.save(c, vm, file);
            sb.append("saved ").append(file).append(" and ").append(MeminfoCapture.sidecar(file).getFileName());
        }
        return sb.toString().stripTrailing();
    }

    @ShellMethod(key = "memdiff", value = "Compare two meminfo captures (live VMs or files) field by field.", group = "Memory")
    public String memdiff(
            @ShellOption(value = "--a", valueProvider = Completions.VmNamesOrFiles.class, help = "a live VM or a file") String a,
            @ShellOption(value = "--b", valueProvider = Completions.VmNamesOrFiles.class, help = "a live VM or a file") String b,
            @ShellOption(value = "--changed-only", defaultValue = "false", help = "hide fields that did not change") boolean changedOnly,
            @ShellOption(value = "--threshold", defaultValue = "0", help = "with --changed-only: minimum |delta %|") double threshold,
            @ShellOption(value = "--sort", valueProvider = Completions.DiffSorts.class, defaultValue = "field", help = "field (kernel order) or delta") String sort,
            @ShellOption(value = "--unit", valueProvider = Completions.MemUnits.class, defaultValue = "auto", help = "kB, MiB or auto") String unit,
            @ShellOption(value = "--labels", defaultValue = ShellOption.NULL, help = "column labels: A,B") String labels,
            @ShellOption(value = "--export-json", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "file") String json,
            @ShellOption(value = "--export-markdown", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "file") String md,
            @ShellOption(value = "--export-csv", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "file") String csv)
            throws InterruptedException {
        MeminfoReport.Options o = new MeminfoReport.Options(changedOnly, threshold, MeminfoReport.Sort.parse(sort),
                MeminfoReport.Unit.parse(unit), out.colour(), 3);
        Memdiff.Outcome r = memdiff.diff(Required.value(a, "--a", "memdiff A B (each a VM or a file)"),
                Required.value(b, "--b", "memdiff A B (each a VM or a file)"), labels);
        var d = r.diff();
        StringBuilder sb = new StringBuilder(MeminfoReport.table(d, o)).append('\n').append(MeminfoReport.summary(d, 3));
        String mdText = MeminfoReport.markdown(d, o) + Hyperfine.environmentLine(d.labelA(), r.a().environment())
                + Hyperfine.environmentLine(d.labelB(), r.b().environment());
        sb.append(write(json, MeminfoReport.json(d, r.a().environment(), r.b().environment()))).append(write(md, mdText))
                .append(write(csv, MeminfoReport.csv(d)));
        return sb.toString().stripTrailing();
    }

    private static String write(String file, String content) {
        return file == null ? "" : "\nwrote " + OutputFile.write(file, content);
    }
}
