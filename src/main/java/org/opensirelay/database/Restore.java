package org.opensirelay.database;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.opensirelay.settings.OwnerOnly;

/**
 * {@code java -jar opensi-relay.jar restore <backup.zip> <data-dir>}: puts a backup written by
 * {@link Backups} back, the relay stopped, onto an empty data directory (made if missing): the
 * database and its key files, each owner-only from its creation, the directory too. Whole or not at
 * all: the files are written aside and moved into place once every one was read whole (each entry's
 * CRC checked); on any problem the directory is left as it was. Runs without starting the relay.
 */
public final class Restore {

    /** The files a backup may hold, and the only ones restored. */
    static final Set<String> FILES = Set.of(Backups.DATABASE_FILE, "website-secrets.key", "webhooks-signing.key");

    private static final String USAGE = "usage: java -jar opensi-relay.jar restore <backup.zip> <empty data directory>";
    /**
     * What an empty data directory may hold all the same, not data: a new file system's lost+found,
     * and the note the container image puts in /data (a new volume gets a copy of it).
     */
    private static final Set<String> ALLOWED_IN_EMPTY = Set.of("lost+found", "README.txt");

    private Restore() {}

    /** Whether the command line asks for a restore rather than a relay. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && args[0].equals("restore");
    }

    /** Runs the command; returns the process's exit code (0 restored, 1 not restored, 2 a wrong command line). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println(USAGE);
            return 2;
        }
        Path backup = Path.of(args[1]).toAbsolutePath();
        Path dataDir = Path.of(args[2]).toAbsolutePath();
        try {
            Map<String, Long> restored = restore(backup, dataDir);
            out.println("restored " + backup.getFileName() + " into " + dataDir + ":");
            restored.forEach((file, bytes) -> out.println("  " + file + " (" + bytes + " bytes)"));
            out.println("Start the relay with relay.data-dir=" + dataDir + " and its usual settings.");
            needs(backup).forEach(line -> out.println("This backup says the relay needs the setting " + line.strip()));
            return 0;
        } catch (RestoreRefused | IOException e) {
            err.println("not restored: " + e.getMessage());
            return 1;
        }
    }

    /** The restore itself; returns each file restored with its size. */
    static Map<String, Long> restore(Path backup, Path dataDir) throws IOException {
        if (!Files.isRegularFile(backup)) {
            throw new RestoreRefused(backup + " is not a file");
        }
        requireEmpty(dataDir);
        Files.createDirectories(dataDir);
        try {
            OwnerOnly.directory(dataDir);
        } catch (FileSystemException notOurs) {
            // A volume's mount point of another owner (the image's /data): its files are owner-only all the same.
        }
        Map<String, Long> written = new LinkedHashMap<>();
        List<Path> aside = new ArrayList<>();
        try {
            try (InputStream in = Files.newInputStream(backup);
                    ZipInputStream entries = new ZipInputStream(in)) {
                for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                    String name = entry.getName();
                    if (name.equals(Backups.README)) {
                        continue;
                    }
                    if (!FILES.contains(name)) {
                        throw new RestoreRefused(backup.getFileName() + " holds " + name
                                + ": not a backup written by opensi-relay (it holds " + String.join(", ", FILES)
                                + " and " + Backups.README + ")");
                    }
                    if (written.containsKey(name)) {
                        throw new RestoreRefused(backup.getFileName() + " holds " + name + " twice");
                    }
                    Path target = dataDir.resolve("." + name + ".restoring");
                    aside.add(target);
                    try (OutputStream file = OwnerOnlyFiles.create(target)) {
                        // The entry's CRC is checked when its end is read: a damaged backup fails here.
                        written.put(name, entries.transferTo(file));
                    }
                }
            } catch (ZipException | EOFException damaged) {
                throw new RestoreRefused(backup.getFileName() + " is not a whole zip (" + damaged.getMessage()
                        + "): copied in part, or damaged");
            }
            if (!written.containsKey(Backups.DATABASE_FILE)) {
                throw new RestoreRefused(backup.getFileName() + " holds no " + Backups.DATABASE_FILE);
            }
            for (String name : written.keySet()) {
                Files.move(
                        dataDir.resolve("." + name + ".restoring"),
                        dataDir.resolve(name),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return written;
        } catch (IOException | RuntimeException e) {
            for (Path file : aside) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    private static void requireEmpty(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        if (!Files.isDirectory(dataDir)) {
            throw new RestoreRefused(dataDir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            List<String> there = files.map(f -> f.getFileName().toString())
                    .filter(name -> !ALLOWED_IN_EMPTY.contains(name))
                    .sorted()
                    .toList();
            if (!there.isEmpty()) {
                throw new RestoreRefused(
                        dataDir + " is not empty (" + String.join(", ", there.subList(0, Math.min(5, there.size())))
                                + (there.size() > 5 ? ", …" : "")
                                + "): a restore goes onto an empty data directory, so that"
                                + " nothing of another database is mixed with it. Move what is there aside, or choose another directory.");
            }
        }
    }

    /** The settings the backup's {@value Backups#README} says the restored relay needs. */
    private static List<String> needs(Path backup) {
        try (InputStream in = Files.newInputStream(backup);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (entry.getName().equals(Backups.README)) {
                    return new String(entries.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(line -> line.startsWith("  relay."))
                            .toList();
                }
            }
        } catch (IOException unreadable) {
            // Restored already; the README is only advice.
        }
        return List.of();
    }

    /** A restore that cannot be done, said in a sentence. */
    private static final class RestoreRefused extends RuntimeException {

        RestoreRefused(String message) {
            super(message, null, false, false);
        }
    }
}
