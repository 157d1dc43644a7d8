package dev.vmbench.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where vmbench keeps things. {@code VMBENCH_HOME} wins; otherwise {@code $XDG_CACHE_HOME/vmbench},
 * otherwise {@code ~/.cache/vmbench}.
 * <ul>
 * <li>{@code images/default}: the guest image vmbench builds</li>
 * <li>{@code state/vms/NAME}: a running VM's private files, removed when it ends</li>
 * <li>{@code native}: pty4j's native library, extracted once</li>
 * </ul>
 */
public record VmbenchPaths(Path home) {

    public static VmbenchPaths fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    public static VmbenchPaths fromEnvironment(Map<String, String> env, String userHome) {
        String explicit = env.get("VMBENCH_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return new VmbenchPaths(Path.of(explicit).toAbsolutePath());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new VmbenchPaths(Path.of(xdg, "vmbench"));
        }
        return new VmbenchPaths(Path.of(userHome, ".cache", "vmbench"));
    }

    /** A moment as file names carry it: 20261125-093000 (UTC, sorting in time order). */
    public static String stamp(java.time.Instant when) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(when);
    }

    public Path images() {
        return home.resolve("images");
    }

    public Path defaultImage() {
        return images().resolve("default");
    }

    public Path state() {
        return home.resolve("state");
    }

    /**
     * A VM's private folder: {@code state/vms/PID/NAME}, PID being this vmbench's, so two shells with VMs of the
     * same name never share one; folders of vmbench processes that no longer run are removed at start-up.
     */
    public Path vmState(String vmName) {
        return vmStates().resolve(Long.toString(ProcessHandle.current().pid())).resolve(vmName);
    }

    /** Where the VM folders of every vmbench process on this VMBENCH_HOME are. */
    public Path vmStates() {
        return state().resolve("vms");
    }

    /** {@code $XDG_CONFIG_HOME/vmbench/profiles.yaml}, else {@code ~/.config/vmbench/profiles.yaml}. */
    public static Path profilesFile(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(userHome, ".config");
        return base.resolve("vmbench").resolve("profiles.yaml");
    }

    /** {@code $XDG_CONFIG_HOME/vmbench/workloads.yaml}, beside profiles.yaml: the user's own workloads. */
    public static Path workloadsFile(Map<String, String> env, String userHome) {
        return profilesFile(env, userHome).resolveSibling("workloads.yaml");
    }

    /** {@code $XDG_CONFIG_HOME/vmbench/hosts.yaml}, beside profiles.yaml. */
    public static Path hostsFile(Map<String, String> env, String userHome) {
        return profilesFile(env, userHome).resolveSibling("hosts.yaml");
    }

    /**
     * The sockets of shared SSH connections: short, since a socket's path has room for 107 bytes and ssh adds
     * a 40-character name ({@code %C}); in VMBENCH_HOME when that is short enough, else under /tmp.
     */
    public Path sshControl() {
        Path inHome = home.resolve("ssh");
        return inHome.toAbsolutePath().toString().length() <= 60 ? inHome
                : Path.of(System.getProperty("java.io.tmpdir"), "vmbench-ssh-" + System.getProperty("user.name"));
    }

    public Path nativeLibs() {
        return home.resolve("native");
    }
}
