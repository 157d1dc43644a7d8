package dev.vmbench.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vmbench.vmm.ProcStat;
import dev.vmbench.vmm.Smaps;

/**
 * A process's own figures as its host's {@code /proc} gives them: CPU time, threads, open files, memory
 * mappings, children. Every read goes through the {@link Host}, so a process on another machine reads the same.
 * Empty results mean the process is gone.
 */
public final class ProcessReader {

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");

    private final Host host;

    public ProcessReader(Host host) {
        this.host = host;
    }

    public Optional<ProcStat> stat(long pid) {
        try {
            return host.procText(pid, "stat").map(ProcStat::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** CPU seconds, user and system. */
    public record Cpu(double user, double system) {
    }

    /** User + system CPU seconds of the process and its live children; empty when it is gone. */
    public OptionalDouble cpuSeconds(long pid) {
        return stat(pid).map(s -> cpu(s, children(pid))).map(c -> OptionalDouble.of(c.user() + c.system()))
                .orElse(OptionalDouble.empty());
    }

    /** The CPU seconds of a process (its stat, read) and of those of its children still there. */
    public Cpu cpu(ProcStat process, List<Long> children) {
        long utime = process.utime();
        long stime = process.stime();
        for (long child : children) {
            Optional<ProcStat> c = stat(child);
            if (c.isPresent()) {
                utime += c.get().utime();
                stime += c.get().stime();
            }
        }
        long ticks = host.clockTicks();
        return new Cpu((double) utime / ticks, (double) stime / ticks);
    }

    /** The process's children (of all its threads), read from {@code /proc/PID/task/TID/children}. */
    public List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        for (String tid : host.procList(pid, "task").orElse(List.of())) {
            for (String c : host.procText(pid, "task/" + tid + "/children").orElse("").trim().split("\\s+")) {
                if (c.matches("\\d+")) {
                    out.add(Long.parseLong(c));
                }
            }
        }
        return out;
    }

    /** Its memory mappings; empty when it is gone. */
    public Optional<List<Smaps.Mapping>> smaps(long pid) {
        return host.procText(pid, "smaps").map(Smaps::parse);
    }

    /** VmRSS from {@code /proc/PID/status}, in KiB. */
    public OptionalLong vmRss(long pid) {
        Optional<String> status = host.procText(pid, "status");
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = VM_RSS.matcher(status.get());
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** How many files it holds open; -1 when that cannot be read. */
    public int openFiles(long pid) {
        return host.procList(pid, "fd").map(List::size).orElse(-1);
    }
}
