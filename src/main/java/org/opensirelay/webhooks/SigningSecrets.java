package org.opensirelay.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;

import org.opensirelay.database.DatabaseKind;
import org.opensirelay.settings.OwnerOnly;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.stereotype.Component;

/**
 * Every subscription's signing secret, derived (HMAC-SHA256) from the relay's webhook signing key,
 * the subscription's id and its secret generation: nothing secret is stored in the database, a
 * secret is shown once (when made) and made again to sign. The key is {@code relay.webhooks.signing-key};
 * on the embedded database, unset, one made at random is kept owner-only in the data directory. On
 * PostgreSQL (several nodes) it must be set, the same on every node, or webhooks are off.
 */
@Component
public class SigningSecrets {

    static final String KEY_FILE = "webhooks-signing.key";

    private final byte[] key;
    private final String unavailable;

    SigningSecrets(WebhooksProperties properties, WebsitesProperties websites, DatabaseKind database) {
        if (!properties.enabled()) {
            this.key = null;
            this.unavailable = "webhooks are off: relay.webhooks.enabled=false";
        } else if (properties.signingKey() != null) {
            this.key = properties.signingKey().strip().getBytes(StandardCharsets.UTF_8);
            this.unavailable = null;
        } else if (database == DatabaseKind.H2) {
            this.key = OwnerOnly.secretFile(websites.dataDir().resolve(KEY_FILE));
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
