package dev.vmbench.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.vmbench.VmbenchException;

/**
 * Files a user names on the command line (exports, reports): parent folders made (0700), the file 0600 like
 * everything vmbench writes, written whole or not at all, failures one line naming the cause.
 */
public final class OutputFile {

    private OutputFile() {
    }

    /** @return the absolute path written */
    public static Path write(String file, String content) {
        Path p = Path.of(file).toAbsolutePath();
        if (Files.isDirectory(p)) {
            throw new dev.vmbench.UsageException(file + " is a folder: give a file name");
        }
        try {
            PrivateFiles.writeAtomically(p, content);
        } catch (IOException e) {
            throw new VmbenchException(IoErrors.describe("cannot write", p, e), e);
        }
        return p;
    }
}
