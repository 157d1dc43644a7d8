package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.profile.BootOptions;
import dev.vmbench.profile.Profiles;

/**
 * {@code profile save/list/show/rm}: named boot options in the user's profiles file. Values are checked by
 * boot's rules when saved; saving and removing leave the rest of the file (comments included) as it was.
 */
@ShellComponent
public class ProfileCommands {

    private final Profiles profiles;

    public ProfileCommands(Profiles profiles) {
        this.profiles = profiles;
    }

    @ShellMethod(key = "profile save", value = "Save boot options under a name (boot --profile NAME uses them).",
            group = "Profiles")
    public String save(
            @ShellOption(value = "--name", help = "profile name") String name,
            @ShellOption(value = "--hypervisor", defaultValue = ShellOption.NULL, valueProvider = Completions.HypervisorNames.class, help = "hypervisor") String hypervisor,
            @ShellOption(value = "--kernel", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class, help = "kernel") String kernel,
            @ShellOption(value = "--initrd", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class, help = "initramfs or none") String initrd,
            @ShellOption(value = "--rootfs", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class, help = "root disk or none") String rootfs,
            @ShellOption(value = "--mem", defaultValue = ShellOption.NULL, help = "memory") String mem,
            @ShellOption(value = "--cpus", defaultValue = ShellOption.NULL, help = "vCPUs") String cpus,
            @ShellOption(value = "--append", defaultValue = ShellOption.NULL, help = "kernel command line") String append,
            @ShellOption(value = "--accel", defaultValue = ShellOption.NULL, valueProvider = Completions.AccelNames.class, help = "auto, kvm, tcg") String accel,
            @ShellOption(value = "--timeout", defaultValue = ShellOption.NULL, help = "boot timeout") String timeout,
            @ShellOption(value = "--persistent", defaultValue = "false", help = "write to the root disk") boolean persistent,
            @ShellOption(value = "--prompt", defaultValue = ShellOption.NULL, help = "prompt regex") String prompt,
            @ShellOption(value = "--log", defaultValue = "false", help = "console log file") boolean log,
            @ShellOption(value = "--qemu-arg", defaultValue = ShellOption.NULL, help = "extra QEMU arguments") String qemuArgs,
            @ShellOption(value = "--firecracker-binary", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class, help = "firecracker program") String fcBinary,
            @ShellOption(value = "--cpu-template", valueProvider = Completions.CpuTemplates.class, defaultValue = ShellOption.NULL, help = "T2, C3 ... none") String cpuTemplate,
            @ShellOption(value = "--disable-smt", defaultValue = "false", help = "no SMT") boolean disableSmt,
            @ShellOption(value = "--tap-device", defaultValue = ShellOption.NULL, help = "NAME/MAC") String tap,
            @ShellOption(value = "--log-level", valueProvider = Completions.LogLevels.class, defaultValue = ShellOption.NULL, help = "Firecracker log level") String logLevel,
            @ShellOption(value = "--firecracker-log", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class, help = "Firecracker log file") String fcLog,
            @ShellOption(value = "--api-socket", defaultValue = "false", help = "Firecracker API socket") boolean apiSocket) {
        BootOptions o = new BootOptions(hypervisor, kernel, initrd, rootfs, mem, cpus, append, accel, timeout, persistent,
                prompt, log, qemuArgs, fcBinary, cpuTemplate, disableSmt, tap, logLevel, fcLog, apiSocket);
        boolean added = profiles.save(name, o);
        return (added ? "saved" : "updated") + " profile " + name + " in " + profiles.file() + "\n"
                + Profiles.yaml(name, o).stripTrailing();
    }

    @ShellMethod(key = "profile list", value = "List the built-in and saved profiles.", group = "Profiles")
    public String list() {
        List<String> lines = new ArrayList<>();
        Profiles.BUILT_IN.forEach((n, o) -> lines.add(String.format("%-20s built in  %s", n, summary(o))));
        profiles.saved().forEach((n, o) -> lines.add(String.format("%-20s saved     %s", n, summary(o))));
        lines.add("(saved profiles live in " + profiles.file() + ")");
        return String.join("\n", lines);
    }

    @ShellMethod(key = "profile show", value = "Show a profile as YAML.", group = "Profiles")
    public String show(@ShellOption(value = "--name", valueProvider = Completions.ProfileNames.class, help = "profile") String name) {
        return Profiles.yaml(name, profiles.find(name)).stripTrailing();
    }

    @ShellMethod(key = "profile rm", value = "Remove a saved profile.", group = "Profiles")
    public String rm(@ShellOption(value = "--name", valueProvider = Completions.ProfileNames.class, help = "profile") String name) {
        profiles.remove(name);
        return "removed profile " + name;
    }

    private static String summary(BootOptions o) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : o.toMap().entrySet()) {
            parts.add("--" + e.getKey() + (e.getValue().equals("true") ? "" : " " + e.getValue()));
        }
        return String.join(" ", parts);
    }
}
