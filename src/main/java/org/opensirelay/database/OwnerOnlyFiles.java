package org.opensirelay.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold the database or its keys, readable by their owner only from the moment they exist. */
final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /** A new file, rw------- as it is created (never readable by others, not even for a moment), open to write. */
    static OutputStream create(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            // Windows: the file inherits its folder's permissions.
            Files.createFile(file);
        }
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
