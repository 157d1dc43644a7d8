package dev.vmbench.benchmark;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Resident memory of a vmbench shell (the launcher, on a pty of its own): idle at its prompt, then with N
 * live VMs booted from it. The hypervisors' own memory is reported beside it, since it is not the shell's.
 */
public final class ShellMemory {

    public record Result(int vms, long idleRss, long withVmsRss, long hypervisorsRss) {
        public String report() {
            double mib = 1024 * 1024;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("vmbench shell, resident memory (VmRSS):%n"));
            sb.append(String.format("  idle at the prompt (baseline)   %8.1f MiB%n", idleRss / mib));
            sb.append(String.format("  with %d live VMs                 %8.1f MiB  (%.2f × idle; +%.1f MiB per VM)%n", vms,
                    withVmsRss / mib, (double) withVmsRss / idleRss, (withVmsRss - idleRss) / mib / Math.max(1, vms)));
            sb.append(String.format("  the %d hypervisor processes     %8.1f MiB  (not the shell's; for scale)%n", vms,
                    hypervisorsRss / mib));
            return sb.toString();
        }
    }

    private ShellMemory() {
    }

    public static Result run(dev.vmbench.host.Host host, List<String> shell, int vms, String bootOptions, Map<String, String> env,
                             Consumer<String> progress) throws IOException, InterruptedException {
        try (ShellUnderTest s = ShellUnderTest.start(host, shell, env)) {
            s.await(ShellUnderTest.PROMPT, 0, 60);
            s.command("vms", 30);
            long idle = ShellUnderTest.rssBytes(s.pid());
            progress.accept(String.format("idle: %.1f MiB", idle / 1048576.0));
            try {
                for (int i = 1; i <= vms; i++) {
                    String out = s.command("boot --name mem" + i + " " + bootOptions, 300);
                    if (!out.contains("mem" + i + " is ready")) {
                        throw new IOException("mem" + i + " did not boot: "
                                + ShellUnderTest.readable(out));
                    }
                    progress.accept("mem" + i + " ready; shell " + String.format("%.1f MiB",
                            ShellUnderTest.rssBytes(s.pid()) / 1048576.0));
                }
                s.command("vms", 30);
                long with = ShellUnderTest.rssBytes(s.pid());
                long hv = 0;
                for (ProcessHandle h : ProcessHandle.of(s.pid()).orElseThrow().descendants().toList()) {
                    if (h.info().command().map(c -> c.contains("qemu") || c.contains("firecracker")).orElse(false)) {
                        hv += ShellUnderTest.rssBytes(h.pid());
                    }
                }
                return new Result(vms, idle, with, hv);
            } finally {
                try {
                    s.command("stop --all", 120);
                } catch (IOException e) {
                    progress.accept("stop --all did not finish (" + e.getMessage() + "); the shell is ended by force");
                }
            }
        }
    }
}
