package dev.vmbench.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.shell.standard.FileValueProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import org.springframework.shell.table.ArrayTableModel;
import org.springframework.shell.table.BorderStyle;
import org.springframework.shell.table.TableBuilder;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.SshTarget;
import dev.vmbench.hosts.Connections;
import dev.vmbench.hosts.HostCheck;
import dev.vmbench.hosts.Hosts;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.text.CommaList;

@ShellComponent
public class HostCommands {

    private final Hosts hosts;
    private final Connections connections;
    private final ImageLayout image;
    private final Out out;

    public HostCommands(Hosts hosts, Connections connections, ImageLayout defaultImage, Out out) {
        this.hosts = hosts;
        this.connections = connections;
        this.image = defaultImage;
        this.out = out;
    }

    @ShellMethod(key = "hosts", value = "The machines VMs can run on over SSH: hosts.yaml's and an Ansible inventory's.",
            group = "Host")
    public String list(
            @ShellOption(value = "--inventory", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "an Ansible inventory (YAML or INI)") String inventory) {
        Map<String, SshTarget> known = hosts.known(inventory == null ? null : Path.of(inventory));
        if (known.isEmpty()) {
            return "No hosts in " + hosts.file() + " (nor an inventory). Any SSH destination works as it is "
                    + "(hosts check root@10.0.0.5); name hosts in hosts.yaml or give --inventory FILE.";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "DESTINATION", "PORT", "IDENTITY", "CACHE"});
        known.forEach((n, t) -> rows.add(new String[] {n, t.destination(), t.port() > 0 ? Integer.toString(t.port())
                : "-", t.identity() == null ? "-" : t.identity().toString(), t.cacheOrDefault()}));
        return new TableBuilder(new ArrayTableModel(rows.toArray(String[][]::new)))
                .addHeaderAndVerticalsBorders(BorderStyle.fancy_light).build().render(out.width());
    }

    @ShellMethod(key = "hosts check", value = "doctor for machines over SSH: reached, QEMU, KVM, Firecracker, cache, "
            + "image, round trip.", group = "Host")
    public String check(
            @ShellOption(value = "--host", defaultValue = ShellOption.NULL, arity = 64,
                    help = "host names or SSH destinations (default: every known host)") String[] names,
            @ShellOption(value = "--inventory", defaultValue = ShellOption.NULL, valueProvider = FileValueProvider.class,
                    help = "an Ansible inventory (YAML or INI)") String inventory) throws InterruptedException {
        Path inv = inventory == null ? null : Path.of(inventory);
        List<String> wanted = CommaList.of(names);
        List<SshTarget> targets = new ArrayList<>();
        if (wanted.isEmpty()) {
            targets.addAll(hosts.known(inv).values());
            if (targets.isEmpty()) {
                throw new VmbenchException("no hosts to check: name one (hosts check root@10.0.0.5), or list them in "
                        + hosts.file());
            }
        } else {
            for (String n : wanted) {
                targets.add(hosts.resolve(n, inv));
            }
        }
        List<String> reports = new ArrayList<>();
        boolean failed = false;
        for (SshTarget t : targets) {
            HostCheck.Report r = HostCheck.run(connections.get(t), image);
            reports.add(r.text());
            failed |= r.failed();
        }
        String text = String.join("\n", reports);
        if (failed) {
            throw new VmbenchException("hosts check found problems:\n" + text);
        }
        return text;
    }
}
