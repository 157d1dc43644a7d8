package dev.vmbench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several tasks at once, one daemon thread each, and waits for them all: many VMs booted, stopped or
 * compared side by side. A task's failure is its result, never the others' end. Interrupted (Ctrl-C), it
 * interrupts every task, waits a bounded time for them to clean up (each stops what it started), and throws.
 */
public final class Fanout {

    private Fanout() {
    }

    /** One task: may block, and must end promptly (cleaning up) when interrupted. */
    public interface Task<T> {
        T call() throws InterruptedException;
    }

    /** What one task gave: its value, or how it failed (an interrupted task failed with a VmbenchException). */
    public record Result<T>(T value, RuntimeException failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * @param names a name per task, for its thread ("boot-" + name ...)
     * @param grace how long an interrupted call waits for the tasks to end
     * @return the results, in the tasks' order
     * @throws InterruptedException when the caller was interrupted; the tasks were interrupted and waited for
     */
    public static <T> List<Result<T>> all(List<String> names, List<? extends Task<T>> tasks, Duration grace)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Result<T>[] results = new Result[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            int k = i;
            Thread t = new Thread(() -> results[k] = run(tasks.get(k)), names.get(i));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            long deadline = System.nanoTime() + grace.toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            throw e;
        }
        return List.of(results);
    }

    private static <T> Result<T> run(Task<T> task) {
        try {
            return new Result<>(task.call(), null);
        } catch (InterruptedException e) {
            return new Result<>(null, new VmbenchException("interrupted"));
        } catch (RuntimeException e) {
            return new Result<>(null, e);
        } catch (Error e) {
            return new Result<>(null, new IllegalStateException(e.toString(), e)); // told, not a null result
        }
    }
}
