package org.opensirelay.webhooks;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed webhooks ({@code relay.webhooks.*}). Retries, backoff and when an event is given up follow
 * {@code relay.delivery.*}, as for the shops.
 *
 * @param enabled               off: no event is recorded or sent, and the webhook API says so (subscriptions stay)
 * @param signingKey            the key every subscription's secret is derived from. Unset on the
 *                              embedded database: made at random once and kept owner-only in the data
 *                              directory. On PostgreSQL it must be set, the same on every node.
 * @param allowPrivateNetworks  the websites whose receivers may be on addresses that are not globally
 *                              reachable (loopback, link-local, private …), and on plain http (the demo
 *                              website always may)
 * @param timeout               the deadline of each attempt: connecting to a receiver, its answer's headers
 *                              and the body of a refusal, together
 * @param sweepEvery            how often pending events are looked for (new ones go at once)
 * @param batchSize             events claimed at a time
 */
@ConfigurationProperties(prefix = "relay.webhooks")
record WebhooksProperties(
        @DefaultValue("true") boolean enabled,
        String signingKey,
        @DefaultValue List<String> allowPrivateNetworks,
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("PT5S") Duration sweepEvery,
        @DefaultValue("50") int batchSize) {

    public WebhooksProperties {
        allowPrivateNetworks = allowPrivateNetworks == null ? List.of() : List.copyOf(allowPrivateNetworks);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("relay.webhooks.timeout must be positive and at most PT2M");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("relay.webhooks.batch-size must be between 1 and 1000");
        }
        if (signingKey != null && signingKey.strip().length() < 32) {
            throw new IllegalArgumentException(
                    "relay.webhooks.signing-key must hold at least 32 characters (it derives every"
                            + " subscription's secret)");
        }
    }

    @Override
    public String toString() {
        return "WebhooksProperties[enabled=" + enabled + ", signingKey=" + (signingKey == null ? "unset" : "<hidden>")
                + ", allowPrivateNetworks=" + allowPrivateNetworks + ", timeout=" + timeout + ", sweepEvery="
                + sweepEvery + ", batchSize=" + batchSize + "]";
    }
}
