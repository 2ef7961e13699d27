package org.opensirelay.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.database.DatabaseKeys;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.stereotype.Component;

/**
 * Every subscription's signing secret, derived (HMAC-SHA256) from the relay's webhook signing key,
 * the subscription's id and its secret generation: nothing secret is stored in the database, a
 * secret is shown once (when made) and made again to sign. The key is {@code relay.webhooks.signing-key};
 * on the embedded database, unset, one made at random is kept owner-only in the data directory. On
 * PostgreSQL (several nodes) it must be set, the same on every node, or webhooks are off. The key is
 * checked against the database at start ({@link DatabaseKeys}): with subscriptions stored, a missing
 * key file is not made anew, nor another key taken, since every receiver's check would fail from then on.
 */
@Component
class SigningSecrets {

    static final String KEY_FILE = "webhooks-signing.key";

    /** The key as the database knows it: its subscriptions' secrets are derived from it (nothing stored to check it by). */
    private static final DatabaseKeys.Key DATABASE_KEY = new DatabaseKeys.Key(
            "webhooks-signing",
            KEY_FILE,
            "relay.webhooks.signing-key",
            "webhook subscriptions",
            "whose receivers check signatures made with",
            "every webhook subscription's secret is derived from it",
            "SELECT COUNT(*) FROM webhook_subscription",
            null,
            null);

    private final byte[] key;
    private final String unavailable;

    SigningSecrets(
            WebhooksProperties properties, WebsitesProperties websites, DatabaseDialect database, DatabaseKeys keys) {
        if (!properties.enabled()) {
            this.key = null;
            this.unavailable = "webhooks are off: relay.webhooks.enabled=false";
            keys.unused(DATABASE_KEY);
        } else if (properties.signingKey() != null) {
            this.key = properties.signingKey().strip().getBytes(StandardCharsets.UTF_8);
            this.unavailable = null;
            keys.fromSetting(DATABASE_KEY, key);
        } else if (database.embedded()) {
            // Never made anew while subscriptions exist: their receivers hold secrets derived from the earlier one.
            this.key = keys.fromFile(DATABASE_KEY, websites.dataDir().resolve(KEY_FILE));
            this.unavailable = null;
        } else {
            this.key = null;
            this.unavailable =
                    "webhooks need relay.webhooks.signing-key on PostgreSQL: the same key on every node, or each node"
                            + " would sign with another secret (at least 32 characters, e.g. from openssl rand -base64 48)";
        }
    }

    /** Why webhooks cannot be signed here, if they cannot. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** The secret of {@code subscriptionId} at {@code generation}, as {@code whsec_<base64 of 32 bytes>}. */
    public String secret(long subscriptionId, int generation) {
        if (key == null) {
            throw new IllegalStateException(unavailable);
        }
        Mac mac = StandardWebhooks.hmac(key);
        byte[] derived =
                mac.doFinal(("opensi-relay webhook subscription " + subscriptionId + " generation " + generation)
                        .getBytes(StandardCharsets.UTF_8));
        return StandardWebhooks.SECRET_PREFIX + Base64.getEncoder().encodeToString(derived);
    }
}
