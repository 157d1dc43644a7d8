package dev.vmbench.guest;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.vmbench.text.TerminalText;

/**
 * How a command is typed into a guest shell so that its output, exit status and end can be told apart
 * from everything else on the console:
 *
 * <pre>trap 'printf "\036%s_X%d\n" NONCE $?' EXIT; printf '\036%s_S\n' NONCE; command eval 'COMMAND';
 * printf '\036%s_E%d\n' NONCE $?; trap - EXIT</pre>
 *
 * (one line). The markers are printed by {@code printf} from the octal escape {@code \036}, so the echo of
 * the typed line (which shows the four characters {@code \036}) can never match them, and the nonce is new
 * for every run, so output cannot forge them. {@code eval} runs the command in the current shell (a
 * {@code cd} persists), with its comments and several lines kept inside it; {@code command} keeps a syntax
 * error in it from aborting the whole line (it becomes exit status 2, as POSIX says). The {@code EXIT} trap
 * tells vmbench when the command ends the shell itself ({@code exit}); it is removed again after the command
 * (a trap on EXIT the user had set in that shell is lost).
 */
public final class Framing {

    /** BusyBox's line editor keeps at most 1024 chars of a typed line. */
    public static final int MAX_LINE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String nonce;
    private final String line;

    private Framing(String nonce, String command) {
        this.nonce = nonce;
        this.line = "trap 'printf \"\\036%s_X%d\\n\" " + nonce + " $?' EXIT; printf '\\036%s_S\\n' " + nonce
                + "; command eval " + quote(command) + "; printf '\\036%s_E%d\\n' " + nonce + " $?; trap - EXIT";
    }

    public static Framing of(String command) {
        return of(command, HexFormat.of().formatHex(RANDOM.generateSeed(8)));
    }

    static Framing of(String command, String nonce) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("no command given: put the guest command in quotes, e.g. run qemu1 'uname -a'");
        }
        Framing f = new Framing(nonce, command);
        if (f.line.length() > MAX_LINE) {
            throw new IllegalArgumentException("the command is " + command.length() + " chars, more than the guest's "
                    + "line editor takes (about " + (MAX_LINE - (f.line.length() - command.length())) + "): put it in a"
                    + " script file in the guest and run that");
        }
        return f;
    }

    /** The line to type, without its newline. */
    public String line() {
        return line;
    }

    public String nonce() {
        return nonce;
    }

    /** Matches the start marker and the line end after it. */
    public Pattern start() {
        return Pattern.compile("\u001e" + nonce + "_S\\r*\\n");
    }

    /** Matches the end marker; group 1 is the exit status. */
    public Pattern end() {
        return Pattern.compile("\u001e" + nonce + "_E(\\d+)\\r*\\n");
    }

    /** The end marker (group 1: the status) or the exit marker (group 2: the shell's status). */
    public Pattern endOrExit() {
        return Pattern.compile("\u001e" + nonce + "_E(\\d+)\\r*\\n|\u001e" + nonce + "_X(\\d+)\\r*\\n");
    }

    /**
     * What may end a run, whichever comes first: group 1 is set for the end marker (the command's status),
     * group 2 for the exit marker (the command ended the shell; its status), and neither when a new shell drew
     * its prompt (the prompt followed by busybox's cursor query: a line editor waiting for a line, which a
     * command's output does not send).
     */
    public Pattern outcome(String promptRegex) {
        return Pattern.compile("\u001e" + nonce + "_E(\\d+)\\r*\\n|\u001e" + nonce + "_X(\\d+)\\r*\\n|(?:"
                + promptRegex + ")" + Pattern.quote(TerminalText.CURSOR_QUERY));
    }

    /** A POSIX shell single-quoted word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
