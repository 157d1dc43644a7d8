package dev.vmbench.shell;

import dev.vmbench.config.OutputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.VmbenchException;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.meminfo.MeminfoCapture;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.report.Hyperfine;
import dev.vmbench.report.MeminfoReport;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmSession;

@ShellComponent
public class MeminfoCommands {

    private final SessionRegistry registry;
    private final Out out;

    private final ResultsLog log;

    public MeminfoCommands(SessionRegistry registry, Out out, ResultsLog log) {
        this.log = log;
        this.registry = registry;
        this.out = out;
    }

    @ShellMethod(key = "meminfo", value = "Capture /proc/meminfo from a live VM and show it as a table.", group = "Memory")
    public String meminfo(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String vm,
            @ShellOption(value = "--save", defaultValue = ShellOption.NULL, valueProvider = org.springframework.shell.standard.FileValueProvider.class,
                    help = "write the raw text to FILE and its origin to FILE.json") String save)
            throws InterruptedException {
        VmSession s = registry.getLive(Required.value(vm, "--vm", "meminfo VM"));
        MeminfoCapture.Capture c = MeminfoCapture.capture(s).withEnvironment(log.environment(s));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"field", "value", ""});
        c.meminfo().fields().forEach((k, f) -> rows.add(new String[] {k, f.kb() ? MeminfoReport.human(f.value())
                : Long.toString(f.value()), f.kb() ? f.value() + " kB" : ""}));
        StringBuilder sb = new StringBuilder(dev.vmbench.report.SeriesReport.columns(rows));
        if (save != null) {
            Path file = Path.of(save).toAbsolutePath();
            MeminfoCapture.save(c, s, file);
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
        Required.value(a, "--a", "memdiff A B (each a VM or a file)");
        Required.value(b, "--b", "memdiff A B (each a VM or a file)");
        MeminfoCapture.Capture ca = resolve(a);
        MeminfoCapture.Capture cb = resolve(b);
        String la = ca.label();
        String lb = cb.label();
        if (labels != null) {
            String[] l = labels.split(",", -1);
            if (l.length != 2 || l[0].isBlank() || l[1].isBlank()) {
                throw new VmbenchException("bad --labels '" + labels + "': give two names, e.g. --labels firecracker,qemu");
            }
            la = l[0].strip();
            lb = l[1].strip();
        } else if (la.equals(lb)) {
            la = la + " (A)";
            lb = lb + " (B)";
        }
        MeminfoDiff d = MeminfoDiff.of(la, ca.meminfo(), lb, cb.meminfo());
        StringBuilder sb = new StringBuilder(MeminfoReport.table(d, o)).append('\n').append(MeminfoReport.summary(d, 3));
        String mdText = MeminfoReport.markdown(d, o) + Hyperfine.environmentLine(la, ca.environment())
                + Hyperfine.environmentLine(lb, cb.environment());
        sb.append(write(json, MeminfoReport.json(d, ca.environment(), cb.environment()))).append(write(md, mdText))
                .append(write(csv, MeminfoReport.csv(d)));
        return sb.toString().stripTrailing();
    }

    /** A live VM's name captures now (with its environment); anything else is read as a file. */
    private MeminfoCapture.Capture resolve(String what) throws InterruptedException {
        if (registry.names().contains(what)) {
            VmSession vm = registry.getLive(what);
            return MeminfoCapture.capture(vm).withEnvironment(log.environment(vm));
        }
        Path p = Path.of(what);
        if (!Files.exists(p)) {
            throw new VmbenchException("'" + what + "' is neither a VM of this shell nor a file: give a VM name ('vms' "
                    + "lists them) or a file holding /proc/meminfo");
        }
        return MeminfoCapture.load(p);
    }

    private static String write(String file, String content) {
        return file == null ? "" : "\nwrote " + OutputFile.write(file, content);
    }
}
