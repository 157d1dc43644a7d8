package dev.vmbench.shell;

import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.shell.CommandNotFound;
import org.springframework.shell.ExitRequest;
import org.springframework.shell.Input;
import org.springframework.shell.InputProvider;
import org.springframework.shell.Shell;
import org.springframework.shell.ShellRunner;
import org.springframework.shell.command.CommandExecution;
import org.springframework.shell.context.InteractionMode;
import org.springframework.shell.context.ShellContext;
import org.springframework.shell.jline.NonInteractiveShellRunner;

/**
 * {@code vmbench COMMAND ARGS...}: runs one command and leaves its exit status in {@link ExitStatus}. The
 * arguments reach the command exactly as the operating system passed them (Spring Shell's own one-shot runner
 * joins and re-splits them, which loses quotes and backslashes). A usage error is its one line and status 2;
 * nothing here lets a stack trace out.
 */
@Order(NonInteractiveShellRunner.PRECEDENCE)
public final class OneShotRunner implements ShellRunner {

    private final Shell shell;
    private final ShellContext context;
    private final ExitStatus status;
    private final Errors.LastError lastError;

    public OneShotRunner(Shell shell, ShellContext context, ExitStatus status, Errors.LastError lastError) {
        this.shell = shell;
        this.context = context;
        this.status = status;
        this.lastError = lastError;
    }

    @Override
    public boolean run(String[] args) {
        if (args.length == 0 || args[0].startsWith("@")) {
            return false; // the interactive shell, or Spring Shell's script runner (@FILE)
        }
        context.setInteractionMode(InteractionMode.NONINTERACTIVE);
        Input command = CommandWords.ofArgs(List.of(args));
        InputProvider once = new InputProvider() {
            private boolean given;

            @Override
            public Input readInput() {
                if (given) {
                    return null;
                }
                given = true;
                return command;
            }
        };
        try {
            shell.run(once);
        } catch (CommandExecution.CommandParserExceptionsException | CommandNotFound e) {
            status.fail(ExitStatus.USAGE); // Spring Shell has printed what was wrong
        } catch (ExitRequest e) {
            status.fail(e.status());
        } catch (Throwable t) {
            // the message was printed by the exception resolver; the status it chose is already set
            lastError.set(t);
            status.fail(ExitStatus.FAILED);
        }
        return true;
    }
}
