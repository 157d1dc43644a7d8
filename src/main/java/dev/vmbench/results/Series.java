package dev.vmbench.results;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestTime;
import dev.vmbench.measure.Metric;
import dev.vmbench.measure.Stats;
import dev.vmbench.measure.Warnings;
import dev.vmbench.vmm.HostFigures;

/**
 * The measured runs of one command on one VM (warm-up runs are kept apart and never counted).
 * Statistics are over the runs that succeeded; failed runs are reported, not averaged in.
 */
public record Series(String vm, String hypervisor, String command, List<ExecResult> runs, List<ExecResult> warmups,
                     Conditions conditions, HostFigures host, Metric metric, String workload,
                     Map<String, String> parameters) {

    public Series {
        runs = List.copyOf(runs);
        warmups = List.copyOf(warmups);
        conditions = conditions == null ? Conditions.UNKNOWN : conditions;
        metric = metric == null ? Metric.TIME : metric;
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(parameters));
    }

    public Series(String vm, String hypervisor, String command, List<ExecResult> runs, List<ExecResult> warmups,
                  Conditions conditions, HostFigures host, Metric metric, String workload) {
        this(vm, hypervisor, command, runs, warmups, conditions, host, metric, workload, Map.of());
    }

    public Series(String vm, String hypervisor, String command, List<ExecResult> runs, List<ExecResult> warmups,
                  Conditions conditions, HostFigures host) {
        this(vm, hypervisor, command, runs, warmups, conditions, host, Metric.TIME, null);
    }

    /** This series with the values of a parameter scan it ran with ({@code {n}} = 4, cpus = 2 ...). */
    public Series withParameters(Map<String, String> p) {
        return new Series(vm, hypervisor, command, runs, warmups, conditions, host, metric, workload, p);
    }

    public Series(String vm, String hypervisor, String command, List<ExecResult> runs, List<ExecResult> warmups,
                  Conditions conditions) {
        this(vm, hypervisor, command, runs, warmups, conditions, null);
    }

    /** This series measured in a workload's metric (its runs carry their figures). */
    public Series withMetric(Metric m, String workloadName) {
        return new Series(vm, hypervisor, command, runs, warmups, conditions, host, m, workloadName, parameters);
    }

    /**
     * The figures of the successful runs, in run order, in the series' metric: the host wall times for time,
     * else each run's figure (IOPS, MiB/s ...). What the statistics, relative column and significance use.
     */
    public List<Double> values() {
        if (metric.isTime()) {
            return times();
        }
        return succeeded().stream().filter(r -> r.figure().isPresent()).map(r -> r.figure().getAsDouble()).toList();
    }

    /** Statistics of {@link #values()}; empty when no run succeeded. */
    public Optional<Stats> stats() {
        List<Double> v = values();
        return v.isEmpty() ? Optional.empty() : Optional.of(Stats.of(v));
    }

    /** What ran, as tables and A/B comparisons name it: the workload's name, else the command. */
    public String what() {
        return workload != null ? workload : command;
    }

    /** Where the VM ran: "local", or the name of a host over SSH. */
    public String hostName() {
        return conditions.host() == null ? "local" : conditions.host();
    }

    /**
     * What tells this series from the others in one group: its VM, hypervisor and host, then the parameters it
     * ran with (the exports name, as hyperfine's {@code parameters}, those that vary within an export).
     */
    public java.util.Map<String, String> dimensions() {
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("vm", vm);
        d.put("hypervisor", hypervisor);
        d.put("host", hostName());
        d.putAll(parameters);
        return d;
    }

    /** The hypervisor's host-side figures when the runs ended (null when they were not read). */
    public Optional<HostFigures> hostFigures() {
        return Optional.ofNullable(host);
    }

    public Series withHost(HostFigures figures) {
        return new Series(vm, hypervisor, command, runs, warmups, conditions, figures, metric, workload, parameters);
    }

    public Series(String vm, String hypervisor, String command, List<ExecResult> runs, List<ExecResult> warmups) {
        this(vm, hypervisor, command, runs, warmups, Conditions.UNKNOWN);
    }

    /** The host wall times of the successful runs, in run order: what the statistics, warnings and tests use. */
    public List<Double> times() {
        return succeeded().stream().map(ExecResult::wallSeconds).toList();
    }

    /** What would make this series' figures mislead, each with its remedy. */
    public List<Warnings.Warning> warnings() {
        return Warnings.of(new Warnings.Input(times(), failed().size(), conditions.accel(), conditions.loadBefore(),
                conditions.loadAfter(), conditions.hostCpus(), warmups.size(), maxConsoleBytes(),
                "local".equals(conditions.host()) ? null : conditions.host(), conditions.linkRttMillis(), metric,
                values()));
    }

    /** The most bytes one measured run printed on the console. */
    public long maxConsoleBytes() {
        return runs.stream().mapToLong(ExecResult::consoleBytes).max().orElse(0);
    }

    /** The hypervisor's CPU seconds per successful run, when every one of them was read. */
    public Optional<Stats> vmmCpu() {
        List<ExecResult> ok = succeeded();
        List<Double> v = ok.stream().filter(r -> r.vmmCpuSeconds().isPresent())
                .map(r -> r.vmmCpuSeconds().getAsDouble()).toList();
        return !ok.isEmpty() && v.size() == ok.size() ? Optional.of(Stats.of(v)) : Optional.empty();
    }

    /** The guest's own CPU (user + sys) per successful run, when every one printed it. */
    public Optional<Stats> guestCpu() {
        List<ExecResult> ok = succeeded();
        List<Double> v = ok.stream().filter(r -> r.guestCpuSeconds().isPresent())
                .map(r -> r.guestCpuSeconds().getAsDouble()).toList();
        return !ok.isEmpty() && v.size() == ok.size() ? Optional.of(Stats.of(v)) : Optional.empty();
    }

    /**
     * What virtualization costs in CPU: the hypervisor's CPU seconds over the guest's own user + sys, mean over
     * mean (under TCG several times; under KVM near 1). Empty without both, or when the guest used no CPU.
     */
    public Optional<Double> vmmCpuRatio() {
        Optional<Stats> vmm = vmmCpu();
        Optional<Stats> guest = guestCpu();
        if (vmm.isEmpty() || guest.isEmpty() || guest.get().mean() <= 0) {
            return Optional.empty();
        }
        return Optional.of(vmm.get().mean() / guest.get().mean());
    }

    public List<ExecResult> succeeded() {
        return runs.stream().filter(ExecResult::ok).toList();
    }

    public List<ExecResult> failed() {
        return runs.stream().filter(r -> !r.ok()).toList();
    }

    /** Host-side wall times of the successful runs. */
    public Optional<Stats> wall() {
        List<Double> v = times();
        return v.isEmpty() ? Optional.empty() : Optional.of(Stats.of(v));
    }

    /** The guest's {@code real}, when every successful run printed it. */
    public Optional<Stats> guestReal() {
        return guest(GuestTime::real);
    }

    public Optional<Stats> guestUser() {
        return guest(GuestTime::user);
    }

    public Optional<Stats> guestSys() {
        return guest(GuestTime::sys);
    }

    private Optional<Stats> guest(java.util.function.Function<GuestTime, Double> f) {
        List<ExecResult> ok = succeeded();
        if (ok.isEmpty()) {
            return Optional.empty();
        }
        List<Double> v = ok.stream().map(r -> r.guestTime().map(f).orElse(null)).filter(Objects::nonNull).toList();
        return v.size() == ok.size() ? Optional.of(Stats.of(v)) : Optional.empty();
    }
}
