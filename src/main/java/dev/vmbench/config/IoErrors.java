package dev.vmbench.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns an I/O failure into the words a user acts on: what was wrong with which path ("no space left on
 * device", "permission denied") and what to do, never a Java class name.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** The cause, in lower case words: "no space left on device", "permission denied", ... */
    public static String cause(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }

    /** Whether the failure was a full file system (or a quota). */
    public static boolean noSpace(IOException e) {
        String c = cause(e).toLowerCase(Locale.ROOT);
        return c.contains("no space left") || c.contains("quota exceeded");
    }

    /** What to do about it, or an empty string when the cause says enough. */
    public static String remedy(IOException e) {
        String c = cause(e).toLowerCase(Locale.ROOT);
        if (noSpace(e)) {
            return "free some space there and try again (no restart needed)";
        }
        if (c.contains("permission denied")) {
            return "fix the permissions, or set VMBENCH_HOME to a folder you own";
        }
        if (c.contains("read-only file system")) {
            return "set VMBENCH_HOME to a writable folder";
        }
        return "";
    }

    /** "cannot write PATH: no space left on device: free some space there and try again". */
    public static String describe(String action, Path path, IOException e) {
        String what = path != null ? path.toString() : e instanceof FileSystemException f && f.getFile() != null
                ? f.getFile() : "";
        String remedy = remedy(e);
        return action + (what.isEmpty() ? "" : " " + what) + ": " + cause(e) + (remedy.isEmpty() ? "" : ": " + remedy);
    }
}
