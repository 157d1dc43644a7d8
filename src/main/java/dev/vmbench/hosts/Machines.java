package dev.vmbench.hosts;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
    /**
     * @param pending for a dry run, the files not copied there yet: their path there -> the file here (checked
     *                here)
     */
    public record Placed(VmLauncher launcher, VmSpec spec, Map<Path, Path> pending) {
        public Placed(VmLauncher launcher, VmSpec spec) {
            this(launcher, spec, Map.of());
        }

        /** The VM checked and planned on its machine. */
        public dev.vmbench.session.PreparedVm prepare(boolean dryRun) {
            return launcher.prepare(spec, dryRun, pending);
        }
    }

    private final VmLauncher local;
    private final Hypervisors hypervisors;
    private final Hosts hosts;
    private final Connections connections;
    private final RemoteFiles files = new RemoteFiles();
    private final Map<String, VmLauncher> remote = new HashMap<>();

    public Machines(VmLauncher local, Hypervisors hypervisors, Hosts hosts, Connections connections) {
        this.local = local;
        this.hypervisors = hypervisors;
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

    /** The machine a host name means: this one for null or "local", else the host over SSH (connected once). */
    public dev.vmbench.host.Host host(String host, Path inventory) {
        return isLocal(host) ? local.host() : connections.get(hosts.resolve(host, inventory));
    }

    /** ... the host named in this Ansible inventory (null: hosts.yaml's). */
    public Placed place(String host, Path inventory, VmSpec spec, boolean dryRun, Consumer<String> progress)
            throws InterruptedException {
        if (isLocal(host)) {
            return new Placed(local, spec);
        }
        if (spec.persistent()) {
            throw new UsageException("--persistent with --host would write the host's cached copy, which other boots "
                    + "share: leave --persistent out");
        }
        SshHost h = connections.get(hosts.resolve(host, inventory));
        // the VM's own folder (a Firecracker config, its disk copy) is there too, under the host's cache
        VmbenchPaths hostPaths = new VmbenchPaths(Path.of(files.cacheDir(h)));
        VmLauncher l;
        boolean first;
        synchronized (remote) {
            first = !remote.containsKey(h.name());
            l = remote.computeIfAbsent(h.name(), n -> new VmLauncher(hypervisors, h, hostPaths));
        }
        if (first && !dryRun) {
            sweep(h, hostPaths.vmStates(), progress);
        }
        if (!dryRun) {
            l.requireProgram(spec); // a hypervisor missing there is said before any file is copied
        }
        Map<Path, Path> pending = new HashMap<>();
        VmSpec there = spec.withFiles(copy(h, host, spec.kernel(), dryRun, pending, progress),
                copy(h, host, spec.initrd(), dryRun, pending, progress),
                copy(h, host, spec.rootfs(), dryRun, pending, progress));
        if (there.extras().logFile() != null) {
            // a hypervisor's own log (Firecracker's) is written where it runs: in the host's cache, logs/NAME.log
            there = there.withExtras(there.extras().withLogFile(hostPaths.state().resolve("logs")
                    .resolve(there.extras().logFile().getFileName())));
        }
        return new Placed(l, there, pending);
    }

    /** The file's path on the host: {@code H:PATH} as named, else this machine's file copied (once) there. */
    private Path copy(SshHost h, String host, Path file, boolean dryRun, Map<Path, Path> pending,
                      Consumer<String> progress) throws InterruptedException {
        if (file == null) {
            return null;
        }
        String there = BootOptions.remoteFile(file.toString(), host);
        if (there != null) {
            return Path.of(there);
        }
        if (!dryRun) {
            return files.ensure(h, file, progress);
        }
        Path remote = files.remotePath(h, file);
        if (h.fileKind(remote) != dev.vmbench.host.Host.FileKind.REGULAR) {
            pending.put(remote, file); // not there yet: a boot would copy it, the dry run checks it here
        }
        return remote;
    }

    /**
     * Removes the VM folders a vmbench left on the host when it could not (a kill -9, a link that never came back):
     * each folder no process there names in its command line (a Firecracker config, a disk copy, a scratch disk are
     * all named in their hypervisor's argv). Folders are named by the pid of a vmbench on its own machine, which
     * says nothing there, so the hypervisors' command lines decide. Once per host and shell, before its first boot.
     */
    static void sweep(SshHost h, Path vmStates, Consumer<String> progress) throws InterruptedException {
        String dir = dev.vmbench.text.PosixLine.quote(vmStates.toString());
        try {
            SshHost.Result r = h.exec("for d in " + dir + "/*/*; do [ -d \"$d\" ] || continue; "
                    + "pgrep -f -- \"$d/\" >/dev/null || { rm -rf -- \"$d\" && echo \"$d\"; }; done; "
                    + "rmdir " + dir + "/* 2>/dev/null; true", java.time.Duration.ofSeconds(30));
            List<String> gone = r.out().lines().filter(x -> !x.isBlank()).toList();
            if (!gone.isEmpty()) {
                progress.accept("removed " + gone.size() + " VM folder(s) on " + h.name() + " that no hypervisor uses "
                        + "(left by a vmbench that ended without cleaning up)");
            }
        } catch (dev.vmbench.VmbenchException e) {
            progress.accept("could not look for VM folders left on " + h.name() + ": " + e.getMessage());
        }
    }
}
