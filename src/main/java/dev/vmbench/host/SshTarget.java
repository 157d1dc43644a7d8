package dev.vmbench.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine reached with the system's OpenSSH client: how {@code ssh} is told to reach it, and where vmbench
 * keeps its copies of images there. Everything not given here comes from the user's {@code ~/.ssh/config}.
 *
 * @param name        how vmbench names it (hosts.yaml or the inventory), or the destination itself
 * @param destination {@code [user@]host} or an alias of {@code ~/.ssh/config}
 * @param port        the SSH port, or 0 for ssh's own choice
 * @param identity    a private key file, or null for ssh's own choice
 * @param cache       the folder on that machine for copied images ({@code ~/.cache/vmbench} if null)
 * @param options     further {@code -o} options, as {@code Key=Value}
 * @param binaries    hypervisor programs there by their usual name ({@code firecracker}, {@code qemu-system-x86_64})
 *                    where they are not on that machine's PATH
 */
public record SshTarget(String name, String destination, int port, Path identity, String cache, List<String> options,
                        java.util.Map<String, String> binaries) {

    public SshTarget {
        options = List.copyOf(options);
        binaries = binaries == null ? java.util.Map.of() : java.util.Map.copyOf(binaries);
    }

    public SshTarget(String name, String destination, int port, Path identity, String cache, List<String> options) {
        this(name, destination, port, identity, cache, options, java.util.Map.of());
    }

    /** A destination named as it is: {@code user@host} or an ssh config alias. */
    public static SshTarget of(String destination) {
        return new SshTarget(destination, destination, 0, null, null, List.of());
    }

    /** The remote cache folder, as the remote shell expands it. */
    public String cacheOrDefault() {
        return cache != null ? cache : "$HOME/.cache/vmbench";
    }

    /**
     * The {@code ssh} command line up to the destination: never a prompt ({@code BatchMode}), one shared
     * connection per host ({@code ControlMaster}, its socket in {@code controlDir}), a dead link noticed within
     * about six seconds (keep-alives every 2 s, 3 missed), and a connection attempt given up after 5 s.
     */
    public List<String> ssh(Path controlDir) {
        List<String> a = new ArrayList<>(List.of("ssh",
                "-o", "BatchMode=yes",
                "-o", "ControlMaster=auto",
                "-o", "ControlPath=" + controlDir.resolve("%C"),
                "-o", "ControlPersist=300",
                "-o", "ServerAliveInterval=2",
                "-o", "ServerAliveCountMax=3",
                "-o", "ConnectTimeout=5"));
        if (port > 0) {
            a.addAll(List.of("-p", Integer.toString(port)));
        }
        if (identity != null) {
            a.addAll(List.of("-i", identity.toString(), "-o", "IdentitiesOnly=yes"));
        }
        for (String o : options) {
            a.addAll(List.of("-o", o));
        }
        return a;
    }
}
