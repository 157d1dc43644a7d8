package dev.vmbench.vmm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A hypervisor process's memory, split the way Firecracker's own memory-overhead test splits it: the mappings
 * that back the guest's RAM, and everything else, which is what the VMM itself costs the host. Under TCG the
 * translation cache (QEMU's generated code: a writable and executable anonymous mapping) is a part of the
 * overhead that does not exist under KVM, so it is also shown on its own.
 *
 * @param guestRam          the guest RAM mappings
 * @param guestRamFound     how they were found, in words ("1 anonymous rw-p mapping of 256 MiB, the VM's --mem"),
 *                          or why they were not
 * @param overhead          everything else (the translation cache included)
 * @param translationCache  the writable and executable anonymous mappings, when there are any
 * @param total             every mapping
 */
public record VmmMemory(Part guestRam, String guestRamFound, Part overhead, Optional<Part> translationCache,
                        Part total) {

    /** Sizes in KiB: mapped, resident, proportional (shared pages split between their users), unique. */
    public record Part(long size, long rss, long pss, long uss, int mappings) {

        static Part of(List<Smaps.Mapping> maps) {
            return new Part(maps.stream().mapToLong(Smaps.Mapping::size).sum(),
                    maps.stream().mapToLong(Smaps.Mapping::rss).sum(), maps.stream().mapToLong(Smaps.Mapping::pss).sum(),
                    maps.stream().mapToLong(Smaps.Mapping::uss).sum(), maps.size());
        }

        public Part plus(Part o) {
            return new Part(size + o.size, rss + o.rss, pss + o.pss, uss + o.uss, mappings + o.mappings);
        }
    }

    /**
     * @param maps     the hypervisor process's mappings
     * @param layouts  the sizes (KiB) of the mappings the hypervisor backs guest RAM with, as its sources say
     *                 (QEMU: one of the VM's --mem; Firecracker: split at 3 GiB, or at 3.25 GiB before 1.13);
     *                 the first layout found whole is taken
     * @param extra    its children's mappings (a helper process), counted as overhead
     */
    public static VmmMemory of(List<Smaps.Mapping> maps, List<List<Long>> layouts, List<Smaps.Mapping> extra) {
        List<Smaps.Mapping> ram = List.of();
        List<Long> layout = layouts.isEmpty() ? List.of() : layouts.get(0);
        for (List<Long> l : layouts) {
            Optional<List<Smaps.Mapping>> found = find(maps, l);
            if (found.isPresent()) {
                ram = found.get();
                layout = l;
                break;
            }
        }
        List<Smaps.Mapping> guest = ram;
        List<Smaps.Mapping> rest = new ArrayList<>(maps.stream().filter(m -> !guest.contains(m)).toList());
        rest.addAll(extra);
        List<Smaps.Mapping> tcg = rest.stream().filter(m -> m.writable() && m.executable() && m.memoryOnly()).toList();
        String found = ram.isEmpty()
                ? "not found: no writable anonymous mapping of " + sizes(layout)
                        + " (the VM's --mem); everything is counted as the VMM's"
                : ram.size() + " " + (ram.get(0).path().isEmpty() ? "anonymous" : ram.get(0).path()) + " "
                        + ram.get(0).perms() + " mapping" + (ram.size() == 1 ? "" : "s") + " of " + sizes(layout)
                        + ", the VM's --mem";
        List<Smaps.Mapping> all = new ArrayList<>(maps);
        all.addAll(extra);
        return new VmmMemory(Part.of(ram), found, Part.of(rest), tcg.isEmpty() ? Optional.empty() : Optional.of(Part.of(tcg)),
                Part.of(all));
    }

    /** One writable memory-only mapping of each size (the most resident, should two match), or empty. */
    private static Optional<List<Smaps.Mapping>> find(List<Smaps.Mapping> maps, List<Long> sizes) {
        List<Smaps.Mapping> ram = new ArrayList<>();
        for (long size : sizes) {
            Optional<Smaps.Mapping> m = maps.stream()
                    .filter(x -> x.size() == size && x.writable() && x.memoryOnly() && !ram.contains(x))
                    .max(Comparator.comparingLong(Smaps.Mapping::rss));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            ram.add(m.get());
        }
        return ram.isEmpty() ? Optional.empty() : Optional.of(ram);
    }

    private static String sizes(List<Long> kib) {
        return String.join(" + ", kib.stream().map(VmmMemory::mib).toList());
    }

    static String mib(long kib) {
        return kib % 1024 == 0 ? (kib / 1024) + " MiB" : kib + " KiB";
    }
}
