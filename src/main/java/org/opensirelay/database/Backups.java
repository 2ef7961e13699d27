package org.opensirelay.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.opensirelay.background.Workers;
import org.opensirelay.settings.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Backups of the embedded database while the relay runs, each one archive holding all a restore
 * needs: H2's online {@code BACKUP TO} copy of the database file, the key files of the data directory
 * that what it holds was sealed or signed with ({@link DatabaseKeys}: {@code website-secrets.key},
 * {@code webhooks-signing.key}), and a {@value #README} saying what is in it and which settings the
 * restored relay needs (a key given by a setting is not in the archive: only its fingerprint is named).
 * Written into {@code <data-dir>/backups/} (owner-only, the archive too from its creation), on demand
 * (admin API) and, with {@code relay.backup.every} set (off by default), on a schedule keeping the
 * newest {@code relay.backup.keep}. {@link Restore} puts one back onto an empty data directory. On
 * PostgreSQL the database's own tools do this.
 */
@Component
public class Backups implements SmartLifecycle {

    /** One backup file, and the files it holds. */
    public record Backup(String file, long bytes, Instant at, List<String> holds) {}

    /** The database file, as H2 names it in its copy. */
    static final String DATABASE_FILE = "opensi-relay.mv.db";
    /** What a backup holds and what the restored relay needs, for the operator who opens it. */
    static final String README = "RESTORE.txt";

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern(
                    "'opensi-relay-'yyyyMMdd'T'HHmmssSSS'Z.zip'")
            .withZone(ZoneOffset.UTC);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final DatabaseDialect database;
    private final DatabaseKeys keys;
    private final Path dataDir;
    private final Path directory;
    private final Clock clock;
    private final int keep;
    private final Duration every;
    /** The scheduled backups' thread, {@code relay-backups-1}: from each start to the stop after it. */
    private final Workers schedule = Workers.scheduled("backups", STOP_WITHIN);

    Backups(
            JdbcTemplate jdbc,
            DatabaseDialect database,
            DatabaseKeys keys,
            Clock clock,
            @Value("${relay.data-dir:./data}") Path dataDir,
            @Value("${relay.backup.every:PT0S}") Duration every,
            @Value("${relay.backup.keep:7}") int keep) {
        this.jdbc = jdbc;
        this.database = database;
        this.keys = keys;
        this.dataDir = dataDir.toAbsolutePath();
        this.directory = this.dataDir.resolve("backups");
        this.clock = clock;
        this.keep = Math.max(1, keep);
        this.every = every;
        if (scheduled()) {
            log.info(
                    "backups of the embedded database every {} into {}, the newest {} kept",
                    every,
                    directory,
                    this.keep);
        }
    }

    private boolean scheduled() {
        return database.embedded() && !every.isZero() && !every.isNegative();
    }

    @Override
    public void start() {
        if (scheduled()) {
            schedule.startEvery(every, this::backUpOnSchedule);
        }
    }

    /** A stop lets a backup under way finish (its file appears whole or not at all), then none starts. */
    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.running();
    }

    @Override
    public int getPhase() {
        return Workers.SELF_DRIVEN;
    }

    /** Whether this relay's database is backed up here (the embedded one is; PostgreSQL has its own tools). */
    public boolean supported() {
        return database.embedded();
    }

    /**
     * A consistent copy of the database now, while requests go on, with the key files it needs, in one
     * owner-only archive; older backups beyond {@code keep} are removed.
     */
    public synchronized Backup backUpNow() {
        if (!supported()) {
            throw new IllegalStateException(
                    "the relay runs on PostgreSQL: back it up with pg_dump or the server's own backups");
        }
        Instant at = clock.instant();
        String name = NAME.format(at);
        Path file = directory.resolve(name);
        Path copy = directory.resolve("." + name + ".database");
        Path partial = directory.resolve("." + name + ".partial");
        try {
            Files.createDirectories(directory);
            OwnerOnly.directory(directory);
            // The copy records its own name: a database restored from it can say which backup holds its keys.
            jdbc.update("DELETE FROM backup_taken");
            jdbc.update(
                    "INSERT INTO backup_taken (file, taken_at) VALUES (?, ?)",
                    name,
                    OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            // H2 copies the database file page by page inside its own lock: writers wait briefly, readers do not.
            jdbc.execute("BACKUP TO '" + copy.toString().replace("'", "''") + "'");
            List<String> holds = new ArrayList<>();
            try (OutputStream out = OwnerOnlyFiles.create(partial);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                copyDatabase(copy, zip);
                holds.add(DATABASE_FILE);
                for (DatabaseKeys.Key key : keys.known()) {
                    Path keyFile = dataDir.resolve(key.fileName());
                    if (Files.isRegularFile(keyFile)) {
                        zip.putNextEntry(new ZipEntry(key.fileName()));
                        zip.write(Files.readAllBytes(keyFile));
                        zip.closeEntry();
                        holds.add(key.fileName());
                    }
                }
                zip.putNextEntry(new ZipEntry(README));
                zip.write(readme(name, at, holds).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            Backup backup = new Backup(name, Files.size(file), at, List.copyOf(holds));
            log.info("backup written: {} ({} bytes: {})", file, backup.bytes(), String.join(", ", holds));
            prune();
            return backup;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a backup into " + directory, e);
        } finally {
            deleteQuietly(copy);
            deleteQuietly(partial);
        }
    }

    /** The backups there are, newest first. */
    public List<Backup> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("opensi-relay-\\d{8}T\\d{9}Z\\.zip"))
                    .map(f -> {
                        try {
                            return new Backup(
                                    f.getFileName().toString(),
                                    Files.size(f),
                                    Files.getLastModifiedTime(f).toInstant(),
                                    holds(f));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sorted(Comparator.comparing(Backup::file).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** The directory the backups are written to. */
    public Path directory() {
        return directory;
    }

    /** The database file out of H2's own copy (a zip of that one file). */
    private static void copyDatabase(Path copy, ZipOutputStream zip) throws IOException {
        try (InputStream in = Files.newInputStream(copy);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (!entry.getName().equals(DATABASE_FILE)) {
                    throw new IOException("H2's copy holds " + entry.getName() + ", not " + DATABASE_FILE);
                }
                zip.putNextEntry(new ZipEntry(DATABASE_FILE));
                entries.transferTo(zip);
                zip.closeEntry();
                return;
            }
        }
        throw new IOException("H2's copy of the database is empty");
    }

    /** What the operator reads in the archive: what it holds, which settings the restored relay needs, how to restore. */
    private String readme(String name, Instant at, List<String> holds) {
        StringBuilder text = new StringBuilder();
        Instant taken = at.truncatedTo(ChronoUnit.SECONDS);
        text.append("opensi-relay backup ")
                .append(name)
                .append(", taken ")
                .append(taken)
                .append("\n\n");
        text.append("It holds:\n");
        text.append("  ")
                .append(DATABASE_FILE)
                .append("  the embedded database, a consistent copy taken while the relay ran\n");
        List<DatabaseKeys.KeyInUse> fromSettings = new ArrayList<>();
        for (DatabaseKeys.KeyInUse key : keys.inUse()) {
            if (key.fromFile()) {
                text.append("  ")
                        .append(key.key().fileName())
                        .append("  ")
                        .append(key.key().purpose())
                        .append(" (fingerprint ")
                        .append(key.fingerprint(), 0, 16)
                        .append(")\n");
            } else {
                fromSettings.add(key);
            }
        }
        for (DatabaseKeys.Key key : keys.known()) {
            boolean described =
                    keys.inUse().stream().anyMatch(k -> k.key().name().equals(key.name()));
            if (!described && holds.contains(key.fileName())) {
                text.append("  ")
                        .append(key.fileName())
                        .append("  ")
                        .append(key.purpose())
                        .append("\n");
            }
        }
        text.append("\nSettings the restored relay needs, not in this archive (secrets of the configuration):\n");
        if (fromSettings.isEmpty()) {
            text.append("  none: its keys are the files above\n");
        }
        for (DatabaseKeys.KeyInUse key : fromSettings) {
            text.append("  ")
                    .append(key.key().setting())
                    .append("  the same value as the relay that took this backup (fingerprint ")
                    .append(key.fingerprint(), 0, 16)
                    .append(")\n");
        }
        text.append("\nRestore, the relay stopped, onto an empty data directory:\n");
        text.append("  java -jar opensi-relay.jar restore ").append(name).append(" /path/to/empty/data-dir\n");
        text.append("then start the relay with relay.data-dir set to that directory and its usual settings.\n");
        text.append("What was accepted after ")
                .append(taken)
                .append(" is not in this backup: the ERP sends it again at its next run.\n");
        return text.toString();
    }

    private static List<String> holds(Path backup) {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(backup);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (!entry.getName().equals(README)) {
                    names.add(entry.getName());
                }
            }
        } catch (IOException unreadable) {
            // Listed all the same: the operator sees it holds nothing readable.
        }
        return List.copyOf(names);
    }

    private void prune() throws IOException {
        List<Backup> all = list();
        for (Backup old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(directory.resolve(old.file()));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover starting with a dot; the next backup writes its own.
        }
    }

    private void backUpOnSchedule() {
        try {
            backUpNow();
        } catch (RuntimeException e) {
            // The next one tries again; an operator alerting on ERROR hears of it.
            log.error("scheduled backup failed: {}", e.toString());
        }
    }
}
