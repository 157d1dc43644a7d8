package dev.vmbench.session;

import java.time.Duration;

import dev.vmbench.console.ConsoleListener;

/**
 * Watches a console for the kernel's panic line. With {@code panic=-1} and {@code -no-reboot} a panic ends
 * QEMU at once; but a panic path can hang (seen once under TCG on a loaded host: the guest sat for over a
 * minute), and a hung guest must not look alive. When the line appears and the hypervisor has not ended
 * after a grace period, the session is ended by force; its last console lines show the panic.
 */
final class PanicWatch implements ConsoleListener {

    static final String PANIC = "Kernel panic - not syncing";
    private static final int KEEP = PANIC.length() - 1;

    private final Duration grace;
    private final Runnable onHang;
    private final StringBuilder tail = new StringBuilder();
    private volatile boolean seen;

    PanicWatch(Duration grace, Runnable onHang) {
        this.grace = grace;
        this.onHang = onHang;
    }

    /** Cheap (a short tail and a search), and it never blocks: the hang timer runs elsewhere. */
    @Override
    public Delivery delivery() {
        return Delivery.SYNCHRONOUS;
    }

    @Override
    public String label() {
        return "panic-watch";
    }

    @Override
    public void onOutput(String text, long nanoTime) {
        if (seen) {
            return;
        }
        tail.append(text);
        if (tail.indexOf(PANIC) >= 0) {
            seen = true;
            java.util.concurrent.CompletableFuture.delayedExecutor(grace.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS).execute(onHang);
            return;
        }
        if (tail.length() > KEEP) {
            tail.delete(0, tail.length() - KEEP);
        }
    }

    boolean seen() {
        return seen;
    }
}
