package org.opensirelay.website;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * SHA-256 of a connector key or a bearer token. Keys are high-entropy tokens (OpenSi modules use an MD5 hex digest),
 * so a fast hash is enough to keep them out of the database; comparison is constant-time.
 */
public final class KeyHash {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHash() {}

    public static byte[] of(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] fromHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** A new random key or token: 128 bits as 32 hex digits (the shape of the keys OpenSi modules make). */
    public static String newKey() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
