package org.opensirelay.website;

import java.time.Clock;
import java.util.Optional;

import org.opensirelay.website.KnownWebsites.Entry;
import org.springframework.stereotype.Component;

/**
 * Who a request is: the website its {@code Website_Code} and key (or verified UsernameToken) open, the
 * website a REST API token belongs to. Checked against what {@link WebsiteRegistry} holds in memory:
 * hashes compared in constant time, an unknown website compared against a hash all the same (the
 * answer takes as long either way), a website's previous key or token accepted until its cut-over.
 * A miss reads the recent changes once before it is an answer: a website another node has just
 * added or rotated opens here too.
 */
@Component
public class WebsiteAuthenticator {

    /** Compared against when the website is unknown, so that the answer takes as long either way. */
    private static final byte[] NO_KEY_HASH = KeyHash.of("no website has this key");

    /** What opened a request. */
    public enum Credential {
        KEY("key"),
        PREVIOUS_KEY("previous-key"),
        USERNAME_TOKEN("username-token");

        private final String label;

        Credential(String label) {
            this.label = label;
        }

        /** As the request log and the console write it. */
        public String label() {
            return label;
        }
    }

    /** A website a request opened, with what opened it and whether the website is between two keys. */
    public record Opened(Website website, Credential credential, boolean rotating) {}

    private final WebsiteRegistry registry;
    private final Clock clock;

    WebsiteAuthenticator(WebsiteRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The website whose {@code Website_Code} is {@code code}, if what the request carries opens it:
     * the header {@code key}, the {@code tokenUser} of a UsernameToken WS-Security has verified, or
     * both, as the website's security mode says.
     *
     * @throws AuthenticationFailedException when it does not
     */
    public Website authenticate(String code, String key, String tokenUser) throws AuthenticationFailedException {
        return open(code, key, tokenUser).website();
    }

    /** As {@link #authenticate}, saying which credential opened the website. */
    public Opened open(String code, String key, String tokenUser) throws AuthenticationFailedException {
        long asked = System.nanoTime();
        try {
            return openOnce(code, key, tokenUser);
        } catch (AuthenticationFailedException e) {
            if (!e.reason().name().startsWith("USERNAME_TOKEN") && registry.caughtUp(asked)) {
                return openOnce(code, key, tokenUser);
            }
            throw e;
        }
    }

    private Opened openOnce(String code, String key, String tokenUser) throws AuthenticationFailedException {
        byte[] presented = KeyHash.of(key == null ? "" : key);
        KnownWebsites current = registry.known();
        Entry entry = current.byCode().get(code);
        boolean keyMatches = KeyHash.matches(entry == null ? NO_KEY_HASH : KeyHash.fromHex(entry.keyHash()), presented);
        boolean previousMatches = entry != null
                && entry.previousKeyHash() != null
                && KeyHash.matches(KeyHash.fromHex(entry.previousKeyHash()), presented)
                && clock.instant().isBefore(entry.previousKeyUntil());
        if (entry == null) {
            throw new AuthenticationFailedException(AuthenticationFailedException.Reason.UNKNOWN_WEBSITE);
        }
        Website website = entry.website();
        if (website.security().needsKey() && !keyMatches && !previousMatches) {
            boolean ofAnother = current.byKeyHash().containsKey(KeyHash.hex(presented));
            throw new AuthenticationFailedException(
                    ofAnother
                            ? AuthenticationFailedException.Reason.KEY_OF_ANOTHER_WEBSITE
                            : AuthenticationFailedException.Reason.WRONG_KEY);
        }
        if (website.security().needsUsernameToken()) {
            if (tokenUser == null) {
                throw new AuthenticationFailedException(AuthenticationFailedException.Reason.USERNAME_TOKEN_REQUIRED);
            }
            if (!tokenUser.equals(website.username())) {
                throw new AuthenticationFailedException(
                        AuthenticationFailedException.Reason.USERNAME_TOKEN_OF_ANOTHER_USER);
            }
        }
        // Only who holds the website's credentials learns that it is disabled.
        if (!entry.enabled()) {
            throw new AuthenticationFailedException(AuthenticationFailedException.Reason.WEBSITE_DISABLED);
        }
        return opened(
                entry,
                website.security().needsKey()
                        ? (keyMatches ? Credential.KEY : Credential.PREVIOUS_KEY)
                        : Credential.USERNAME_TOKEN);
    }

    /**
     * The website opened by {@code key} or by a verified UsernameToken, for operations that carry no
     * {@code Website_Code} (getVersion, getDatetime).
     */
    public Website authenticateAnyWebsite(String key, String tokenUser) throws AuthenticationFailedException {
        return openAny(key, tokenUser).website();
    }

    /** As {@link #authenticateAnyWebsite}, saying which credential opened the website. */
    public Opened openAny(String key, String tokenUser) throws AuthenticationFailedException {
        long asked = System.nanoTime();
        try {
            return openAnyOnce(key, tokenUser);
        } catch (AuthenticationFailedException e) {
            if (registry.caughtUp(asked)) {
                return openAnyOnce(key, tokenUser);
            }
            throw e;
        }
    }

    private Opened openAnyOnce(String key, String tokenUser) throws AuthenticationFailedException {
        KnownWebsites current = registry.known();
        Entry entry = null;
        Credential credential = null;
        if (key != null && !key.isEmpty()) {
            String hash = KeyHash.hex(KeyHash.of(key));
            entry = current.byKeyHash().get(hash);
            if (entry != null && hash.equals(entry.keyHash())) {
                credential = Credential.KEY;
            } else if (entry != null && clock.instant().isBefore(entry.previousKeyUntil())) {
                credential = Credential.PREVIOUS_KEY;
            } else {
                entry = null;
            }
        }
        if (entry == null && tokenUser != null) {
            entry = current.byUsername().get(tokenUser);
            credential = Credential.USERNAME_TOKEN;
        }
        if (entry == null) {
            throw new AuthenticationFailedException(AuthenticationFailedException.Reason.WRONG_KEY);
        }
        if (!entry.enabled()) {
            throw new AuthenticationFailedException(AuthenticationFailedException.Reason.WEBSITE_DISABLED);
        }
        return opened(entry, credential);
    }

    private static Opened opened(Entry entry, Credential credential) {
        return new Opened(entry.website(), credential, entry.previousKeyHash() != null);
    }

    /**
     * Whether {@code token} is the REST API token of website {@code code}, or its previous one until
     * the cut-over (constant-time; false for an unknown or disabled website, or one without a token).
     */
    public boolean isApiToken(String code, String token) {
        long asked = System.nanoTime();
        return isApiTokenOnce(code, token) || registry.caughtUp(asked) && isApiTokenOnce(code, token);
    }

    private boolean isApiTokenOnce(String code, String token) {
        Entry entry = registry.known().byCode().get(code);
        byte[] presented = KeyHash.of(token == null ? "" : token);
        boolean current = KeyHash.matches(
                entry == null || entry.apiTokenHash() == null ? NO_KEY_HASH : KeyHash.fromHex(entry.apiTokenHash()),
                presented);
        boolean previous = entry != null
                && entry.previousApiTokenHash() != null
                && KeyHash.matches(KeyHash.fromHex(entry.previousApiTokenHash()), presented)
                && clock.instant().isBefore(entry.previousApiTokenUntil());
        return entry != null && entry.enabled() && entry.apiTokenHash() != null && (current || previous);
    }

    /** The website whose REST API token {@code token} is (or was, until its cut-over), if any. */
    public Optional<String> apiTokenOwner(String token) {
        long asked = System.nanoTime();
        Optional<String> owner = apiTokenOwnerOnce(token);
        return owner.isEmpty() && registry.caughtUp(asked) ? apiTokenOwnerOnce(token) : owner;
    }

    private Optional<String> apiTokenOwnerOnce(String token) {
        String hash = KeyHash.hex(KeyHash.of(token == null ? "" : token));
        Entry entry = registry.known().byApiTokenHash().get(hash);
        boolean past = entry != null
                && !hash.equals(entry.apiTokenHash())
                && !clock.instant().isBefore(entry.previousApiTokenUntil());
        return Optional.ofNullable(entry)
                .filter(e -> !past)
                .map(e -> e.website().code());
    }

    /** The password WS-Security checks a UsernameToken of {@code username} against. */
    public Optional<String> usernameTokenPassword(String username) {
        return Optional.ofNullable(registry.known().byUsername().get(username)).map(Entry::password);
    }
}
