package org.opensirelay.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * WS-Security UsernameToken headers as a WS-Security client writes them (UsernameToken Profile 1.0,
 * PasswordDigest = Base64(SHA-1(nonce + created + password))), built by hand so that tests can
 * replay a nonce or back-date a token.
 */
public final class UsernameTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private UsernameTokens() {}

    /** A fresh token: new nonce, created now. */
    public static String header(String username, String password) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return header(username, password, nonce, Instant.now(), true);
    }

    public static String header(String username, String password, byte[] nonce, Instant created, boolean digest) {
        String createdText = created.truncatedTo(ChronoUnit.SECONDS).toString();
        String passwordText;
        if (digest) {
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(nonce);
                sha1.update(createdText.getBytes(StandardCharsets.UTF_8));
                sha1.update(password.getBytes(StandardCharsets.UTF_8));
                passwordText = Base64.getEncoder().encodeToString(sha1.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } else {
            passwordText = password;
        }
        String type = digest ? "PasswordDigest" : "PasswordText";
        return "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
                + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                + "<wsse:UsernameToken wsu:Id=\"UT-1\"><wsse:Username>" + username + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#"
                + type
                + "\">" + passwordText + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
                + "<wsu:Created>" + createdText + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    /** The fixture's envelope with {@code security} added to its SOAP header (and its key element removed when {@code key} is null). */
    public static String envelope(String fixture, String key, String websiteCode, String security) {
        String text =
                Envelope.fixture(fixture, key == null ? "" : key, websiteCode).toString();
        if (key == null) {
            text = text.replaceAll("(?s)<open:Header>.*?</open:Header>", "");
        }
        return text.replaceFirst("<soapenv:Header>", "<soapenv:Header>" + security);
    }
}
