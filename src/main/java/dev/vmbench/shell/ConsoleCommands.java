package dev.vmbench.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Terminal;
import org.springframework.context.annotation.Lazy;
import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.UsageException;
import dev.vmbench.VmbenchException;
import dev.vmbench.console.Attach;
import dev.vmbench.console.Console;
import dev.vmbench.screen.CastReplay;
import dev.vmbench.screen.LiveConsoles;
import dev.vmbench.screen.SplitScreen;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmExit;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.CommaList;
import dev.vmbench.transcript.Asciicast;
import dev.vmbench.transcript.Player;
import dev.vmbench.transcript.TextExport;
import dev.vmbench.transcript.Transcripts;

@ShellComponent
public class ConsoleCommands {

    private final SessionRegistry registry;
    private final Transcripts transcripts;
    private final Terminal terminal;
    private final Out out;

    public ConsoleCommands(SessionRegistry registry, Transcripts transcripts, @Lazy Terminal terminal, Out out) {
        this.registry = registry;
        this.transcripts = transcripts;
        this.terminal = terminal;
        this.out = out;
    }

    @ShellMethod(key = "attach", value = "Join this terminal to a VM's console; the escape key (^]) detaches.",
            group = "Consoles")
    public String attach(
            @ShellOption(value = "--vm", valueProvider = Completions.VmNames.class, help = "VM name") String vm,
            @ShellOption(value = "--escape", defaultValue = "^]", help = "detach key, e.g. ^] or ^A") String escape,
            @ShellOption(value = "--replay", defaultValue = "-1", help = "scrollback lines shown first (default: one screen)") int replay,
            @ShellOption(value = "--sync-size", defaultValue = "false", help = "tell the guest the terminal size (stty), now and on resize") boolean syncSize)
            throws IOException {
        VmSession s = registry.getLive(Required.value(vm, "--vm", "attach VM"));
        char esc = Attach.parseEscape(escape);
        if (terminal.getType() == null || terminal.getType().startsWith("dumb") || System.console() == null) {
            throw new VmbenchException("attach needs an interactive terminal (input is piped or the terminal is dumb): "
                    + "run vmbench in a terminal, or use 'run " + vm + " COMMAND'");
        }
        int lines = replay >= 0 ? replay : Math.max(1, terminal.getHeight() - 2);
        Attach.End end = held(() -> Attach.run(s.console(), s.name(), terminal, esc, lines, syncSize));
        return switch (end) {
            case DETACHED -> "Detached from " + s.name() + " (it keeps running).";
            case INPUT_CLOSED -> "Input closed; detached from " + s.name() + ".";
            case FELL_BEHIND -> "Detached from " + s.name() + ": this terminal fell more than "
                    + (Console.MAX_BACKLOG_BYTES >> 20) + " MiB behind its console (it keeps running).";
            case CONSOLE_CLOSED -> {
                s.awaitExitQuietly();
                yield s.name() + " ended while attached (" + s.exit().map(VmExit::describe).orElse("console closed") + ").";
            }
        };
    }

    @ShellMethod(key = "transcript start", value = "Record VM consoles as asciicast v2 files.", group = "Consoles")
    public String start(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, valueProvider = Completions.VmNames.class,
                    help = "VM name(s), comma-separated") String vm,
            @ShellOption(value = "--all", defaultValue = "false", help = "every live VM") boolean all,
            @ShellOption(value = "--file", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "the .cast file (one VM only); default: a new file in the state folder") String file,
            @ShellOption(value = "--force", defaultValue = "false", help = "replace the --file if it exists") boolean force,
            @ShellOption(value = "--title", defaultValue = ShellOption.NULL, help = "title in the header") String title) {
        if (force && file == null) {
            throw new UsageException("--force replaces the file given with --file: give --file too, or leave --force out");
        }
        List<VmSession> vms = new ArrayList<>();
        if (all) {
            vms.addAll(registry.live());
        } else if (!CommaList.of(vm).isEmpty()) {
            for (String n : CommaList.of(vm)) {
                vms.add(registry.getLive(n));
            }
        } else {
            throw new VmbenchException("name the VM(s) to record with --vm NAME, or use --all");
        }
        List<Transcripts.Recording> started = transcripts.start(vms, file == null ? null : Path.of(file), force, title,
                out.width(), Math.max(24, terminal.getHeight()),
                (name, failure) -> out.notice("transcript of " + name + " stopped: " + failure));
        List<String> lines = new ArrayList<>();
        started.forEach(r -> lines.add("recording " + r.vm().name() + " to " + r.writer().file()));
        return String.join("\n", lines);
    }

    @ShellMethod(key = "transcript stop", value = "Stop recording (one VM, or all).", group = "Consoles")
    public String stop(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, valueProvider = Completions.VmNames.class,
                    help = "VM name; all when left out") String vm) {
        List<Transcripts.Recording> stopped = transcripts.stop(vm);
        if (stopped.isEmpty()) {
            return "No transcript is being recorded.";
        }
        List<String> lines = new ArrayList<>();
        stopped.forEach(r -> lines.add("stopped " + r.vm().name() + ": " + r.writer().events() + " events in "
                + r.writer().file() + r.failure().map(f -> " (it had stopped by itself: " + f + ")").orElse("")));
        return String.join("\n", lines);
    }

    @ShellMethod(key = "transcript list", value = "Recordings under way and files in the state folder.", group = "Consoles")
    public String list() {
        List<String> lines = new ArrayList<>();
        for (Transcripts.Recording r : transcripts.active()) {
            String state = r.running() ? "recording  " : "stopped    ";
            String why = r.running() ? "" : "  (" + r.failure().orElse("its console closed") + ")";
            lines.add(state + r.vm().name() + "  " + r.writer().events() + " events  " + r.writer().file() + why);
        }
        List<Path> files = transcripts.files();
        if (!files.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"started", "length", "events", "size", "title", "file"});
            java.time.format.DateTimeFormatter when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
                    .withZone(java.time.ZoneOffset.UTC);
            for (Path p : files) {
                Transcripts.Summary x = Transcripts.summary(p);
                rows.add(new String[] {x.started() == null ? "-" : when.format(x.started()),
                        Double.isNaN(x.seconds()) ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", x.seconds()),
                        x.events() < 0 ? "-" : Long.toString(x.events()),
                        x.bytes() < 0 ? "-" : dev.vmbench.report.MeminfoReport.human((x.bytes() + 1023) / 1024),
                        x.title() == null ? "-" : x.title(),
                        transcripts.folder().relativize(p) + (x.problem() == null ? "" : "  (cannot be read: "
                                + x.problem() + ")")});
            }
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add("in " + transcripts.folder() + ":");
            lines.add(dev.vmbench.report.SeriesReport.columns(rows, c -> c == 0 || c >= 4).stripTrailing());
        }
        return lines.isEmpty() ? "No transcripts (folder " + transcripts.folder() + ")." : String.join("\n", lines);
    }

    @ShellMethod(key = "transcript play", value = "Replay transcripts in this terminal; several side by side on one clock.",
            group = "Consoles")
    public String play(
            @ShellOption(value = "--file", arity = 64, valueProvider = FileValueProvider.class,
                    help = ".cast file(s); several play side by side") String[] files,
            @ShellOption(value = "--speed", defaultValue = "1", help = "2 plays twice as fast") double speed,
            @ShellOption(value = "--idle-limit", defaultValue = "2", help = "longest pause in seconds (0: none)") double idle)
            throws InterruptedException, IOException {
        List<Path> casts = new ArrayList<>();
        for (String f : files == null ? new String[0] : files) {
            casts.add(existing(f));
        }
        if (casts.isEmpty()) {
            existing(null); // says what to give
        }
        if (casts.size() > 1) {
            requireScreen("transcript play with several files", "play them one at a time");
            try (CastReplay replay = CastReplay.start(casts, speed, idle)) {
                screen(casts.size(), replay);
            }
            return "(left the replay of " + casts.size() + " transcripts)";
        }
        try (Asciicast cast = Asciicast.open(casts.get(0))) {
            Player.play(cast, speed, idle, text -> {
                terminal.writer().write(text);
                terminal.writer().flush();
            });
        }
        return "\n(end of " + casts.get(0) + ")";
    }

    @ShellMethod(key = "watch", value = "A live, read-only view of several VMs' consoles side by side; q or Esc leaves.",
            group = "Consoles")
    public String watch(
            @ShellOption(value = "--vm", defaultValue = ShellOption.NULL, arity = 64,
                    valueProvider = Completions.VmNames.class, help = "VM names (default: every live VM)") String[] names)
            throws IOException {
        List<VmSession> vms = new ArrayList<>();
        List<String> wanted = CommaList.of(names);
        for (String n : wanted) {
            vms.add(registry.get(n));
        }
        if (wanted.isEmpty()) {
            vms.addAll(registry.live());
            if (vms.isEmpty()) {
                throw new VmbenchException("no live VM to watch: boot some first ('boot --count 2'), or name them");
            }
        }
        requireScreen("watch", "use 'logs VM' for a VM's last lines");
        SplitScreen.End end = screen(vms.size(), new LiveConsoles(vms));
        return end == SplitScreen.End.INPUT_CLOSED ? "Input closed; left the watch." : null;
    }

    private SplitScreen.End screen(int panes, SplitScreen.Source source) throws IOException {
        return held(() -> SplitScreen.run(terminal, panes, source));
    }

    /** A view that owns the terminal: notices meanwhile wait until it ends. */
    private <T> T held(java.util.concurrent.Callable<T> view) throws IOException {
        try {
            return out.fullScreen(view);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void requireScreen(String what, String instead) {
        if (!Out.interactive(terminal)) {
            throw new VmbenchException(what + " needs an interactive terminal (input is piped or the terminal is "
                    + "dumb): run vmbench in a terminal, or " + instead);
        }
    }

    @ShellMethod(key = "transcript export", value = "Write a transcript's output as plain text.", group = "Consoles")
    public String export(
            @ShellOption(value = "--file", valueProvider = FileValueProvider.class, help = "a .cast file") String file,
            @ShellOption(value = "--text", defaultValue = "false", help = "plain text, escape codes removed") boolean text,
            @ShellOption(value = "--out", valueProvider = FileValueProvider.class, defaultValue = ShellOption.NULL, help = "write here instead of printing") String outFile) {
        if (!text) {
            throw new VmbenchException("say what to export: --text (plain text of the session)");
        }
        Path cast = existing(file);
        if (outFile == null) {
            TextExport.toWriter(cast, terminal.writer());
            return null; // printed as it was read
        }
        return "wrote " + TextExport.toFile(cast, Path.of(outFile));
    }

    private static Path existing(String file) {
        Path p = Path.of(Required.value(file, "--file", "transcript play FILE (transcript list shows them)"));
        if (!Files.exists(p)) {
            throw new dev.vmbench.UsageException("no file " + file + ": 'transcript list' shows the recorded ones");
        }
        return p;
    }
}
