package org.opensirelay.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The relay's data and secrets readable by its own user only (where the file system has POSIX modes). */
public final class OwnerOnly {

    private OwnerOnly() {}

    /** A file: rw-------. */
    public static void file(Path file) throws IOException {
        set(file, "rw-------");
    }

    /**
     * The secret kept in {@code file}: made at random (48 bytes, Base64) and written owner-only the
     * first time, read from then on. The file appears whole or not at all (written aside, then moved).
     */
    public static byte[] secretFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[48];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.getParent());
                Path written = Files.writeString(
                        file.resolveSibling(file.getFileName() + ".new"),
                        Base64.getEncoder().encodeToString(random));
                file(written);
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            }
            file(file);
            return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the secret " + file, e);
        }
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
