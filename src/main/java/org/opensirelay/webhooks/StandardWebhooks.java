package org.opensirelay.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed by the secret's bytes (the base64 after
 * {@code whsec_}); several signatures, one per valid secret, separated by spaces. Plain functions.
 */
final class StandardWebhooks {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";

    private StandardWebhooks() {}

    /** One signature of {@code body} under {@code secret} ({@code whsec_...}). */
    public static String sign(String secret, String messageId, long timestamp, byte[] body) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a Standard Webhooks secret starts with " + SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        Mac mac = hmac(key);
        mac.update(prefix);
        mac.update(body);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    }

    /** The {@code webhook-signature} header: one signature per secret valid now, newest first. */
    public static String signatureHeader(List<String> secrets, String messageId, long timestamp, byte[] body) {
        return secrets.stream()
                .map(secret -> sign(secret, messageId, timestamp, body))
                .collect(Collectors.joining(" "));
    }

    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
