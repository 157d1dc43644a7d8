package dev.vmbench.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.TextFiles;
import dev.vmbench.host.SshTarget;

/**
 * The machines vmbench knows: hosts.yaml's, then those of an Ansible inventory (hosts.yaml's {@code inventory:},
 * or {@code --inventory FILE}). A name that is neither is taken as an SSH destination ({@code user@host}, an
 * alias of {@code ~/.ssh/config}) as it is, as libvirt takes {@code qemu+ssh://host/}.
 */
public final class Hosts {

    private final Path file;

    public Hosts(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Every known host by name: hosts.yaml's first, then the inventory's (a name in both is hosts.yaml's). */
    public Map<String, SshTarget> known(Path inventory) {
        HostsFile.Content c = HostsFile.read(file);
        Map<String, SshTarget> all = new LinkedHashMap<>(c.hosts());
        Path inv = inventory != null ? inventory : c.inventory();
        if (inv != null) {
            if (!Files.isRegularFile(inv)) {
                throw new VmbenchException("no inventory " + inv + (inventory != null ? "" : " (named in " + file + ")")
                        + ": give an Ansible inventory file (YAML or INI)");
            }
            Inventory.parse(TextFiles.read(inv, TextFiles.SMALL, "an Ansible inventory"), inv).forEach(all::putIfAbsent);
        }
        return all;
    }

    /** The host of a name: known, or an SSH destination as given. */
    public SshTarget resolve(String name, Path inventory) {
        if (name == null || name.isBlank() || name.startsWith("-") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new VmbenchException("bad host '" + name + "': give a name from 'hosts', or an SSH destination "
                    + "such as root@10.0.0.5");
        }
        SshTarget t = known(inventory).get(name);
        return t != null ? t : SshTarget.of(name);
    }
}
