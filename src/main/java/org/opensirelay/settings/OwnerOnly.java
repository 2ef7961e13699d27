package org.opensirelay.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The relay's data and secrets readable by its own user only (where the file system has POSIX modes),
 * from the moment each file exists: a file is created with its mode (never written first and
 * restricted after), so that not even a world-writable data directory (a container's volume) shows
 * a secret to another user for an instant.
 */
public final class OwnerOnly {

    private static final String FILE_MODE = "rw-------";

    private OwnerOnly() {}

    /** A file: rw-------. */
    public static void file(Path file) throws IOException {
        set(file, FILE_MODE);
    }

    /** An empty file created rw------- if none is there (one that is there is made rw-------). */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attributes(file));
        } catch (FileAlreadyExistsException exists) {
            file(file);
        }
    }

    /**
     * {@code text} written to {@code file}, replacing what was there: written aside in a file created
     * rw-------, then moved into place, so that the file appears whole or not at all, owner-only.
     */
    public static void write(Path file, String text) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(aside);
        try (SeekableByteChannel channel = Files.newByteChannel(
                aside, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(aside))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The secret kept in {@code file}: made at random (48 bytes, Base64) and written owner-only the
     * first time, read from then on.
     */
    public static byte[] secretFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[48];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.getParent());
                write(file, Base64.getEncoder().encodeToString(random));
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

    private static FileAttribute<?>[] attributes(Path path) {
        return isPosix(path)
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE))
                }
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        // Windows: the file inherits its folder's permissions.
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void set(Path path, String mode) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }
}
