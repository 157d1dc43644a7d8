package dev.vmbench.session;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vmbench.VmbenchException;

/**
 * After the link to a VM's host was lost: its hypervisor there may live on (sshd notices a dead client only
 * if it is told to look). Every few seconds, until the host answers again, this asks; once it does, a hypervisor
 * still running under that PID with this VM's name is killed, and its end is verified and recorded on the
 * session ({@link VmSession#remoteFate()}).
 */
final class RemoteReaper {

    private static final Logger log = LoggerFactory.getLogger(RemoteReaper.class);
    static final Duration EVERY = Duration.ofSeconds(2);
    static final Duration GIVE_UP = Duration.ofMinutes(30);

    private RemoteReaper() {
    }

    static void start(VmSession s) {
        s.remoteFate("its hypervisor on " + s.host().name() + " (pid " + s.pid() + "): to be verified gone once the "
                + "link is back");
        Thread t = new Thread(() -> run(s), "reaper-" + s.name());
        t.setDaemon(true);
        t.start();
    }

    private static void run(VmSession s) {
        long pid = s.pid();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<String> cmdline = s.host().procText(pid, "cmdline");
                // the same pid with the same command line (ssh execs the hypervisor's argv as it is)
                String argv = String.join("\0", s.plan().argv()) + "\0";
                boolean ours = cmdline.map(c -> c.startsWith(argv)).orElse(false);
                if (!ours) {
                    s.deleteStateDir(); // its config and disk copy, now that nothing uses them
                    String when = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
                    s.remoteFate("its hypervisor on " + s.host().name() + " is gone (verified at " + when
                            + ", once the link was back)");
                    log.info("{}: hypervisor pid {} on {} verified gone", s.name(), pid, s.host().name());
                    return;
                }
                s.host().run(List.of("kill", "-KILL", Long.toString(pid)), null, null, Duration.ofSeconds(10), null);
            } catch (VmbenchException e) {
                log.debug("{}: {} not answering yet: {}", s.name(), s.host().name(), e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(EVERY.toMillis()); // a retry period, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
        s.remoteFate("its hypervisor on " + s.host().name() + " (pid " + pid + ") could not be verified gone: the host "
                + "did not answer for " + GIVE_UP.toMinutes() + " min; check it there");
    }
}
