package org.opensirelay.website;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opensirelay.website.WebsiteRegistry.Row;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which website each ERP key belongs to, as the database says it (table {@code website_key}): every
 * key a website holds, its current one and the one a rotation is replacing, is a row keyed by the
 * key's hash. Two websites cannot come to hold one key however their creates and rotations race, on
 * one node or on several: the registry's check in memory comes first and explains itself, this is
 * what holds when two changes pass that check at once. Websites that came to share a key before the
 * table existed keep opening with it; the oldest holds the claim and the start names the others.
 */
final class KeyClaims {

    private final JdbcTemplate jdbc;

    KeyClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code keyHash} as the website's current key, in the caller's transaction.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException when another website holds it
     */
    void claim(long websiteId, String keyHash) {
        jdbc.update(
                "INSERT INTO website_key (key_sha256, website_id, previous) VALUES (?, ?, FALSE)", keyHash, websiteId);
    }

    /**
     * A rotation, in the caller's transaction: the key the previous rotation replaced is released, the
     * current one becomes the one being replaced (still the website's until the next rotation, as the
     * registry holds it), the new one is claimed.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException when another website holds the new key
     */
    void rotate(long websiteId, String newKeyHash) {
        jdbc.update("DELETE FROM website_key WHERE website_id = ? AND previous = TRUE", websiteId);
        jdbc.update("UPDATE website_key SET previous = TRUE WHERE website_id = ?", websiteId);
        claim(websiteId, newKeyHash);
    }

    /** A deleted website's keys are free again. */
    void release(long websiteId) {
        jdbc.update("DELETE FROM website_key WHERE website_id = ?", websiteId);
    }

    /** The website holding {@code keyHash}, if one does. */
    Optional<Long> holder(String keyHash) {
        return jdbc
                .queryForList("SELECT website_id FROM website_key WHERE key_sha256 = ?", Long.class, keyHash)
                .stream()
                .findFirst();
    }

    /**
     * At start, after the configured websites are written: each of them holds its key (and the key its
     * rotation replaces) where no other website does, and nothing more; a website the configuration no
     * longer names holds nothing. A key another website holds stays that website's (the start names
     * both, {@link StoredWebsites}). A few statements whatever the number of websites.
     */
    void claimConfigured(List<Row> rows, Set<String> configuredCodes) {
        record Claim(long websiteId, boolean previous) {}
        Map<String, Claim> claims = new HashMap<>();
        Map<Long, Map<String, Boolean>> byWebsite = new HashMap<>();
        jdbc.query("SELECT key_sha256, website_id, previous FROM website_key", rs -> {
            Claim claim = new Claim(rs.getLong("website_id"), rs.getBoolean("previous"));
            claims.put(rs.getString("key_sha256"), claim);
            byWebsite
                    .computeIfAbsent(claim.websiteId(), id -> new HashMap<>())
                    .put(rs.getString("key_sha256"), claim.previous());
        });
        // Releases first, then claims: a key that moves (to a renamed website, from a previous key to a
        // current one) is free by the time it is claimed.
        List<Object[]> retired = new ArrayList<>();
        List<Object[]> released = new ArrayList<>();
        Map<Row, Map<String, Boolean>> wanted = new HashMap<>();
        for (Row row : rows) {
            if (row.deleted() || !WebsiteRegistry.BY_CONFIG.equals(row.managedBy())) {
                continue;
            }
            Map<String, Boolean> held = byWebsite.getOrDefault(row.id(), Map.of());
            if (!configuredCodes.contains(row.code())) {
                if (!held.isEmpty()) {
                    retired.add(new Object[] {row.id()});
                    held.keySet().forEach(claims::remove);
                }
                continue;
            }
            Map<String, Boolean> keys = new HashMap<>();
            keys.put(row.keyHash(), false);
            if (row.previousKeyHash() != null && !row.previousKeyHash().equals(row.keyHash())) {
                keys.put(row.previousKeyHash(), true);
            }
            wanted.put(row, keys);
            held.forEach((hash, previous) -> {
                if (!previous.equals(keys.get(hash))) {
                    released.add(new Object[] {hash});
                    claims.remove(hash);
                }
            });
        }
        List<Object[]> claimed = new ArrayList<>();
        wanted.forEach((row, keys) -> keys.forEach((hash, previous) -> {
            if (!claims.containsKey(hash)) {
                claimed.add(new Object[] {hash, row.id(), previous});
                claims.put(hash, new Claim(row.id(), previous));
            }
        }));
        if (!retired.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM website_key WHERE website_id = ?", retired);
        }
        if (!released.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM website_key WHERE key_sha256 = ?", released);
        }
        if (!claimed.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO website_key (key_sha256, website_id, previous) VALUES (?, ?, ?)", claimed);
        }
    }
}
