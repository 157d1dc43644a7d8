package dev.vmbench.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vmbench.config.PrivateFiles;

/** A VM's private folder for the files its hypervisor reads; removed when the VM ends. */
final class StateDirs {

    private static final Logger log = LoggerFactory.getLogger(StateDirs.class);

    private StateDirs() {
    }

    /**
     * Removes the VM folders left by vmbench processes that no longer run (a {@code kill -9}): each folder under
     * {@code vms} is named by the pid of the vmbench that made it.
     */
    static void sweep(Path vmStates) {
        if (!Files.isDirectory(vmStates)) {
            return;
        }
        try (Stream<Path> s = Files.list(vmStates)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("\\d{1,10}") && ProcessHandle.of(Long.parseLong(name)).map(h -> !h.isAlive())
                        .orElse(true)) {
                    delete(p);
                }
            }
        } catch (IOException e) {
            log.warn("could not look through {}: {}", vmStates, e.toString());
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            PrivateFiles.deleteTree(dir);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", dir, e.toString());
        }
    }
}
