package dev.vmbench.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;

/**
 * The two native libraries a pty needs (pty4j's {@code libpty.so} and JNA's {@code libjnidispatch.so}), put
 * into VMBENCH_HOME/native by vmbench itself before pty4j or JNA first load, and pointed at with
 * {@code pty4j.preferred.native.folder} and {@code jna.boot.library.path}.
 *
 * <p>Left to themselves, both libraries unpack their natives on first use and remember a failure for the life
 * of the JVM: a full disk at the first boot then broke every later boot of that shell, with a page of stack
 * trace. Here a failure is one line naming the path and the cause, nothing is remembered, and the next boot
 * tries again, so the shell works as soon as space is back.
 */
public final class PtyNatives {

    private static volatile boolean ready;

    private PtyNatives() {
    }

    /** Makes sure the libraries are in place; cheap after the first success. */
    public static synchronized void ensure(Path nativeDir) {
        if (ready) {
            return;
        }
        String arch = arch();
        if (arch == null) {
            ready = true; // an architecture vmbench does not know: pty4j and JNA find their own way
            return;
        }
        Path pty = nativeDir.resolve("linux").resolve(arch).resolve("libpty.so");
        Path jnaDir = nativeDir.resolve("jna");
        Path jna = jnaDir.resolve("libjnidispatch.so");
        boolean havePty = place("resources/com/pty4j/native/linux/" + arch + "/libpty.so", pty);
        boolean haveJna = place("com/sun/jna/linux-" + arch + "/libjnidispatch.so", jna);
        if (havePty && System.getProperty("pty4j.preferred.native.folder") == null) {
            System.setProperty("pty4j.preferred.native.folder", nativeDir.toAbsolutePath().toString());
        }
        if (haveJna && System.getProperty("jna.boot.library.path") == null) {
            System.setProperty("jna.boot.library.path", jnaDir.toAbsolutePath().toString());
        }
        ready = true;
    }

    /** JNA's and pty4j's name for this machine's architecture, or null. */
    static String arch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        return switch (a) {
            case "amd64", "x86_64" -> "x86-64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
    }

    /** Copies a bundled library to the target unless an identical copy is there. @return false when not bundled */
    private static boolean place(String resource, Path target) {
        byte[] bundled;
        try (InputStream in = PtyNatives.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            bundled = in.readAllBytes();
        } catch (IOException e) {
            return false;
        }
        try {
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bundled)) {
                return true;
            }
            PrivateFiles.createParents(target);
            // a name of its own: two shells starting on a new VMBENCH_HOME at once each write their own copy
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
            try (var out = Files.newOutputStream(tmp)) {
                out.write(bundled);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot put the pty library in", target, e)
                    + "; no VM could be started");
        }
    }
}
