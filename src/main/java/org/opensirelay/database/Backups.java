package org.opensirelay.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;

import org.opensirelay.settings.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Backups of the embedded database while the relay runs: H2's online {@code BACKUP TO} writes a
 * consistent copy of the database file into a zip in {@code <data-dir>/backups/} (owner-only),
 * on demand (admin API) and, with {@code relay.backup.every} set (off by default), on a schedule keeping the newest
 * {@code relay.backup.keep}. Restoring is unzipping one into an empty data directory, the relay
 * stopped (README, "A first day in production"). On PostgreSQL the database's own tools do this.
 */
@Component
public class Backups {

    /** One backup file. */
    public record Backup(String file, long bytes, Instant at) {}

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern(
                    "'opensi-relay-'yyyyMMdd'T'HHmmssSSS'Z.zip'")
            .withZone(ZoneOffset.UTC);

    private final JdbcTemplate jdbc;
    private final DatabaseKind database;
    private final Path directory;
    private final Clock clock;
    private final int keep;
    private final ScheduledExecutorService schedule;

    Backups(
            JdbcTemplate jdbc,
            DatabaseKind database,
            Clock clock,
            @Value("${relay.data-dir:./data}") Path dataDir,
            @Value("${relay.backup.every:PT0S}") Duration every,
            @Value("${relay.backup.keep:7}") int keep) {
        this.jdbc = jdbc;
        this.database = database;
        this.directory = dataDir.toAbsolutePath().resolve("backups");
        this.clock = clock;
        this.keep = Math.max(1, keep);
        if (database == DatabaseKind.H2 && !every.isZero() && !every.isNegative()) {
            schedule = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("backups"));
            long millis = every.toMillis();
            schedule.scheduleWithFixedDelay(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
            log.info(
                    "backups of the embedded database every {} into {}, the newest {} kept",
                    every,
                    directory,
                    this.keep);
        } else {
            schedule = null;
        }
    }

    /** Whether this relay's database is backed up here (the embedded one is; PostgreSQL has its own tools). */
    public boolean supported() {
        return database == DatabaseKind.H2;
    }

    /** A consistent copy of the database now, while requests go on; older scheduled copies beyond {@code keep} are removed. */
    public synchronized Backup backUpNow() {
        if (!supported()) {
            throw new IllegalStateException(
                    "the relay runs on PostgreSQL: back it up with pg_dump or the server's own backups");
        }
        try {
            Files.createDirectories(directory);
            OwnerOnly.directory(directory);
            Instant at = clock.instant();
            Path file = directory.resolve(NAME.format(at));
            // H2 copies the database file page by page inside its own lock: writers wait briefly, readers do not.
            jdbc.execute("BACKUP TO '" + file.toString().replace("'", "''") + "'");
            OwnerOnly.file(file);
            Backup backup = new Backup(file.getFileName().toString(), Files.size(file), at);
            log.info("backup of the embedded database written: {} ({} bytes)", file, backup.bytes());
            prune();
            return backup;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a backup into " + directory, e);
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
                                    Files.getLastModifiedTime(f).toInstant());
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

    private void prune() throws IOException {
        List<Backup> all = list();
        for (Backup old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(directory.resolve(old.file()));
        }
    }

    private void scheduled() {
        try {
            backUpNow();
        } catch (RuntimeException e) {
            // The next one tries again; an operator alerting on ERROR hears of it.
            log.error("scheduled backup failed: {}", e.toString());
        }
    }

    /** A stop lets a backup under way finish (its file appears whole or not at all), then none starts. */
    @PreDestroy
    void stop() {
        if (schedule != null) {
            BackgroundThreads.stop(schedule, Duration.ofSeconds(30));
        }
    }
}
