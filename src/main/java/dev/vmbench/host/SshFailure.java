package dev.vmbench.host;

import java.util.Locale;

/**
 * What ssh's own complaint (its exit status 255 and last lines of stderr) means, in one line that says what to
 * run. The words are OpenSSH's, as its client prints them.
 */
public final class SshFailure {

    private SshFailure() {
    }

    /** One line for a failed ssh to {@code host}, from what ssh printed on stderr. */
    public static String describe(String host, String stderr) {
        String e = stderr == null ? "" : stderr.strip();
        String lower = e.toLowerCase(Locale.ROOT);
        if (lower.contains("remote host identification has changed")) {
            return "the host key of " + host + " has changed since it was last seen: if that is expected, "
                    + "'ssh-keygen -R " + host + "' forgets the old one, then 'ssh " + host + "' checks the new one";
        }
        if (lower.contains("host key verification failed") || lower.contains("no ") && lower.contains("host key is known")) {
            return "the host key of " + host + " is not known: run 'ssh " + host + "' once in a terminal to check and "
                    + "accept it (vmbench never answers that question for you)";
        }
        if (lower.contains("permission denied")) {
            return "ssh to " + host + ": authentication refused (" + between(e, "(", ")") + "): add your key there "
                    + "('ssh-copy-id " + host + "'), or name the key with 'identity:' in hosts.yaml";
        }
        if (lower.contains("could not resolve hostname")) {
            return "ssh to " + host + ": the name does not resolve: check the destination in hosts.yaml or ~/.ssh/config";
        }
        if (lower.contains("connection refused")) {
            return "ssh to " + host + ": connection refused: is sshd running there, on that port?";
        }
        if (lower.contains("timed out") || lower.contains("no route to host") || lower.contains("network is unreachable")) {
            return "ssh to " + host + ": host unreachable (" + lastLine(e) + "): check the address and the network";
        }
        if (lower.contains("broken pipe") || lower.contains("connection reset") || lower.contains("closed by remote")
                || lower.contains("timeout, server")) {
            return "connection to " + host + " lost (" + lastLine(e) + ")";
        }
        return "ssh to " + host + " failed: " + (e.isEmpty() ? "ssh exited 255 and said nothing" : lastLine(e));
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String between(String s, String open, String close) {
        int a = s.lastIndexOf(open);
        int b = a < 0 ? -1 : s.indexOf(close, a);
        return a >= 0 && b > a ? s.substring(a + 1, b) : "no key was accepted";
    }
}
