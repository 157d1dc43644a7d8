package dev.vmbench.guest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One run of a command in a guest.
 *
 * @param exitCode    the command's own status; 130 when vmbench interrupted it; the shell's exit status when
 *                    the command ended the shell
 * @param ending      how the run ended
 * @param wallSeconds host-side wall time, from the start marker's arrival to the end marker's; 0 when both
 *                    arrived in one read (below the console's timing resolution)
 * @param guestTime   what the guest's {@code time} printed, when the command ran under it and its figures
 *                    are believable
 * @param notes       what the user should know about this run (a time figure ignored, the shell replaced)
 * @param vmmCpuSeconds the CPU seconds (user + system) the hypervisor process spent from the line being typed
 *                    to the end marker, from its /proc stat before and after; empty when not read
 * @param consoleBytes the bytes the command printed on the console (each one an exit to the VMM)
 * @param figure      the run's figure in its workload's metric (IOPS, MiB/s ...) read from its output; empty
 *                    when the metric is the wall time
 */
public record ExecResult(String vm, String command, String output, int exitCode, Ending ending,
                         double wallSeconds, Optional<GuestTime> guestTime, Instant startedAt, List<String> notes,
                         OptionalDouble vmmCpuSeconds, long consoleBytes, OptionalDouble figure) {

    /** How a run ended. */
    public enum Ending {
        /** the command ran to its end in the shell that started it */
        COMPLETED,
        /** vmbench interrupted it at the timeout (Ctrl-C); the shell came back */
        TIMED_OUT,
        /** the command ended the guest's shell ({@code exit}); a new one may have started */
        SHELL_EXITED,
        /** a new shell took over the console ({@code exec sh}, or an interactive shell the command started) */
        SHELL_REPLACED,
        /** the command ended well, but its output did not hold the figure its workload reads */
        NO_FIGURE
    }

    public ExecResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
        vmmCpuSeconds = vmmCpuSeconds == null ? OptionalDouble.empty() : vmmCpuSeconds;
        figure = figure == null ? OptionalDouble.empty() : figure;
    }

    public ExecResult(String vm, String command, String output, int exitCode, Ending ending, double wallSeconds,
                      Optional<GuestTime> guestTime, Instant startedAt, List<String> notes,
                      OptionalDouble vmmCpuSeconds, long consoleBytes) {
        this(vm, command, output, exitCode, ending, wallSeconds, guestTime, startedAt, notes, vmmCpuSeconds,
                consoleBytes, OptionalDouble.empty());
    }

    /** This run with the figure read from its output. */
    public ExecResult withFigure(double value) {
        return new ExecResult(vm, command, output, exitCode, ending, wallSeconds, guestTime, startedAt, notes,
                vmmCpuSeconds, consoleBytes, OptionalDouble.of(value));
    }

    /** This run marked as one whose figure could not be read, with why (it is then not counted). */
    public ExecResult withoutFigure(String why) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(why);
        return new ExecResult(vm, command, output, exitCode, Ending.NO_FIGURE, wallSeconds, guestTime, startedAt, n,
                vmmCpuSeconds, consoleBytes, OptionalDouble.empty());
    }

    public ExecResult(String vm, String command, String output, int exitCode, Ending ending, double wallSeconds,
                      Optional<GuestTime> guestTime, Instant startedAt, List<String> notes) {
        this(vm, command, output, exitCode, ending, wallSeconds, guestTime, startedAt, notes, OptionalDouble.empty(),
                output == null ? 0 : output.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /** The guest's own CPU (user + sys from its {@code time}), when it printed it. */
    public OptionalDouble guestCpuSeconds() {
        return guestTime.filter(t -> t.user() != null && t.sys() != null)
                .map(t -> OptionalDouble.of(t.user() + t.sys())).orElse(OptionalDouble.empty());
    }

    public ExecResult(String vm, String command, String output, int exitCode, boolean timedOut, double wallSeconds,
                      Optional<GuestTime> guestTime, Instant startedAt) {
        this(vm, command, output, exitCode, timedOut ? Ending.TIMED_OUT : Ending.COMPLETED, wallSeconds, guestTime,
                startedAt, List.of());
    }

    public boolean timedOut() {
        return ending == Ending.TIMED_OUT;
    }

    public boolean ok() {
        return exitCode == 0 && ending == Ending.COMPLETED;
    }

    /** Whether the start and end of the run arrived in one read, too close together to time. */
    public boolean belowResolution() {
        return wallSeconds == 0;
    }
}
