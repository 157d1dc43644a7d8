package dev.vmbench.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.vmbench.config.IoErrors;
import dev.vmbench.config.PrivateFiles;
import dev.vmbench.config.VmbenchPaths;

/**
 * vmbench: {@code java -jar vmbench.jar} opens the shell; {@code java -jar vmbench.jar COMMAND ...} runs one
 * command and exits with its status (0 ok, 1 failed, 2 usage error).
 */
@SpringBootApplication(scanBasePackages = "dev.vmbench")
public class VmbenchApplication {

    public static void main(String[] args) {
        VmbenchPaths paths = VmbenchPaths.fromEnvironment();
        boolean aotBuild = Boolean.getBoolean("spring.aot.processing"); // 'mvn package' running the context's AOT step
        if (!aotBuild) {
            prepareHome(paths);
        }
        SpringApplication app = new SpringApplication(VmbenchApplication.class);
        int status;
        try {
            status = SpringApplication.exit(app.run(args));
        } catch (SpringApplication.AbandonedRunException e) {
            throw e; // the AOT step stops the run here, having what it needs
        } catch (RuntimeException e) {
            // the shell's runners let nothing out: this is a failure to start at all
            System.err.println("vmbench could not start: " + rootMessage(e) + " (details in " + paths.home()
                    .resolve("vmbench.log") + ")");
            status = 1;
        }
        System.exit(status);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /**
     * Where logs, history and native libraries go, before anything reads those properties. The folders are made
     * private (0700) and the files libraries write (history, the log) are created 0600 first, so the libraries'
     * own umask-based modes never apply.
     */
    static void prepareHome(VmbenchPaths paths) {
        try {
            PrivateFiles.createDirectories(paths.home());
            PrivateFiles.tighten(paths.home());
            for (Path dir : new Path[] {paths.state(), paths.nativeLibs(), paths.images()}) {
                PrivateFiles.createDirectories(dir);
                PrivateFiles.tighten(dir);
            }
            for (Path file : new Path[] {paths.home().resolve("history"), paths.home().resolve("vmbench.log")}) {
                if (Files.exists(file)) {
                    PrivateFiles.tighten(file);
                } else {
                    PrivateFiles.createNew(file);
                }
            }
        } catch (IOException e) {
            if (!Files.isDirectory(paths.home())) {
                System.err.println("vmbench: " + IoErrors.describe("cannot create", paths.home(), e)
                        + " (or set VMBENCH_HOME to a writable folder)");
                System.exit(2);
            }
            System.err.println("vmbench: warning: " + IoErrors.describe("cannot prepare", paths.home(), e));
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
