package org.opensirelay.website;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the websites the configuration names to the {@code website} table, at start and whenever
 * the websites file changes: what identifies and opens each (its code, the hashes of its key and
 * token, a key rotation), never its settings, which live in the configuration. Nodes of one
 * deployment start together (an orchestrator, Flyway's lock releasing them at once): each writes
 * and then reads the table under one lock of the database's, in one transaction, so that the second
 * node finds what the first wrote instead of inserting it again (a duplicate key stopped its start).
 */
final class ConfiguredWebsitesWriter {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredWebsitesWriter.class);

    /** The advisory lock every node takes to write the configured websites ("opensi" in ASCII). */
    private static final long CONFIGURED_WEBSITES_LOCK = 0x6f70656e7369L;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final DatabaseDialect database;

    ConfiguredWebsitesWriter(
            JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactionManager, DatabaseDialect database) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.database = database;
    }

    /**
     * Writes {@code wanted} (deactivating configured websites it no longer names), then runs
     * {@code thenRead} in the same transaction, under the lock: its result is what the table holds
     * once the configuration is written.
     */
    <T> T write(List<WebsiteConfig> wanted, Supplier<T> thenRead) {
        Set<String> codes = new java.util.HashSet<>();
        wanted.forEach(c -> codes.add(c.code()));
        return transactions.execute(status -> {
            // Until the transaction ends: a transaction-level advisory lock on PostgreSQL, none on H2.
            database.lockUntilCommit(jdbc, CONFIGURED_WEBSITES_LOCK);
            seed(wanted, codes);
            return thenRead.get();
        });
    }

    /**
     * In a few statements, whatever the number of websites: one read of what is there, one batch of
     * inserts, one of updates (only where something differs), one batch retiring configured websites
     * the configuration no longer names.
     */
    private void seed(List<WebsiteConfig> wanted, Set<String> configured) {
        record Existing(
                long id,
                String code,
                String keyHash,
                String apiTokenHash,
                boolean active,
                String managedBy,
                String previousKeyHash,
                Instant previousKeyUntil) {}
        Map<String, Existing> existing = new HashMap<>();
        jdbc.query(
                "SELECT id, code, key_sha256, api_token_sha256, active, managed_by, previous_key_sha256, previous_key_until FROM website"
                        + " WHERE deleted = FALSE",
                rs -> {
                    existing.put(
                            rs.getString("code"),
                            new Existing(
                                    rs.getLong("id"),
                                    rs.getString("code"),
                                    rs.getString("key_sha256"),
                                    rs.getString("api_token_sha256"),
                                    rs.getBoolean("active"),
                                    rs.getString("managed_by"),
                                    rs.getString("previous_key_sha256"),
                                    instant(rs.getTimestamp("previous_key_until"))));
                });
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        // A configured website's settings live in the configuration, not in the table: only what
        // identifies it and opens it is written (its settings would be 10,000 JSON documents to write
        // at each start for nothing).
        for (WebsiteConfig config : wanted) {
            Existing there = existing.get(config.code());
            // A website opened by UsernameToken alone has no key: a random one stands in, never told (and kept across
            // starts).
            String keyHash = config.key() != null
                    ? KeyHash.hex(KeyHash.of(config.key()))
                    : there != null && WebsiteRegistry.BY_CONFIG.equals(there.managedBy())
                            ? there.keyHash()
                            : KeyHash.hex(KeyHash.of(UUID.randomUUID() + "-" + UUID.randomUUID()));
            String apiTokenHash = config.apiToken() == null ? null : KeyHash.hex(KeyHash.of(config.apiToken()));
            String previousKeyHash =
                    config.previousKey() == null ? null : KeyHash.hex(KeyHash.of(config.previousKey()));
            OffsetDateTime previousKeyUntil = config.previousKeyUntil() == null
                    ? null
                    : config.previousKeyUntil().atOffset(ZoneOffset.UTC);
            if (there == null) {
                inserts.add(
                        new Object[] {config.code(), keyHash, apiTokenHash, previousKeyHash, previousKeyUntil, now, now
                        });
            } else if (!keyHash.equals(there.keyHash())
                    || !Objects.equals(apiTokenHash, there.apiTokenHash())
                    || !there.active()
                    || !WebsiteRegistry.BY_CONFIG.equals(there.managedBy())
                    || !Objects.equals(previousKeyHash, there.previousKeyHash())
                    || !Objects.equals(config.previousKeyUntil(), there.previousKeyUntil())) {
                if (WebsiteRegistry.BY_API.equals(there.managedBy())) {
                    log.warn(
                            "Website '{}' was managed through the admin API and is named in relay.websites: the configuration wins,"
                                    + " its settings and keys are the configured ones from now on",
                            config.code());
                }
                updates.add(new Object[] {keyHash, apiTokenHash, previousKeyHash, previousKeyUntil, now, there.id()});
            }
        }
        List<Object[]> retired = new ArrayList<>();
        for (Existing there : existing.values()) {
            if (WebsiteRegistry.BY_CONFIG.equals(there.managedBy())
                    && there.active()
                    && !configured.contains(there.code())) {
                retired.add(new Object[] {now, there.id()});
                log.info(
                        "Website '{}' is no longer configured: deactivated, its stored items are kept",
                        WebsiteCode.printable(there.code()));
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO website (code, key_sha256, api_token_sha256, previous_key_sha256, previous_key_until, active,"
                            + " managed_by, created_at, updated_at, changed_at) VALUES (?, ?, ?, ?, ?, TRUE, 'config', ?, ?, CURRENT_TIMESTAMP)",
                    inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE website SET key_sha256 = ?, api_token_sha256 = ?, previous_key_sha256 = ?, previous_key_until = ?,"
                            + " settings = NULL, active = TRUE, managed_by = 'config', sealed_secrets = NULL, previous_api_token_sha256 = NULL,"
                            + " previous_api_token_until = NULL, updated_at = ?, changed_at = CURRENT_TIMESTAMP WHERE id = ?",
                    updates);
        }
        if (!retired.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE website SET active = FALSE, updated_at = ?, changed_at = CURRENT_TIMESTAMP WHERE id = ?",
                    retired);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
