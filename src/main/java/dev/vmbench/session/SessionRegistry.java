package dev.vmbench.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vmbench.VmbenchException;

/**
 * The VM sessions of this vmbench process, by name. Dead sessions stay listed (with how they ended)
 * until their name is reused. {@link #close()} ends every live VM.
 */
public class SessionRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    private final Map<String, VmSession> sessions = new LinkedHashMap<>();
    private final Set<String> reserved = new HashSet<>();

    /**
     * Claims a name for a VM about to boot: the requested one, or the first free {@code PREFIXn}.
     * A name held by a live or booting VM is refused; a dead VM's name may be reused.
     */
    public synchronized String claim(String requested, String prefix) {
        if (requested == null || requested.isBlank()) {
            for (int i = 1; ; i++) {
                String candidate = prefix + i;
                if (!reserved.contains(candidate) && !sessions.containsKey(candidate)) {
                    reserved.add(candidate);
                    return candidate;
                }
            }
        }
        if (!NAME.matcher(requested).matches()) {
            throw new VmbenchException("bad VM name '" + requested
                    + "': use up to 32 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        VmSession existing = sessions.get(requested);
        if (reserved.contains(requested) || (existing != null && existing.isAlive())) {
            throw new VmbenchException("a VM named '" + requested + "' already exists: pick another --name, or stop "
                    + requested + " first");
        }
        reserved.add(requested);
        return requested;
    }

    /** Gives back a claimed name whose boot failed. */
    public synchronized void release(String name) {
        reserved.remove(name);
    }

    /** Registers a booted session under its claimed name. */
    public synchronized void add(VmSession session) {
        reserved.remove(session.name());
        sessions.remove(session.name());
        sessions.put(session.name(), session);
    }

    public synchronized VmSession get(String name) {
        VmSession s = sessions.get(name);
        if (s == null) {
            throw new VmbenchException("no VM named '" + name + "'" + (sessions.isEmpty()
                    ? ": none is running; start one with 'boot'"
                    : ": 'vms' lists them (" + String.join(", ", sessions.keySet()) + ")"));
        }
        return s;
    }

    /** Gets a session that is still running. */
    public VmSession getLive(String name) {
        VmSession s = get(name);
        if (!s.isAlive()) {
            throw new VmbenchException(name + " is dead (" + s.exit().map(VmExit::describe).orElse("ended")
                    + "): 'logs " + name + "' shows its last output; boot it again with --name " + name);
        }
        return s;
    }

    public synchronized List<VmSession> list() {
        return List.copyOf(sessions.values());
    }

    public synchronized List<String> names() {
        return List.copyOf(sessions.keySet());
    }

    public List<VmSession> live() {
        return list().stream().filter(VmSession::isAlive).toList();
    }

    /**
     * Stops the given sessions in parallel: clean power-off, then SIGTERM and SIGKILL after the grace.
     *
     * @return each session's exit, in order
     */
    public List<VmExit> stopAll(List<VmSession> targets, Duration grace) throws InterruptedException {
        if (targets.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(targets.size(), r -> {
            Thread t = new Thread(r, "vm-stop");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<VmExit>> futures = new ArrayList<>();
            for (VmSession s : targets) {
                futures.add(pool.submit(() -> s.stop(grace)));
            }
            List<VmExit> exits = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    exits.add(futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    log.warn("stopping {} failed; killing it", targets.get(i).name(), e.getCause());
                    exits.add(targets.get(i).kill());
                }
            }
            return exits;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Ends every live VM: a short clean power-off, then force. Safe to call twice. */
    @Override
    public void close() {
        List<VmSession> live = live();
        if (live.isEmpty()) {
            return;
        }
        log.info("ending {} live VM(s)", live.size());
        try {
            stopAll(live, Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (VmSession s : live) {
                try {
                    s.kill();
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (VmSession s : live) {
            if (s.isAlive()) {
                log.error("{} (pid {}) is still alive after close", s.name(), s.pid());
            }
        }
    }
}
