package org.opensirelay.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The relay's data and secrets readable by its own user only (where the file system has POSIX modes). */
public final class OwnerOnly {

    private OwnerOnly() {
    }

    /** A file: rw-------. */
    public static void file(Path file) throws IOException {
        set(file, "rw-------");
    }

    /** A directory: rwx------. */
    public static void directory(Path directory) throws IOException {
        set(directory, "rwx------");
    }

    private static void set(Path path, String mode) throws IOException {
        // Windows: the file inherits its folder's permissions.
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }
}
