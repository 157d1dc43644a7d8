package dev.vmbench.screen;

import java.util.ArrayList;
import java.util.List;

import dev.vmbench.session.VmSession;
import dev.vmbench.text.SplitLayout;
import dev.vmbench.text.TerminalText;

/** The consoles of live VMs, for {@code watch}: each pane a VM's scrollback, titled with its name and state. */
public final class LiveConsoles implements SplitScreen.Source {

    private final List<VmSession> vms;

    public LiveConsoles(List<VmSession> vms) {
        this.vms = List.copyOf(vms);
    }

    @Override
    public List<SplitLayout.Pane> panes(int lines) {
        List<SplitLayout.Pane> panes = new ArrayList<>();
        for (VmSession vm : vms) {
            List<String> text = new ArrayList<>();
            for (String l : vm.console().scrollback().lastLines(lines)) {
                text.add(TerminalText.plain(l));
            }
            panes.add(new SplitLayout.Pane(vm.name() + " · " + vm.stateLine(), text));
        }
        return panes;
    }

    @Override
    public String status() {
        return " watch: " + vms.size() + " VM" + (vms.size() == 1 ? "" : "s") + ", read-only · q or Esc leaves";
    }
}
