package dev.vmbench.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(.*?)(\\d+)");
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
        checkName(requested);
        VmSession existing = sessions.get(requested);
        if (reserved.contains(requested) || (existing != null && existing.isAlive())) {
            throw new VmbenchException("a VM named '" + requested + "' already exists: pick another --name, or stop "
                    + requested + " first");
        }
        reserved.add(requested);
        return requested;
    }

    /**
     * Claims several names at once, all or none: each requested name, or for a null entry the first free
     * {@code PREFIXn}.
     */
    public synchronized List<String> claimAll(List<String> requested, String prefix) {
        List<String> claimed = new ArrayList<>();
        try {
            for (String r : requested) {
                if (r != null && claimed.contains(r)) {
                    throw new VmbenchException("'" + r + "' is named twice: give each VM its own name");
                }
                claimed.add(claim(r, prefix));
            }
            return claimed;
        } catch (RuntimeException e) {
            claimed.forEach(this::release);
            throw e;
        }
    }

    /** Refuses a name no VM may have. */
    public void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new VmbenchException("bad VM name '" + name
                    + "': use up to 32 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
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

    /** Forgets a session whose boot failed (its name is free again); a newer session of that name stays. */
    public synchronized void remove(VmSession session) {
        sessions.remove(session.name(), session);
        reserved.remove(session.name());
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

    /**
     * Gets a session whose guest shell answers: commands can run in it. A VM still booting is refused with
     * where its boot is.
     */
    public VmSession getReady(String name) {
        VmSession s = getLive(name);
        if (s.state() == VmState.BOOTING) {
            throw new VmbenchException(name + " is still booting (" + s.bootPhase() + ", " + String.format(
                    java.util.Locale.ROOT, "%.1f s", s.uptime().toMillis() / 1000.0) + " so far): wait for its ready "
                    + "line ('vms' shows it), or watch it boot with 'watch " + name + "'");
        }
        return s;
    }

    /** Every session, in name order, numbers compared as numbers (qemu2 before qemu10). */
    public synchronized List<VmSession> list() {
        return sessions.values().stream().sorted(Comparator.comparing(VmSession::name, SessionRegistry::byName))
                .toList();
    }

    public synchronized List<String> names() {
        return sessions.keySet().stream().sorted(SessionRegistry::byName).toList();
    }

    /** qemu2 before qemu10: a trailing number is compared as a number. */
    static int byName(String a, String b) {
        Matcher ma = TRAILING_NUMBER.matcher(a);
        Matcher mb = TRAILING_NUMBER.matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && ma.group(2).length() < 10
                && mb.group(2).length() < 10) {
            return Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
        }
        return a.compareTo(b);
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
        return all(targets, "stop", s -> s.stop(grace));
    }

    /** Kills the given sessions in parallel. @return each session's exit, in order */
    public List<VmExit> killAll(List<VmSession> targets) throws InterruptedException {
        return all(targets, "kill", VmSession::kill);
    }

    private interface Ending {
        VmExit end(VmSession s) throws InterruptedException;
    }

    private List<VmExit> all(List<VmSession> targets, String verb, Ending ending) throws InterruptedException {
        if (targets.isEmpty()) {
            return List.of();
        }
        List<dev.vmbench.Fanout.Task<VmExit>> tasks = targets.stream()
                .<dev.vmbench.Fanout.Task<VmExit>>map(s -> () -> ending.end(s)).toList();
        List<dev.vmbench.Fanout.Result<VmExit>> results = dev.vmbench.Fanout.all(
                targets.stream().map(s -> "vm-" + verb + "-" + s.name()).toList(), tasks, java.time.Duration.ofSeconds(10));
        List<VmExit> exits = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).ok()) {
                exits.add(results.get(i).value());
            } else {
                log.warn("{} of {} failed; killing it", verb, targets.get(i).name(), results.get(i).failure());
                exits.add(targets.get(i).kill());
            }
        }
        return exits;
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
