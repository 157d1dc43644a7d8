package dev.vmbench.shell;

import java.util.List;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.springframework.core.annotation.Order;
import org.springframework.shell.ExitRequest;
import org.springframework.shell.Input;
import org.springframework.shell.InputProvider;
import org.springframework.shell.Shell;
import org.springframework.shell.ShellRunner;
import org.springframework.shell.context.InteractionMode;
import org.springframework.shell.context.ShellContext;
import org.springframework.shell.jline.InteractiveShellRunner;
import org.springframework.shell.jline.PromptProvider;

import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.PosixLine;

/**
 * The interactive shell's read loop, with the keys people expect from bash, jshell and virsh:
 * <ul>
 * <li>Ctrl-C at the prompt clears the line; it never quits (during a command it interrupts that command:
 * Spring Shell turns it into an interrupt of the command's thread, and guest commands pass it on);</li>
 * <li>Ctrl-D at an empty prompt quits, but with live VMs it first says how many will be stopped and asks
 * once; {@code exit} stops them without asking, as before;</li>
 * <li>a Ctrl-C that reached a command which could not stop is cleared before the next prompt, so it cannot
 * land there;</li>
 * <li>a failure that escapes a command (a bug) is one line; the shell and its VMs carry on.</li>
 * </ul>
 * History expansion ({@code !!}) is off: a {@code !} in a guest command reaches the guest as typed.
 */
@Order(InteractiveShellRunner.PRECEDENCE)
public final class InteractiveRunner implements ShellRunner {

    private final LineReader lineReader;
    private final PromptProvider prompt;
    private final Shell shell;
    private final ShellContext context;
    private final SessionRegistry registry;
    private final Errors.LastError lastError;
    private final ExitStatus status;

    public InteractiveRunner(LineReader lineReader, PromptProvider prompt, Shell shell, ShellContext context,
                             SessionRegistry registry, Errors.LastError lastError, ExitStatus status) {
        this.status = status;
        this.lineReader = lineReader;
        this.prompt = prompt;
        this.shell = shell;
        this.context = context;
        this.registry = registry;
        this.lastError = lastError;
    }

    @Override
    public boolean run(String[] args) {
        context.setInteractionMode(InteractionMode.INTERACTIVE);
        lineReader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        keepBackslashes(lineReader);
        InputProvider input = this::readInput;
        while (true) {
            try {
                shell.run(input);
                status.set(0); // a session ended with exit or Ctrl-D succeeded, whatever its commands did
                return true;
            } catch (Throwable t) { // an Error out of a command (out of memory ...) must not end the shell and its VMs
                lastError.set(t);
                terminal().writer().println(Errors.message(t));
                terminal().writer().flush();
            }
        }
    }

    /**
     * JLine 3.30 binds some terminals' key capabilities without translating their {@code \E}: on xterm-256color the
     * mouse key becomes the four characters {@code \E[<}. That makes a backslash the start of a key sequence, and
     * a backslash typed before a non-ASCII character ({@code \é}) is then silently dropped. No real key sequence
     * starts with a backslash, so those bindings are removed and a backslash is always just a backslash.
     */
    static void keepBackslashes(LineReader reader) {
        java.util.Map<String, org.jline.keymap.KeyMap<org.jline.reader.Binding>> maps = reader.getKeyMaps();
        for (String name : List.copyOf(maps.keySet())) {
            org.jline.keymap.KeyMap<org.jline.reader.Binding> map = maps.get(name);
            java.util.Map<String, org.jline.reader.Binding> bound = map.getBoundKeys();
            if (bound.keySet().stream().noneMatch(UntranslatedKeys::bogus)) {
                continue;
            }
            org.jline.keymap.KeyMap<org.jline.reader.Binding> clean = new org.jline.keymap.KeyMap<>();
            bound.forEach((keys, binding) -> {
                if (!UntranslatedKeys.bogus(keys)) {
                    clean.bind(binding, keys);
                }
            });
            clean.setUnicode(map.getUnicode());
            clean.setNomatch(map.getNomatch());
            clean.setAmbiguousTimeout(map.getAmbiguousTimeout());
            maps.put(name, clean);
        }
    }

    /** Key sequences that cannot come from a keyboard. */
    private static final class UntranslatedKeys {
        static boolean bogus(String keys) {
            return keys.length() > 1 && keys.charAt(0) == '\\';
        }
    }

    private Terminal terminal() {
        return lineReader.getTerminal();
    }

    private Input readInput() {
        while (true) {
            Thread.interrupted(); // a Ctrl-C the last command could not act on ends here, not at the prompt
            try {
                lineReader.readLine(prompt.getPrompt().toAnsi(terminal()));
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped, a new prompt comes
            } catch (java.io.IOError e) {
                // A Ctrl-C that lands while JLine sets the prompt up (it runs stty, and the signal interrupts this
                // thread before JLine's own handler is in place) fails that stty: it is a Ctrl-C at the prompt,
                // not an error.
                if (e.getCause() instanceof java.io.InterruptedIOException || Thread.currentThread().isInterrupted()) {
                    Thread.interrupted();
                    terminal().writer().println();
                    continue;
                }
                throw e;
            } catch (EndOfFileException e) {
                if (quitAfterCtrlD()) {
                    throw new ExitRequest();
                }
                continue;
            }
            String line = lineReader.getParsedLine().line();
            return CommandWords.of(line, PosixLine.words(line));
        }
    }

    /** Ctrl-D at an empty prompt: quit at once, or, with live VMs and a person at the keyboard, ask once. */
    private boolean quitAfterCtrlD() {
        List<VmSession> live = registry.live();
        if (live.isEmpty() || !Out.interactive(terminal())) {
            return true;
        }
        terminal().writer().println(live.size() + (live.size() == 1 ? " VM is" : " VMs are") + " still running ("
                + String.join(", ", live.stream().map(VmSession::name).toList()) + "): quitting stops "
                + (live.size() == 1 ? "it" : "them") + ".");
        Object history = lineReader.getVariable(LineReader.DISABLE_HISTORY);
        lineReader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            String answer = lineReader.readLine("Quit and stop " + (live.size() == 1 ? "it" : "them") + "? [y/N] ");
            return answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes");
        } catch (EndOfFileException e) {
            return true; // Ctrl-D twice
        } catch (UserInterruptException e) {
            return false;
        } finally {
            lineReader.setVariable(LineReader.DISABLE_HISTORY, history);
        }
    }
}
