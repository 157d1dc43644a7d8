package dev.vmbench.hypervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hypervisors vmbench knows, by the name users type. */
public final class Hypervisors {

    private final Map<String, Hypervisor> byName = new LinkedHashMap<>();

    public Hypervisors(List<Hypervisor> hypervisors) {
        hypervisors.forEach(h -> byName.put(h.name(), h));
    }

    public static Hypervisors builtIn() {
        return new Hypervisors(List.of(
                new QemuHypervisor(QemuHypervisor.Machine.MICROVM),
                new QemuHypervisor(QemuHypervisor.Machine.Q35),
                new FirecrackerHypervisor()));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Hypervisor> all() {
        return List.copyOf(byName.values());
    }

    public Hypervisor get(String name) {
        Hypervisor h = byName.get(name);
        if (h == null) {
            throw new IllegalArgumentException("unknown hypervisor '" + name + "': use one of "
                    + String.join(", ", byName.keySet()));
        }
        return h;
    }
}
