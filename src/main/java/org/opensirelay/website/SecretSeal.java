package org.opensirelay.website;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.database.DatabaseKeys;
import org.opensirelay.settings.OwnerOnly;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Seals what a website managed through the admin API must keep in clear to work (the key the shop's
 * connector expects, a UsernameToken password): AES-256-GCM under a key derived from
 * {@code relay.secrets-key}. Keys and tokens that are only checked are hashed instead, never sealed.
 * On the embedded database, unset, a key made at random is kept owner-only in the data directory; on
 * PostgreSQL it must be set, the same on every node, or websites cannot be created at runtime.
 */
@Component
class SecretSeal {

    static final String KEY_FILE = "website-secrets.key";

    /** The key as the database knows it: what needs it, and how a key is checked against what it sealed. */
    private static final DatabaseKeys.Key DATABASE_KEY = new DatabaseKeys.Key(
            "website-secrets",
            KEY_FILE,
            "relay.secrets-key",
            "websites' shop keys and passwords",
            "sealed with",
            "seals the shop keys and passwords of websites created at runtime",
            "SELECT COUNT(*) FROM website WHERE sealed_secrets IS NOT NULL AND deleted = FALSE",
            "SELECT sealed_secrets FROM website WHERE sealed_secrets IS NOT NULL AND deleted = FALSE"
                    + " ORDER BY id FETCH FIRST 1 ROWS ONLY",
            SecretSeal::opens);

    private static final int IV_BYTES = 12;
    private static final byte[] CONTEXT = "opensi-relay website secrets v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final String unavailable;
    private final SecureRandom random = new SecureRandom();

    /**
     * The seal of this relay, its key checked against the database ({@link DatabaseKeys}): while websites'
     * secrets sealed with an earlier key are stored, a missing key file is never made anew and another
     * key never taken; the start stops, saying which file to restore or which setting differs.
     */
    @Autowired
    SecretSeal(WebsitesProperties properties, DatabaseDialect database, DatabaseKeys keys) {
        this(properties, database, Optional.of(keys));
    }

    /** A seal whose key is checked against no database (tests of the sealing itself). */
    SecretSeal(WebsitesProperties properties, DatabaseDialect database) {
        this(properties, database, Optional.empty());
    }

    private SecretSeal(WebsitesProperties properties, DatabaseDialect database, Optional<DatabaseKeys> keys) {
        byte[] material;
        if (properties.secretsKey() != null && !properties.secretsKey().isBlank()) {
            material = properties.secretsKey().strip().getBytes(StandardCharsets.UTF_8);
            this.unavailable = material.length < 32
                    ? "relay.secrets-key has " + material.length
                            + " characters: at least 32 are needed (e.g. from openssl rand -base64 48)"
                    : null;
            if (unavailable == null) {
                keys.ifPresent(k -> k.fromSetting(DATABASE_KEY, material));
            }
        } else if (database.embedded()) {
            Path file = properties.dataDir().resolve(KEY_FILE);
            material = keys.map(k -> k.fromFile(DATABASE_KEY, file)).orElseGet(() -> OwnerOnly.secretFile(file));
            this.unavailable = null;
        } else {
            material = null;
            this.unavailable =
                    "websites managed through the admin API need relay.secrets-key on PostgreSQL: the same key on every"
                            + " node, or no node could read the shop key another sealed (at least 32 characters, e.g. from openssl rand -base64 48)";
        }
        if (unavailable != null) {
            keys.ifPresent(k -> k.none(DATABASE_KEY, unavailable));
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
        return open(key, sealed);
    }

    private static String open(SecretKeySpec key, String sealed) {
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

    /** Whether a key made of {@code material} opens {@code sealed}. */
    private static boolean opens(byte[] material, String sealed) {
        try {
            open(new SecretKeySpec(derive(material), "AES"), sealed);
            return true;
        } catch (IllegalStateException anotherKey) {
            return false;
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
