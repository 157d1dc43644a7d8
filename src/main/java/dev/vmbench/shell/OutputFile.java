package dev.vmbench.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.vmbench.VmbenchException;

/** Files a user names on the command line (exports, reports): parent folders made, failures one line. */
final class OutputFile {

    private OutputFile() {
    }

    /** @return the absolute path written */
    static Path write(String file, String content) {
        Path p = Path.of(file).toAbsolutePath();
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new VmbenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return p;
    }
}
