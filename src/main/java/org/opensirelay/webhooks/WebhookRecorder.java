package org.opensirelay.webhooks;

import static org.opensirelay.database.SqlTimes.utc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.delivery.DeliveryGivenUp;
import org.opensirelay.ingest.ItemsStored;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.outbox.NewOutboxRow;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.returns.domain.ReturnEvent;
import org.opensirelay.text.Text;
import org.opensirelay.website.Website;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what happened (items stored, a return's events, an item given up) into one webhook event per
 * subscription that wants it, in the transaction that made it happen: the event's body (kept as it
 * will be signed) and its outbox row commit with the change, or neither does. Once committed, the
 * delivery is nudged; nothing here waits for a receiver.
 */
@Component
class WebhookRecorder {

    /** The outbox's item kind of a webhook event. */
    static final String KIND = "WEBHOOK";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookSubscriptions subscriptions;
    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final WebhookDelivery delivery;
    private final boolean enabled;

    WebhookRecorder(
            WebhookSubscriptions subscriptions,
            JdbcTemplate jdbc,
            Outbox outbox,
            Clock clock,
            WebhookDelivery delivery,
            WebhooksProperties properties) {
        this.enabled = properties.enabled();
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.delivery = delivery;
    }

    @EventListener
    void itemsStored(ItemsStored stored) {
        if (!enabled || subscriptions.enabled(stored.website().id()).isEmpty()) {
            return; // the usual case, on the hot path: nobody listens
        }
        for (VersionedItem<?> versioned : stored.items()) {
            if (versioned.item() instanceof OrderComment comment) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("commentId", comment.commentId());
                data.put("orderNumber", comment.orderNumber());
                data.put("webOrderNumber", comment.webOrderNumber());
                data.put("comment", comment.comment());
                data.put("commentDate", comment.commentDate());
                data.put("sendMail", comment.sendMail());
                data.put("visibleForCustomer", comment.visibleForCustomer());
                data.put("version", versioned.version());
                record(stored.website(), WebhookEventType.COMMENT_STORED, "order " + comment.webOrderNumber(), data);
            } else if (versioned.item() instanceof ReturnDocument slip) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("returnNumber", slip.returnNumber());
                data.put("webReturnNumber", slip.webReturnNumber());
                data.put("url", slip.url());
                data.put("version", versioned.version());
                record(stored.website(), WebhookEventType.RETURN_SLIP_STORED, "return " + slip.webReturnNumber(), data);
            }
        }
    }

    @EventListener
    void returnEvent(ReturnEvent event) {
        WebhookEventType.byWireName(event.type())
                .ifPresent(type -> record(event.website(), type, "return " + event.webReturnNumber(), event.data()));
    }

    @EventListener
    void givenUp(DeliveryGivenUp dead) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", dead.kind());
        data.put("key", dead.key());
        data.put("lastCode", dead.code());
        data.put("lastError", dead.error());
        record(dead.website(), WebhookEventType.DELIVERY_DEAD, dead.kind() + " " + dead.key(), data);
    }

    /**
     * One event per subscription that wants it, in the caller's transaction. {@code orderedBy} names
     * what the event is about ("order W1", "return R000000042", "COMMENT 12"): events about one
     * subject go out in order, and the console finds an order's events by it.
     */
    private void record(Website website, WebhookEventType type, String orderedBy, Map<String, Object> data) {
        if (!enabled) {
            return;
        }
        List<WebhookSubscriptions.Subscription> wanting = subscriptions.enabled(website.id()).stream()
                .filter(s -> s.wants(type.wireName()))
                .toList();
        if (wanting.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("website", website.code());
        payload.putAll(data);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.wireName());
        body.put("timestamp", now.toString());
        body.put("data", payload);
        // The same body for every subscription; each gets its own message id (and its own signature when sent).
        String json = JSON.writeValueAsString(body);
        for (WebhookSubscriptions.Subscription subscription : wanting) {
            String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
            long id = GeneratedIds.insert(
                    jdbc,
                    "INSERT INTO webhook_event (website_id, subscription_id, event_type, message_id, body,"
                            + " subject, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    website.id(),
                    subscription.id(),
                    type.wireName(),
                    messageId,
                    json,
                    Text.abbreviate(orderedBy, 64),
                    utc(now));
            // In order per subscription and per order or return: a later event waits while an earlier one is pending.
            outbox.append(
                    website.id(),
                    List.of(new NewOutboxRow(
                            KIND,
                            String.valueOf(id),
                            1,
                            orderKey(subscription.id(), orderedBy),
                            "%019d".formatted(id))),
                    now);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    delivery.nudge(website.id());
                }
            });
        } else {
            delivery.nudge(website.id());
        }
    }

    /** The outbox's order key (20 characters at most): the subscription, and a digest of what orders the events. */
    static String orderKey(long subscriptionId, String orderedBy) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(orderedBy.getBytes(StandardCharsets.UTF_8));
            // The id in base 36 (13 characters at most), then as much of the digest as fits.
            String key =
                    Long.toString(subscriptionId, 36) + "/" + HexFormat.of().formatHex(digest, 0, 10);
            return key.substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
