package dev.vmbench.memdiff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.vmbench.VmbenchException;
import dev.vmbench.meminfo.MeminfoDiff;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.CommaList;

/**
 * The {@code meminfo} and {@code memdiff} use cases: where a capture comes from (a live VM of this shell,
 * read now with the environment it runs in, or a file), and what its columns are called.
 */
public final class Memdiff {

    /** Two captures compared, with their labels in the diff. */
    public record Outcome(MeminfoDiff diff, MeminfoCapture.Capture a, MeminfoCapture.Capture b) {
    }

    private final SessionRegistry registry;
    private final ResultsLog log;

    public Memdiff(SessionRegistry registry, ResultsLog log) {
        this.registry = registry;
        this.log = log;
    }

    /** Reads {@code /proc/meminfo} of a live VM now, with the environment it runs in. */
    public MeminfoCapture.Capture capture(String vm) throws InterruptedException {
        VmSession s = registry.getReady(vm);
        return MeminfoCapture.capture(s).withEnvironment(log.environment(s));
    }

    /** Saves a capture of a live VM: the raw text to {@code file}, where it came from to {@code file.json}. */
    public void save(MeminfoCapture.Capture c, String vm, Path file) {
        MeminfoCapture.save(c, registry.getReady(vm), file);
    }

    /** Captures (or loads) both sides and diffs them; labels are "A,B", or null for the sources' own names. */
    public Outcome diff(String a, String b, String labels) throws InterruptedException {
        MeminfoCapture.Capture ca = source(a);
        MeminfoCapture.Capture cb = source(b);
        String la = ca.label();
        String lb = cb.label();
        if (labels != null) {
            List<String> l = CommaList.of(labels);
            if (l.size() != 2) {
                throw new VmbenchException("bad --labels '" + labels + "': give two names, e.g. --labels firecracker,qemu");
            }
            la = l.get(0);
            lb = l.get(1);
        } else if (la.equals(lb)) {
            la = la + " (A)";
            lb = lb + " (B)";
        }
        return new Outcome(MeminfoDiff.of(la, ca.meminfo(), lb, cb.meminfo()), ca, cb);
    }

    /** A live VM's name captures now; anything else is read as a file. */
    MeminfoCapture.Capture source(String what) throws InterruptedException {
        if (registry.names().contains(what)) {
            return capture(what);
        }
        Path p = Path.of(what);
        if (!Files.exists(p)) {
            throw new VmbenchException("'" + what + "' is neither a VM of this shell nor a file: give a VM name ('vms' "
                    + "lists them) or a file holding /proc/meminfo");
        }
        return MeminfoCapture.load(p);
    }
}
