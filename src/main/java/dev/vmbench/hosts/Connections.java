package dev.vmbench.hosts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.host.LocalHost;
import dev.vmbench.host.SshHost;
import dev.vmbench.host.SshTarget;

/**
 * The SSH hosts of this shell, one {@link SshHost} (and one shared connection) per host name; {@link #close}
 * ends the shared connections, so none outlives the shell by its {@code ControlPersist}.
 */
public final class Connections implements AutoCloseable {

    private final Path controlDir;
    private final LocalHost local;
    private final Map<String, SshHost> open = new LinkedHashMap<>();

    public Connections(Path controlDir, LocalHost local) {
        this.controlDir = controlDir;
        this.local = local;
    }

    /** The host of this target, sharing the connection of an earlier one of the same name and settings. */
    public synchronized SshHost get(SshTarget target) {
        SshHost h = open.get(target.name());
        if (h != null && h.target().equals(target)) {
            return h;
        }
        try {
            PrivateFiles.createDirectories(controlDir);
            PrivateFiles.tighten(controlDir);
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot make the folder for SSH connections", controlDir, e), e);
        }
        if (h != null) {
            h.disconnect();
        }
        h = new SshHost(target, controlDir, local);
        open.put(target.name(), h);
        return h;
    }

    @Override
    public synchronized void close() {
        List.copyOf(open.values()).forEach(SshHost::disconnect);
        open.clear();
    }
}
