package dev.vmbench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import dev.vmbench.VmbenchException;

/**
 * Named boot options, kept in a YAML file people can edit:
 *
 * <pre>
 * profiles:
 *   my-microvm:
 *     hypervisor: qemu-microvm
 *     mem: 512M
 * </pre>
 *
 * Two profiles are built in and cannot be changed: {@code seed-qemu} and {@code seed-firecracker}, the seed
 * write-up's two launch lines (without its tap device; add one with --tap-device).
 */
public class Profiles {

    public static final Map<String, BootOptions> BUILT_IN = builtIn();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Path file;

    public Profiles(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private static Map<String, BootOptions> builtIn() {
        Map<String, BootOptions> m = new LinkedHashMap<>();
        // qemu-system-x86_64 -M microvm,rtc=off -enable-kvm -smp 2 -m 1g ... -serial stdio ... -no-reboot
        m.put("seed-qemu", BootOptions.fromMap(Map.of("hypervisor", "qemu-microvm", "mem", "1G", "cpus", "2",
                "append", "earlyprintk=ttyS0 console=ttyS0 root=/dev/vda"), "seed-qemu"));
        // firectl -t --cpu-template=T2 --log-level=Debug --firecracker-log=firecracker-vmm.log
        //   --kernel-opts='console=ttyS0 noapic reboot=k panic=1 pci=off nomodules rw' -m 1024  (firectl: 1 vCPU)
        // nomodules is left out: the default initramfs loads the virtio modules
        m.put("seed-firecracker", BootOptions.fromMap(Map.of("hypervisor", "firecracker", "mem", "1024",
                "cpus", "1", "append", "console=ttyS0 noapic reboot=k panic=1 pci=off rw root=/dev/vda",
                "cpu-template", "T2", "disable-smt", "true", "log-level", "Debug",
                "firecracker-log", "firecracker-vmm.log"), "seed-firecracker"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Saved profiles, by name. */
    public Map<String, BootOptions> saved() {
        Map<String, BootOptions> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : read().entrySet()) {
            out.put(e.getKey(), BootOptions.fromMap(e.getValue(), file + " (profile " + e.getKey() + ")"));
        }
        return out;
    }

    public BootOptions get(String name) {
        BootOptions b = BUILT_IN.get(name);
        if (b != null) {
            return b;
        }
        b = saved().get(name);
        if (b == null) {
            throw new VmbenchException("no profile named '" + name + "': 'profile list' shows them");
        }
        return b;
    }

    public void save(String name, BootOptions options) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new VmbenchException("bad profile name '" + name + "': letters, digits, '.', '_' or '-'");
        }
        if (BUILT_IN.containsKey(name)) {
            throw new VmbenchException(name + " is a built-in profile: save yours under another name");
        }
        Map<String, Map<String, String>> all = read();
        all.put(name, options.toMap());
        write(all);
    }

    public void remove(String name) {
        if (BUILT_IN.containsKey(name)) {
            throw new VmbenchException(name + " is built in and cannot be removed");
        }
        Map<String, Map<String, String>> all = read();
        if (all.remove(name) == null) {
            throw new VmbenchException("no saved profile named '" + name + "': 'profile list' shows them");
        }
        write(all);
    }

    /** A profile as YAML, the way the file holds it. */
    public static String yaml(String name, BootOptions b) {
        try {
            return YAML.writeValueAsString(Map.of(name, b.toMap()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Map<String, String>> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, Map<String, Map<String, Object>>> root = YAML.readValue(file.toFile(),
                    new TypeReference<>() { });
            Map<String, Map<String, String>> out = new TreeMap<>();
            if (root != null && root.get("profiles") != null) {
                root.get("profiles").forEach((name, opts) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    if (opts != null) {
                        opts.forEach((k, v) -> m.put(k, v == null ? null : String.valueOf(v)));
                    }
                    out.put(name, m);
                });
            }
            return out;
        } catch (IOException e) {
            throw new VmbenchException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse("")
                    + " (fix the YAML, or move the file away)", e);
        }
    }

    private void write(Map<String, Map<String, String>> all) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(tmp, "# vmbench boot profiles: 'profile save' writes here; edit freely\n"
                    + YAML.writeValueAsString(Map.of("profiles", all)));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VmbenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
