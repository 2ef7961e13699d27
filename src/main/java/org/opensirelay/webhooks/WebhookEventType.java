package org.opensirelay.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events a subscription can ask for, by their names on the wire ({@code type} of the body). */
enum WebhookEventType {
    COMMENT_STORED("comment.stored", "an order tracking comment from the ERP was stored, or changed (version > 1)"),
    RETURN_SLIP_STORED("return_slip.stored", "a return slip (the ERP's, or one the relay made) was stored, or changed"),
    RETURN_CREATED("return.created", "a return was requested"),
    RETURN_STATE_CHANGED("return.state_changed", "a return changed state, from any side"),
    RETURN_REFUNDED("return.refunded", "a refund was recorded for one item of a return"),
    RETURN_LABEL_ATTACHED(
            "return.label_attached", "a return label (carrier, tracking) was attached to a return, or changed"),
    DELIVERY_DEAD("delivery.dead", "an item was given up after its retries: the shop never took it");

    private final String wireName;
    private final String description;

    WebhookEventType(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    public static Optional<WebhookEventType> byWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WebhookEventType::wireName).toList();
    }
}
