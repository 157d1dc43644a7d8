package dev.vmbench.hosts;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.vmbench.UsageException;
import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.host.SshHost;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.profile.BootOptions;
import dev.vmbench.session.VmLauncher;

/**
 * Where a VM runs: this machine, or a host over SSH ({@code --host}, {@code compare --hosts}). For a host, the
 * files the VM boots from are copied to its cache first ({@link RemoteFiles}) and the VM is launched through a
 * launcher of that host's own; one launcher per host, shared by every boot on it.
 */
public final class Machines {

    /** A VM placed on its machine: the launcher that starts it there, and its spec with that machine's paths. */
    public record Placed(VmLauncher launcher, VmSpec spec) {
    }

    private final VmLauncher local;
    private final Hypervisors hypervisors;
    private final VmbenchPaths paths;
    private final Hosts hosts;
    private final Connections connections;
    private final RemoteFiles files = new RemoteFiles();
    private final Map<String, VmLauncher> remote = new HashMap<>();

    public Machines(VmLauncher local, Hypervisors hypervisors, VmbenchPaths paths, Hosts hosts, Connections connections) {
        this.local = local;
        this.hypervisors = hypervisors;
        this.paths = paths;
        this.hosts = hosts;
        this.connections = connections;
    }

    public static boolean isLocal(String host) {
        return host == null || host.isBlank() || host.equals("local");
    }

    /**
     * Places a VM on a host ({@code null} or "local": here).
     *
     * @param dryRun name the copies' paths without copying
     */
    public Placed place(String host, VmSpec spec, boolean dryRun, Consumer<String> progress) throws InterruptedException {
        return place(host, null, spec, dryRun, progress);
    }

    /** ... the host named in this Ansible inventory (null: hosts.yaml's). */
    public Placed place(String host, Path inventory, VmSpec spec, boolean dryRun, Consumer<String> progress)
            throws InterruptedException {
        if (isLocal(host)) {
            return new Placed(local, spec);
        }
        if (!hypervisors.get(spec.hypervisor()).name().startsWith("qemu")) {
            throw new UsageException(spec.hypervisor() + " on another host is not there yet: boot it where vmbench runs, "
                    + "or use a QEMU hypervisor with --host");
        }
        if (spec.persistent()) {
            throw new UsageException("--persistent with --host would write the host's cached copy, which other boots "
                    + "share: leave --persistent out");
        }
        SshHost h = connections.get(hosts.resolve(host, inventory));
        VmSpec there = spec.withFiles(copy(h, host, spec.kernel(), dryRun, progress),
                copy(h, host, spec.initrd(), dryRun, progress), copy(h, host, spec.rootfs(), dryRun, progress));
        VmLauncher l;
        synchronized (remote) {
            l = remote.computeIfAbsent(h.name(), n -> new VmLauncher(hypervisors, h, paths));
        }
        return new Placed(l, there);
    }

    /** The file's path on the host: {@code H:PATH} as named, else this machine's file copied (once) there. */
    private Path copy(SshHost h, String host, Path file, boolean dryRun, Consumer<String> progress)
            throws InterruptedException {
        if (file == null) {
            return null;
        }
        String there = BootOptions.remoteFile(file.toString(), host);
        if (there != null) {
            return Path.of(there);
        }
        return dryRun ? files.remotePath(h, file) : files.ensure(h, file, progress);
    }
}
