package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

import dev.vmbench.boot.Boot;
import dev.vmbench.report.Units;
import dev.vmbench.session.VmSession;

/**
 * The progress of a boot of several VMs: one line per VM (waiting, booting and its phase, ready after X s, or
 * failed and why). On a terminal the lines are redrawn in place with JLine's {@link Display}; elsewhere (a
 * pipe, a dumb terminal) each change is printed as a line of its own.
 */
final class BootProgress implements Boot.Events, AutoCloseable {

    private static final long REDRAW_MILLIS = 250;

    private final Terminal terminal;
    private final Out out;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Display display;
    private final ScheduledExecutorService ticker;
    private boolean ticking;

    private static final class Row {
        volatile VmSession vm;
        volatile Boot.Outcome outcome;
    }

    BootProgress(Terminal terminal, Out out, List<String> names, boolean live) {
        this.terminal = terminal;
        this.out = out;
        names.forEach(n -> rows.put(n, new Row()));
        if (live) {
            display = new Display(terminal, false);
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "boot-progress");
                t.setDaemon(true);
                return t;
            });
        } else {
            display = null;
            ticker = null;
        }
    }

    /** Redrawing starts with the first VM that starts: the notes that come before any does stay above. */
    private synchronized void tick() {
        if (ticker != null && !ticking) {
            ticking = true;
            ticker.scheduleWithFixedDelay(this::redraw, 0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void note(String line) {
        out.println(line);
    }

    @Override
    public void started(VmSession vm) {
        rows.get(vm.name()).vm = vm;
        tick();
        if (display == null) {
            out.println(vm.name() + ": booting (" + vm.hypervisor() + ", " + vm.accel().label() + ", pid " + vm.pid()
                    + ")");
        }
    }

    @Override
    public void done(Boot.Outcome outcome) {
        rows.get(outcome.name()).outcome = outcome;
        if (display == null) {
            out.println(outcome.name() + ": " + status(rows.get(outcome.name())));
        }
    }

    @Override
    public void ended(String line) {
        out.notice(line);
    }

    /** One line per VM, as it stands now. */
    List<String> lines() {
        int w = rows.keySet().stream().mapToInt(String::length).max().orElse(4);
        List<String> lines = new ArrayList<>();
        rows.forEach((name, row) -> lines.add(String.format(Locale.ROOT, "  %-" + w + "s  %s", name, status(row))));
        return lines;
    }

    static String status(Row row) {
        Boot.Outcome o = row.outcome;
        if (o != null) {
            return o.ok() ? "ready after " + o.vm().bootTime().map(Units::seconds).orElse("?") + " (pid " + o.vm().pid()
                    + ")" : "failed: " + o.line();
        }
        VmSession vm = row.vm;
        if (vm == null) {
            return "starting";
        }
        return "booting: " + vm.bootPhase() + ", " + String.format(Locale.ROOT, "%.1f s", vm.uptime().toMillis() / 1000.0)
                + " (pid " + vm.pid() + ")";
    }

    private synchronized void redraw() {
        if (display == null) {
            return;
        }
        int columns = Math.max(20, terminal.getWidth() <= 0 ? 80 : terminal.getWidth());
        display.resize(Math.max(rows.size() + 1, terminal.getHeight()), columns);
        List<AttributedString> shown = new ArrayList<>();
        for (String l : lines()) {
            // a line ending in a newline is a row of its own (without, Display takes it for a wrapped one)
            shown.add(new AttributedString((l.length() >= columns ? l.substring(0, columns - 1) : l) + "\n"));
        }
        int cursor = shown.size() * (columns + 1); // the start of the line below the block
        shown.add(AttributedString.EMPTY);
        display.update(shown, cursor);
    }

    /** Stops redrawing; the block stays as its final state, the cursor below it. */
    @Override
    public void close() {
        if (ticker != null) {
            tick(); // even when no VM started, the final lines are drawn
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            redraw();
        }
    }
}
