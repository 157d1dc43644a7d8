package dev.vmbench;

import java.io.IOException;
import java.nio.file.Files;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.vmbench.config.VmbenchPaths;

/**
 * vmbench: {@code java -jar vmbench.jar} opens the shell; {@code java -jar vmbench.jar COMMAND ...} runs one
 * command and exits with its status.
 */
@SpringBootApplication
public class VmbenchApplication {

    public static void main(String[] args) {
        VmbenchPaths paths = VmbenchPaths.fromEnvironment();
        prepareHome(paths);
        SpringApplication app = new SpringApplication(VmbenchApplication.class);
        try {
            System.exit(SpringApplication.exit(app.run(args)));
        } catch (RuntimeException e) {
            // a one-shot command that failed: its message is already printed; exit with its status
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ExitCodeGenerator g) {
                    System.exit(g.getExitCode());
                }
            }
            throw e;
        }
    }

    /** Where logs, history and pty4j's native library go, before anything reads those properties. */
    static void prepareHome(VmbenchPaths paths) {
        try {
            Files.createDirectories(paths.nativeLibs());
            Files.createDirectories(paths.state());
        } catch (IOException e) {
            System.err.println("vmbench: cannot create " + paths.home() + ": " + e.getMessage()
                    + " (set VMBENCH_HOME to a writable folder)");
            System.exit(2);
        }
        setIfAbsent("pty4j.tmpdir", paths.nativeLibs().toString());
        setIfAbsent("vmbench.home", paths.home().toString());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
