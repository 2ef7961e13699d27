package org.opensirelay.webhooks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.opensirelay.outbox.DeliveryView;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the console shows of a website's webhooks: its subscriptions, and the last attempts with their outcome. */
@Component
public class WebhookActivity {

    /**
     * One event's delivery as the operator reads it; {@code subject} is what the event is about
     * ("order W1", "return R000000042", "COMMENT 12"; empty for events recorded before it was kept).
     */
    public record Attempt(
            DeliveryView delivery, String type, String messageId, long subscriptionId, String url, String subject) {}

    private final WebhookSubscriptions subscriptions;
    private final Outbox outbox;
    private final JdbcTemplate jdbc;

    WebhookActivity(WebhookSubscriptions subscriptions, Outbox outbox, JdbcTemplate jdbc) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    public List<WebhookSubscriptions.Subscription> subscriptions(long websiteId) {
        return subscriptions.list(websiteId);
    }

    /** The newest {@code limit} webhook deliveries of the website, whatever their status. */
    public List<Attempt> lastAttempts(long websiteId, int limit) {
        List<DeliveryView> rows = outbox.listKind(websiteId, WebhookRecorder.KIND, limit);
        Map<Long, Described> described = describe(rows);
        return rows.stream().map(row -> attempt(row, described)).toList();
    }

    /** The labels of the webhook rows among {@code rows}, by row id ("webhook return.created to https://..."). */
    public Map<Long, String> labels(List<DeliveryView> rows) {
        List<DeliveryView> webhooks =
                rows.stream().filter(WebhookActivity::isWebhook).toList();
        Map<Long, Described> described = describe(webhooks);
        return webhooks.stream().collect(Collectors.toMap(DeliveryView::id, row -> {
            Attempt attempt = attempt(row, described);
            return "webhook " + attempt.type() + (attempt.subject().isEmpty() ? "" : " about " + attempt.subject())
                    + " to " + attempt.url();
        }));
    }

    /**
     * The events of the website about these subjects ("order W1", "return R000000042", ...), each
     * with its delivery, oldest first: an order's story on the console.
     */
    public List<Attempt> about(long websiteId, Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return List.of();
        }
        // One lookup per subject: H2 reads "website_id = ? AND subject IN (...)" as the website's whole range.
        List<String> events = new ArrayList<>();
        for (String subject : subjects) {
            events.addAll(jdbc.queryForList(
                    "SELECT id FROM webhook_event WHERE website_id = ? AND subject = ?",
                    String.class,
                    websiteId,
                    subject));
        }
        List<DeliveryView> rows = outbox.ofItems(websiteId, WebhookRecorder.KIND, events);
        Map<Long, Described> described = describe(rows);
        return rows.stream().map(row -> attempt(row, described)).toList();
    }

    public static boolean isWebhook(DeliveryView row) {
        return WebhookRecorder.KIND.equals(row.kind());
    }

    private record Described(String type, String messageId, long subscriptionId, String url, String subject) {}

    private Map<Long, Described> describe(List<DeliveryView> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = rows.stream().map(r -> Long.valueOf(r.key())).toList();
        return jdbc
                .query(
                        "SELECT e.id, e.event_type, e.message_id, e.subscription_id, e.subject, s.url FROM webhook_event e"
                                + " LEFT JOIN webhook_subscription s ON s.id = e.subscription_id WHERE e.id IN ("
                                + Sql.markers(ids.size()) + ")",
                        (rs, n) -> Map.entry(
                                rs.getLong("id"),
                                new Described(
                                        rs.getString("event_type"),
                                        rs.getString("message_id"),
                                        rs.getLong("subscription_id"),
                                        rs.getString("url") == null ? "(deleted subscription)" : rs.getString("url"),
                                        rs.getString("subject") == null ? "" : rs.getString("subject"))),
                        ids.toArray())
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Attempt attempt(DeliveryView row, Map<Long, Described> described) {
        Described d = described.getOrDefault(Long.valueOf(row.key()), new Described("(event gone)", "", 0, "", ""));
        return new Attempt(row, d.type(), d.messageId(), d.subscriptionId(), d.url(), d.subject());
    }
}
