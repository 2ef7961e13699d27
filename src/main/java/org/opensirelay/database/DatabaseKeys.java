package org.opensirelay.database;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.opensirelay.settings.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The keys kept outside the database that what it holds can only be read or checked with: the key
 * sealing websites' shop keys ({@code website-secrets.key} or {@code relay.secrets-key}) and the key
 * webhook secrets are derived from ({@code webhooks-signing.key} or {@code relay.webhooks.signing-key}).
 * <p>
 * The database keeps each key's fingerprint (an HMAC-SHA256 of a fixed text keyed by the key, never
 * the key) and where it came from. At start each key is checked against it: while the database holds
 * something that depends on the key, a missing key file is never made anew and another key is never
 * taken; the start stops with a paragraph naming the file to restore, from which backup, or the
 * setting that differs ({@link KeyMismatchException}). Nothing depending on it, a key may change:
 * its new fingerprint is recorded. {@link Backups} puts the key files in use into each backup.
 */
@Component
public class DatabaseKeys {

    /**
     * A key as its user knows it.
     *
     * @param name        its row in {@code key_fingerprint}
     * @param fileName    the file of the data directory it is kept in when its setting is unset
     * @param setting     the setting that gives it instead
     * @param holds       what the database holds that needs it, as a count reads ("websites' sealed shop keys")
     * @param madeWith    how that depends on the key, before "the key of …" ("sealed with")
     * @param purpose     what the key is for, in a sentence of its own
     * @param countQuery  {@code SELECT COUNT(*)} of what needs it
     * @param sampleQuery one stored value the key must open, for a database that has no fingerprint yet
     *                    (written by a release before fingerprints); null when nothing can be checked so
     * @param opens       whether a key opens such a value
     */
    public record Key(
            String name,
            String fileName,
            String setting,
            String holds,
            String madeWith,
            String purpose,
            String countQuery,
            String sampleQuery,
            BiPredicate<byte[], String> opens) {}

    /** A key in use by this relay: from its file in the data directory, or from its setting (then no file). */
    public record KeyInUse(Key key, Path file, String fingerprint) {

        public boolean fromFile() {
            return file != null;
        }
    }

    private record Recorded(String fingerprint, String source, Instant at) {}

    private static final Logger log = LoggerFactory.getLogger(DatabaseKeys.class);
    private static final byte[] FINGERPRINT_TEXT = "opensi-relay key fingerprint v1".getBytes(StandardCharsets.UTF_8);
    private static final String FILE = "file ";
    private static final String SETTING = "setting ";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, KeyInUse> inUse = new ConcurrentHashMap<>();
    private final Map<String, Key> known = new ConcurrentHashMap<>();

    DatabaseKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The key kept in {@code file}, checked against the database: read if it is there; made at random
     * (owner-only) only if nothing in the database depends on an earlier one.
     *
     * @throws KeyMismatchException when the file is missing or another key, and the database holds what needs it
     */
    public byte[] fromFile(Key key, Path file) {
        known.put(key.name(), key);
        Optional<Recorded> recorded = recorded(key);
        long dependents = dependents(key);
        if (!Files.exists(file) && dependents > 0) {
            throw missingFile(key, file, dependents, recorded);
        }
        byte[] material = OwnerOnly.secretFile(file);
        check(key, material, FILE + key.fileName(), file, recorded, dependents);
        inUse.put(key.name(), new KeyInUse(key, file, fingerprint(material)));
        return material;
    }

    /**
     * The key its setting gives, checked against the database.
     *
     * @throws KeyMismatchException when it is not the key what the database holds was sealed or signed with
     */
    public void fromSetting(Key key, byte[] material) {
        known.put(key.name(), key);
        Optional<Recorded> recorded = recorded(key);
        check(key, material, SETTING + key.setting(), null, recorded, dependents(key));
        inUse.put(key.name(), new KeyInUse(key, null, fingerprint(material)));
    }

    /**
     * No key here ({@code why}): fine while nothing in the database needs one.
     *
     * @throws KeyMismatchException when the database holds what needs it
     */
    public void none(Key key, String why) {
        known.put(key.name(), key);
        long dependents = dependents(key);
        if (dependents > 0) {
            Optional<Recorded> recorded = recorded(key);
            throw new KeyMismatchException(
                    "This database holds " + dependents + " " + key.holds() + ", " + key.madeWith() + " a key"
                            + recorded.map(r -> " (" + describe(r) + ")").orElse("")
                            + ", and this relay has none: " + why + ".",
                    "Set " + key.setting() + " to the key the other nodes use, the one this database was written with"
                            + " (its fingerprint is in the table key_fingerprint; docs/operations.md, 'Restore').");
        }
    }

    /**
     * A key this relay does not use now (its feature is off): what the database holds is kept for when
     * it is on again, and so is its file in backups.
     */
    public void unused(Key key) {
        known.put(key.name(), key);
    }

    /** Every key the relay knows of, used or not: a backup takes the files of the data directory they are kept in. */
    public List<Key> known() {
        return List.copyOf(known.values());
    }

    /** The keys this relay uses, as checked at start. */
    public List<KeyInUse> inUse() {
        return List.copyOf(inUse.values());
    }

    /** The fingerprint of a key: hex of HMAC-SHA256(key, a fixed text). Tells keys apart, reveals none. */
    public static String fingerprint(byte[] material) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_TEXT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private void check(
            Key key, byte[] material, String source, Path file, Optional<Recorded> recorded, long dependents) {
        String fingerprint = fingerprint(material);
        if (recorded.isPresent()) {
            if (recorded.get().fingerprint().equals(fingerprint)) {
                if (!recorded.get().source().equals(source)) {
                    jdbc.update("UPDATE key_fingerprint SET source = ? WHERE name = ?", source, key.name());
                }
                return;
            }
            if (dependents > 0) {
                throw mismatch(key, source, file, dependents, recorded.get(), fingerprint);
            }
            jdbc.update(
                    "UPDATE key_fingerprint SET fingerprint = ?, source = ?, recorded_at = ? WHERE name = ?",
                    fingerprint,
                    source,
                    now(),
                    key.name());
            log.info(
                    "{}: another key than the one recorded ({}); nothing stored depends on it, the new one is recorded",
                    source,
                    short16(recorded.get().fingerprint()));
            return;
        }
        if (dependents > 0 && key.sampleQuery() != null) {
            // A database from a release before fingerprints: the key must at least open what it sealed.
            String sample = jdbc.query(key.sampleQuery(), rs -> rs.next() ? rs.getString(1) : null);
            if (sample != null && !key.opens().test(material, sample)) {
                throw mismatch(key, source, file, dependents, null, fingerprint);
            }
        }
        try {
            jdbc.update(
                    "INSERT INTO key_fingerprint (name, fingerprint, source, recorded_at) VALUES (?, ?, ?, ?)",
                    key.name(),
                    fingerprint,
                    source,
                    now());
        } catch (DuplicateKeyException anotherNode) {
            // Another node recorded its key at the same moment: it must be this one.
            Recorded theirs = recorded(key).orElseThrow();
            if (!theirs.fingerprint().equals(fingerprint)) {
                throw mismatch(key, source, file, dependents, theirs, fingerprint);
            }
        }
    }

    private KeyMismatchException missingFile(Key key, Path file, long dependents, Optional<Recorded> recorded) {
        boolean wasSetting = recorded.map(r -> r.source().startsWith(SETTING)).orElse(false);
        String description =
                "This database holds " + dependents + " " + key.holds() + ", " + key.madeWith() + " the key "
                        + recorded.map(r -> "of " + sourceName(r) + " (" + describe(r) + ")")
                                .orElse("that was in " + key.fileName())
                        + ", and " + file + " is missing. The relay does not make a new key: nothing made with the"
                        + " earlier one could be read or checked with it.";
        String action = wasSetting
                ? "Set " + key.setting() + " to the key this database was written with."
                : "Restore " + key.fileName() + " into " + file.getParent() + " from a backup of this relay"
                        + newestBackup().map(b -> ": " + b + " holds it").orElse(" (every backup zip holds it)")
                        + "; restoring a backup with 'java -jar opensi-relay.jar restore <backup.zip> <empty data directory>'"
                        + " brings back the database and its keys together (docs/operations.md, 'Restore'). Or copy "
                        + key.fileName() + " from the data directory this database came from, or set " + key.setting()
                        + " to its content.";
        return new KeyMismatchException(description, action);
    }

    private KeyMismatchException mismatch(
            Key key, String source, Path file, long dependents, Recorded recorded, String fingerprint) {
        String description = "This database holds " + dependents + " " + key.holds() + ", " + key.madeWith() + " "
                + (recorded == null
                        ? "another key than the one of " + sourceName(source)
                        : "the key of " + sourceName(recorded) + " (" + describe(recorded) + "), and "
                                + sourceName(source) + " is another one (fingerprint " + short16(fingerprint) + ")")
                + ". The relay does not start with it: nothing made with the earlier key could be read or checked.";
        String action;
        if (source.startsWith(SETTING)) {
            action = "Set " + key.setting() + " to the key this database was written with (every node needs the same"
                    + " one)"
                    + (recorded != null && recorded.source().startsWith(FILE)
                            ? ", or unset it and restore " + key.fileName() + " into the data directory"
                            : "")
                    + ".";
        } else {
            action = "Put back the " + key.fileName() + " this database was written with, into " + file.getParent()
                    + ", from the data directory this database came from, or from a backup of this relay"
                    + newestBackup().map(b -> ": " + b + " holds it").orElse("")
                    + (recorded != null && recorded.source().startsWith(SETTING)
                            ? ". Or set " + key.setting() + " to the key it was written with"
                            : "")
                    + " (docs/operations.md, 'Restore').";
        }
        return new KeyMismatchException(description, action);
    }

    /** The newest backup this database knows of: its own when it was restored from one. */
    private Optional<String> newestBackup() {
        return jdbc
                .query(
                        "SELECT file, taken_at FROM backup_taken ORDER BY taken_at DESC",
                        (rs, n) -> rs.getString("file") + " (taken "
                                + rs.getObject("taken_at", OffsetDateTime.class)
                                        .toInstant()
                                        .truncatedTo(ChronoUnit.SECONDS)
                                + ", written into the data directory's backups/)")
                .stream()
                .findFirst();
    }

    private Optional<Recorded> recorded(Key key) {
        return jdbc
                .query(
                        "SELECT fingerprint, source, recorded_at FROM key_fingerprint WHERE name = ?",
                        (rs, n) -> new Recorded(
                                rs.getString("fingerprint"),
                                rs.getString("source"),
                                rs.getObject("recorded_at", OffsetDateTime.class)
                                        .toInstant()),
                        key.name())
                .stream()
                .findFirst();
    }

    private long dependents(Key key) {
        Long count = jdbc.queryForObject(key.countQuery(), Long.class);
        return count == null ? 0 : count;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String describe(Recorded recorded) {
        return "fingerprint " + short16(recorded.fingerprint()) + ", recorded "
                + recorded.at().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String sourceName(Recorded recorded) {
        return sourceName(recorded.source());
    }

    private static String sourceName(String source) {
        return source.startsWith(FILE) ? source.substring(FILE.length()) : source.substring(SETTING.length());
    }

    private static String short16(String fingerprint) {
        return fingerprint.substring(0, 16);
    }
}
