package dev.vmbench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vmbench.UsageException;
import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.hypervisor.Hypervisors;

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
 * A profile's values are checked by boot's rules when it is saved and whenever the file is read; a mistake
 * in the file is named by file, line, profile and option. Saving and removing change only the lines of the
 * profile named ({@link ProfilesEditor}): the user's comments, blank lines and order stay as they were.
 * <p>
 * Two profiles are built in and cannot be changed: {@code seed-qemu} and {@code seed-firecracker}, the seed
 * write-up's two launch lines (without its tap device; add one with --tap-device).
 */
public class Profiles {

    public static final Map<String, BootOptions> BUILT_IN = builtIn();

    private final Path file;
    private final Hypervisors hypervisors;

    public Profiles(Path file) {
        this(file, Hypervisors.builtIn());
    }

    /**
     * @param hypervisors the hypervisors a profile may name, and whose rules its options must fit
     */
    public Profiles(Path file, Hypervisors hypervisors) {
        this.file = file;
        this.hypervisors = hypervisors;
    }

    public Path file() {
        return file;
    }

    private static Map<String, BootOptions> builtIn() {
        Map<String, BootOptions> m = new LinkedHashMap<>();
        // qemu-system-x86_64 -M microvm,rtc=off -enable-kvm -smp 2 -m 1g ... -serial stdio ... -no-reboot
        m.put("seed-qemu", BootOptions.fromMap(Map.of("hypervisor", "qemu-microvm", "mem", "1G", "cpus", "2",
                "append", "earlyprintk=ttyS0 console=ttyS0 root=/dev/vda")));
        // firectl -t --cpu-template=T2 --log-level=Debug --firecracker-log=firecracker-vmm.log
        //   --kernel-opts='console=ttyS0 noapic reboot=k panic=1 pci=off nomodules rw' -m 1024  (firectl: 1 vCPU)
        // nomodules is left out: the default initramfs loads the virtio modules; noapic too: from Firecracker 1.8 an
        // ACPI guest has no legacy PIC and noapic leaves it without interrupts (boot --dry-run says both)
        m.put("seed-firecracker", BootOptions.fromMap(Map.of("hypervisor", "firecracker", "mem", "1024",
                "cpus", "1", "append", "console=ttyS0 reboot=k panic=1 pci=off rw root=/dev/vda",
                "cpu-template", "T2", "disable-smt", "true", "log-level", "Debug",
                "firecracker-log", "firecracker-vmm.log")));
        return Collections.unmodifiableMap(m);
    }

    /** Saved profiles, by name; every value in the file is checked (not whether its files exist). */
    public Map<String, BootOptions> saved() {
        ProfilesFile f = ProfilesFile.read(file);
        Map<String, BootOptions> out = new TreeMap<>();
        f.entries().values().forEach(e -> out.put(e.name(), checked(f, e, false)));
        return out;
    }

    /** The saved profiles' names, for completion: a file with mistakes still offers what it names; unreadable, none. */
    public java.util.List<String> savedNames() {
        try {
            return java.util.List.copyOf(new TreeMap<>(ProfilesFile.read(file).entries()).keySet());
        } catch (VmbenchException e) {
            return java.util.List.of();
        }
    }

    /** A profile to boot: built in, or saved with every value checked and its kernel, initrd and disk there. */
    public BootOptions get(String name) {
        return lookup(name, true);
    }

    /** A profile to show: as {@link #get}, but a saved profile's files need not exist. */
    public BootOptions find(String name) {
        return lookup(name, false);
    }

    private BootOptions lookup(String name, boolean files) {
        BootOptions b = BUILT_IN.get(name);
        if (b != null) {
            return b;
        }
        ProfilesFile f = ProfilesFile.read(file);
        f.entries().values().forEach(e -> checked(f, e, false));
        ProfilesFile.Entry e = f.entries().get(name);
        if (e == null) {
            throw new VmbenchException("no profile named '" + name + "': 'profile list' shows them");
        }
        return checked(f, e, files);
    }

    /** A profile's options, checked; a bad one is named by file, line, profile and option. */
    private BootOptions checked(ProfilesFile f, ProfilesFile.Entry e, boolean files) {
        try {
            BootOptions o = BootOptions.fromMap(e.values());
            if (files) {
                o.validate(hypervisors);
            } else {
                o.checkValues(hypervisors);
            }
            return o;
        } catch (BadOptionException bad) {
            throw f.badValue(e, bad);
        }
    }

    /**
     * Saves a profile after checking its every value by boot's rules. An existing profile of that name is
     * changed in place (its unchanged options and their comments stay); a new one is added at the end.
     *
     * @return true when the profile is new
     * @throws UsageException a bad name or value, in one line
     */
    public boolean save(String name, BootOptions options) {
        if (name == null || !ProfilesFile.NAME.matcher(name).matches()) {
            throw new UsageException("bad profile name '" + name + "': " + ProfilesFile.NAME_RULE);
        }
        if (BUILT_IN.containsKey(name)) {
            throw new UsageException(name + " is a built-in profile: save yours under another name");
        }
        Map<String, String> values = options.toMap();
        if (values.isEmpty()) {
            throw new UsageException("a profile needs at least one boot option, e.g. profile save --name " + name
                    + " --hypervisor qemu-q35 --mem 512M");
        }
        options.validate(hypervisors);
        ProfilesFile f = ProfilesFile.read(file);
        boolean added = !f.entries().containsKey(name);
        Map<String, Map<String, String>> expected = f.values();
        expected.put(name, values);
        write(ProfilesEditor.put(f, name, values), expected);
        return added;
    }

    /** Removes a saved profile; the rest of the file stays as it is. */
    public void remove(String name) {
        if (BUILT_IN.containsKey(name)) {
            throw new UsageException(name + " is built in and cannot be removed");
        }
        ProfilesFile f = ProfilesFile.read(file);
        if (!f.entries().containsKey(name)) {
            throw new VmbenchException("no saved profile named '" + name + "': 'profile list' shows them");
        }
        Map<String, Map<String, String>> expected = f.values();
        expected.remove(name);
        write(ProfilesEditor.remove(f, name), expected);
    }

    /** A profile as YAML, the way the file holds it. */
    public static String yaml(String name, BootOptions b) {
        return ProfileYaml.block(name, b.toMap(), 0, 2);
    }

    /**
     * Writes the edited text (0600, atomically) once it reads back as exactly the profiles intended. A file
     * whose YAML the line edit cannot follow (an anchor another profile uses, say) is refused, not broken.
     */
    private void write(String text, Map<String, Map<String, String>> expected) {
        if (!readsAs(text, expected)) {
            throw new VmbenchException("cannot change " + file + " without disturbing the rest of it (it uses YAML "
                    + "that vmbench does not edit, such as anchors or document markers): make the change by hand");
        }
        try {
            Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
            PrivateFiles.writeAtomically(target, text);
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot write", file, e), e);
        }
    }

    private boolean readsAs(String text, Map<String, Map<String, String>> expected) {
        try {
            Map<String, Map<String, String>> actual = ProfilesFile.parse(file, text).values();
            return List.copyOf(actual.entrySet()).equals(List.copyOf(expected.entrySet()));
        } catch (VmbenchException e) {
            return false;
        }
    }
}
