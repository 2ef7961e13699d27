package org.opensirelay.website;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.opensirelay.database.DatabaseKind;
import org.opensirelay.settings.OwnerOnly;
import org.springframework.stereotype.Component;

/**
 * Seals what a website managed through the admin API must keep in clear to work (the key the shop's
 * connector expects, a UsernameToken password): AES-256-GCM under a key derived from
 * {@code relay.secrets-key}. Keys and tokens that are only checked are hashed instead, never sealed.
 * On the embedded database, unset, a key made at random is kept owner-only in the data directory; on
 * PostgreSQL it must be set, the same on every node, or websites cannot be created at runtime.
 */
@Component
public class SecretSeal {

    static final String KEY_FILE = "website-secrets.key";
    private static final int IV_BYTES = 12;
    private static final byte[] CONTEXT = "opensi-relay website secrets v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final String unavailable;
    private final SecureRandom random = new SecureRandom();

    SecretSeal(WebsitesProperties properties, DatabaseKind database) {
        byte[] material;
        if (properties.secretsKey() != null && !properties.secretsKey().isBlank()) {
            material = properties.secretsKey().strip().getBytes(StandardCharsets.UTF_8);
            this.unavailable = material.length < 32
                    ? "relay.secrets-key has " + material.length
                            + " characters: at least 32 are needed (e.g. from openssl rand -base64 48)"
                    : null;
        } else if (database == DatabaseKind.H2) {
            material = OwnerOnly.secretFile(properties.dataDir().resolve(KEY_FILE));
            this.unavailable = null;
        } else {
            material = null;
            this.unavailable =
                    "websites managed through the admin API need relay.secrets-key on PostgreSQL: the same key on every"
                            + " node, or no node could read the shop key another sealed (at least 32 characters, e.g. from openssl rand -base64 48)";
        }
        this.key = material == null || unavailable != null ? null : new SecretKeySpec(derive(material), "AES");
    }

    /** Why nothing can be sealed here, if it cannot. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** {@code clear} sealed, as Base64 of the IV followed by the cipher text and its tag. */
    String seal(String clear) {
        requireKey();
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(CONTEXT);
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** What {@link #seal} sealed; fails when it was sealed under another key or changed since. */
    String open(String sealed) {
        requireKey();
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
            cipher.updateAAD(CONTEXT);
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "a website's sealed secrets cannot be opened: relay.secrets-key differs from the key they"
                            + " were sealed with (every node needs the same one)");
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new IllegalStateException(unavailable);
        }
    }

    private static byte[] derive(byte[] material) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(CONTEXT);
            return sha256.digest(material);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
