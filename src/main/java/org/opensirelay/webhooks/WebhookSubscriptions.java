package org.opensirelay.webhooks;

import static org.opensirelay.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.opensirelay.database.GeneratedIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that knows the subscription table. Readers on the hot path (every stored item asks
 * whether anyone listens) read an in-memory copy, made again after every change here and at least
 * every few seconds, so that the other nodes of a cluster see a change within that time.
 */
@Component
class WebhookSubscriptions {

    /** How stale the copy of another node's change may be. */
    static final Duration REFRESH = Duration.ofSeconds(3);

    /** A subscription as stored. {@code events} holds wire names. */
    public record Subscription(
            long id,
            long websiteId,
            String url,
            Set<String> events,
            boolean enabled,
            int secretGeneration,
            Instant previousValidUntil,
            Instant createdAt,
            Instant updatedAt) {

        public boolean wants(String eventType) {
            return enabled && events.contains(eventType);
        }
    }

    private record Copy(Map<Long, List<Subscription>> byWebsite, long madeAtNanos) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicReference<Copy> copy = new AtomicReference<>();

    WebhookSubscriptions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The website's enabled subscriptions (from the in-memory copy). */
    public List<Subscription> enabled(long websiteId) {
        Copy now = copy.get();
        if (now == null || System.nanoTime() - now.madeAtNanos() > REFRESH.toNanos()) {
            now = reload();
        }
        return now.byWebsite().getOrDefault(websiteId, List.of());
    }

    /** The websites that have at least one subscription, enabled or not (their events may be pending). */
    public Set<Long> websitesWithSubscriptions() {
        return new TreeSet<>(jdbc.queryForList("SELECT DISTINCT website_id FROM webhook_subscription", Long.class));
    }

    private Copy reload() {
        Map<Long, List<Subscription>> byWebsite =
                jdbc.query(SELECT + " WHERE enabled = TRUE ORDER BY id", WebhookSubscriptions::row).stream()
                        .collect(Collectors.groupingBy(Subscription::websiteId));
        Copy made = new Copy(byWebsite, System.nanoTime());
        copy.set(made);
        return made;
    }

    private static final String SELECT =
            "SELECT id, website_id, url, events, enabled, secret_generation, previous_valid_until,"
                    + " created_at, updated_at FROM webhook_subscription";

    private static Subscription row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime previous = rs.getObject("previous_valid_until", OffsetDateTime.class);
        return new Subscription(
                rs.getLong("id"),
                rs.getLong("website_id"),
                rs.getString("url"),
                new LinkedHashSet<>(Arrays.asList(rs.getString("events").split(","))),
                rs.getBoolean("enabled"),
                rs.getInt("secret_generation"),
                previous == null ? null : previous.toInstant(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    public List<Subscription> list(long websiteId) {
        return jdbc.query(SELECT + " WHERE website_id = ? ORDER BY id", WebhookSubscriptions::row, websiteId);
    }

    public Optional<Subscription> find(long websiteId, long id) {
        return jdbc
                .query(SELECT + " WHERE website_id = ? AND id = ?", WebhookSubscriptions::row, websiteId, id)
                .stream()
                .findFirst();
    }

    /** Any website's subscription, for delivery. */
    Optional<Subscription> byId(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", WebhookSubscriptions::row, id).stream()
                .findFirst();
    }

    public Subscription create(long websiteId, String url, List<String> events, boolean enabled) {
        OffsetDateTime now = utc(clock.instant());
        long id = GeneratedIds.insert(
                jdbc,
                "INSERT INTO webhook_subscription (website_id, url, events, enabled, secret_generation,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                websiteId,
                url,
                String.join(",", events),
                enabled,
                now,
                now);
        copy.set(null);
        return find(websiteId, id).orElseThrow();
    }

    public Subscription update(Subscription subscription, String url, List<String> events, boolean enabled) {
        jdbc.update(
                "UPDATE webhook_subscription SET url = ?, events = ?, enabled = ?, updated_at = ? WHERE id = ?",
                url,
                String.join(",", events),
                enabled,
                utc(clock.instant()),
                subscription.id());
        copy.set(null);
        return find(subscription.websiteId(), subscription.id()).orElseThrow();
    }

    /** A new secret generation; the previous one stays valid until {@code previousValidUntil}. */
    public Subscription rotate(Subscription subscription, Instant previousValidUntil) {
        jdbc.update(
                "UPDATE webhook_subscription SET secret_generation = secret_generation + 1, previous_valid_until = ?,"
                        + " updated_at = ? WHERE id = ?",
                utc(previousValidUntil),
                utc(clock.instant()),
                subscription.id());
        copy.set(null);
        return find(subscription.websiteId(), subscription.id()).orElseThrow();
    }

    public void delete(Subscription subscription) {
        jdbc.update("DELETE FROM webhook_subscription WHERE id = ?", subscription.id());
        copy.set(null);
    }

    /** The generations whose secrets sign now: the current one, and the previous one until its cut-over. */
    static List<Integer> signingGenerations(Subscription subscription, Instant now) {
        List<Integer> generations = new ArrayList<>(List.of(subscription.secretGeneration()));
        if (subscription.secretGeneration() > 1
                && subscription.previousValidUntil() != null
                && now.isBefore(subscription.previousValidUntil())) {
            generations.add(subscription.secretGeneration() - 1);
        }
        return generations;
    }
}
