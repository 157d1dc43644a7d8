package dev.vmbench.overhead;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.vmbench.VmbenchException;
import dev.vmbench.host.ProcessReader;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmSession;
import dev.vmbench.text.CommaList;
import dev.vmbench.vmm.ProcStat;
import dev.vmbench.vmm.Smaps;
import dev.vmbench.vmm.VmmMemory;

/**
 * The {@code overhead} use case: what each live VM's hypervisor process costs the host (memory beside the
 * guest's RAM, CPU, threads, files), read from its host's /proc the way Firecracker's memory-overhead test reads
 * it, with the boot's phases.
 */
public final class Overhead {

    private final SessionRegistry registry;

    public Overhead(SessionRegistry registry) {
        this.registry = registry;
    }

    /** The VMs named (space or comma separated), or every live one when none is named. */
    public List<HostCost> measure(List<String> names) {
        List<VmSession> vms = new ArrayList<>();
        List<String> wanted = names == null ? List.of() : names.stream().flatMap(n -> CommaList.of(n).stream()).toList();
        if (wanted.isEmpty()) {
            vms.addAll(registry.live());
            if (vms.isEmpty()) {
                throw new VmbenchException("no live VM: boot one first ('boot --name qemu1'), or name one ('vms' lists them)");
            }
        } else {
            for (String n : wanted) {
                vms.add(registry.getLive(n));
            }
        }
        List<HostCost> out = new ArrayList<>();
        for (VmSession vm : vms) {
            out.add(measure(vm));
        }
        return out;
    }

    /**
     * One VM's figures now.
     *
     * @throws VmbenchException one line when its hypervisor's /proc entry is gone (it has just ended)
     */
    public static HostCost measure(VmSession vm) {
        ProcessReader proc = vm.process();
        long pid = vm.pid();
        Optional<ProcStat> stat = proc.stat(pid);
        Optional<List<Smaps.Mapping>> maps = proc.smaps(pid);
        if (stat.isEmpty() || maps.isEmpty() || stat.get().state() == 'Z' || stat.get().state() == 'X') {
            throw gone(vm);
        }
        List<Long> children = proc.children(pid);
        List<Smaps.Mapping> childMaps = new ArrayList<>();
        children.forEach(c -> proc.smaps(c).ifPresent(childMaps::addAll));
        VmmMemory memory = VmmMemory.of(maps.get(), vm.hypervisorStrategy().guestRamLayouts(vm.spec()), childMaps);
        ProcessReader.Cpu cpu = proc.cpu(stat.get(), children);
        int files = proc.openFiles(pid);
        return new HostCost(vm.name(), vm.hypervisor(), vm.accel().label(), pid, vm.uptime().toMillis() / 1000.0, memory,
                proc.vmRss(pid), cpu.user(), cpu.system(), vm.recentCpu(),
                VmSession.CPU_WINDOW_SECONDS, stat.get().threads(), files, children, vm.bootPhases());
    }

    private static VmbenchException gone(VmSession vm) {
        vm.awaitExitQuietly();
        return new VmbenchException(vm.name() + "'s hypervisor (pid " + vm.pid() + ") has no /proc entry any more: it "
                + "has ended (" + vm.exit().map(e -> e.describe()).orElse("just now") + "); 'vms' shows it");
    }
}
