package dev.vmbench.session;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples every live hypervisor's CPU seconds once a second on one daemon thread, so "CPU over the last 10 s"
 * can be read at any time ({@link VmSession#recentCpu()}). A VM's sampling ends when its process does.
 */
final class CpuSampler {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vmm-cpu-sampler");
        t.setDaemon(true);
        return t;
    });

    private CpuSampler() {
    }

    static void watch(VmSession vm) {
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        self.set(TIMER.scheduleAtFixedRate(() -> {
            try {
                if (!vm.sampleCpu()) {
                    ScheduledFuture<?> f = self.get();
                    if (f != null) {
                        f.cancel(false);
                    }
                }
            } catch (RuntimeException e) {
                // a /proc read that failed: the next second tries again, or the VM is gone
            }
        }, 0, 1, TimeUnit.SECONDS));
        vm.onExit(v -> {
            ScheduledFuture<?> f = self.get();
            if (f != null) {
                f.cancel(false);
            }
        });
    }
}
