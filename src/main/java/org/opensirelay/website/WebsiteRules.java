package org.opensirelay.website;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/**
 * What one website's settings must hold, wherever they come from: {@code relay.websites[N]} at start,
 * or a body of the admin API. Each problem names the setting ({@code at} and its path) and the rule.
 * What must differ between websites (codes, keys, users) is checked by whoever sees them all.
 */
public final class WebsiteRules {

    public static final int MAX_CODE_LENGTH = 64;
    public static final int MIN_KEY_LENGTH = 16;
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final int MIN_PASSWORD_LENGTH = 8;

    /** What a website is when nothing is said: the defaults of {@code relay.websites[N]}. */
    public static final WebsiteConfig DEFAULTS = new WebsiteConfig(
            null,
            null,
            new WebsitesProperties.Shop(null, null, null),
            new WebsitesProperties.Delivery(WebsitesProperties.Delivery.DEFAULT_INTERVAL, false),
            SecurityMode.KEY,
            null,
            null,
            null,
            new WebsitesProperties.Returns(true, 14, Map.of(), true, List.of()));

    private WebsiteRules() {}

    /** The problems of one website's own settings and credentials, each starting with {@code at} (e.g. {@code relay.websites[3]}). */
    public static List<String> problems(String at, WebsiteConfig config) {
        List<String> problems = new ArrayList<>(settingsProblems(at, config));
        problems.addAll(credentialProblems(at, config));
        return problems;
    }

    /**
     * The problems of the ERP's key, a key being replaced and the REST API token: what a website
     * changed through the admin API does not carry (those change by rotation).
     */
    static List<String> credentialProblems(String at, WebsiteConfig config) {
        List<String> problems = new ArrayList<>();
        String code = config.code();
        String key = config.key();
        if (key == null && !config.security().needsKey()) {
            // opened by UsernameToken alone
        } else if (key == null || key.isBlank()) {
            problems.add(at + ".key is missing: the key the ERP sends in Header/key for website '" + code
                    + "' (at least " + MIN_KEY_LENGTH + " characters)");
        } else if (key.strip().length() < MIN_KEY_LENGTH) {
            problems.add(at + ".key has " + key.strip().length() + " characters: at least " + MIN_KEY_LENGTH
                    + " are needed");
        }
        if (config.previousKey() != null || config.previousKeyUntil() != null) {
            if (config.previousKey() == null || config.previousKey().strip().length() < MIN_KEY_LENGTH) {
                problems.add(at + ".previous-key must have at least " + MIN_KEY_LENGTH
                        + " characters: the key being replaced, accepted" + " until previous-key-until");
            } else if (config.previousKey().strip().equals(key == null ? null : key.strip())) {
                problems.add(
                        at
                                + ".previous-key is the key itself: set key to the new key and previous-key to the one it replaces");
            }
            if (config.previousKeyUntil() == null) {
                problems.add(
                        at
                                + ".previous-key-until is missing: the instant (2026-12-20T00:00:00Z) after which the previous key is refused");
            }
        }
        if (config.apiToken() != null && config.apiToken().strip().length() < MIN_KEY_LENGTH) {
            problems.add(at + ".api-token must have at least " + MIN_KEY_LENGTH + " characters");
        }
        return problems;
    }

    /** The problems of everything else: code, UsernameToken, shop, returns, delivery. */
    static List<String> settingsProblems(String at, WebsiteConfig config) {
        List<String> problems = new ArrayList<>();
        String code = config.code();
        if (code == null || code.isBlank()) {
            problems.add(at + ".code is missing");
        } else if (!code.strip().equals(code) || code.length() > MAX_CODE_LENGTH) {
            problems.add(at + ".code must have no surrounding spaces and at most " + MAX_CODE_LENGTH + " characters");
        } else if (code.startsWith("~")) {
            problems.add(at + ".code must not start with '~' (the relay marks deleted websites so)");
        }
        if (config.security().needsUsernameToken()) {
            if (config.username() == null || config.username().isBlank()) {
                problems.add(
                        at + ".username is missing: security " + config.security() + " needs a UsernameToken user");
            }
            if (config.password() == null || config.password().length() < MIN_PASSWORD_LENGTH) {
                problems.add(at + ".password must have at least " + MIN_PASSWORD_LENGTH + " characters");
            }
        }
        WebsitesProperties.Shop shop = config.shop();
        if (shop.url() != null && !shop.url().isBlank()) {
            if (!ShopConnector.isHttpUrl(shop.url().strip())) {
                problems.add(at + ".shop.url must be an http:// or https:// URL");
            }
            if (shop.key() == null || shop.key().isBlank()) {
                problems.add(at + ".shop.key is missing: the shop's connector expects a key");
            }
        }
        if (config.returns().days() < 0) {
            problems.add(at + ".returns.days must be 0 (no limit) or more");
        }
        Duration interval = config.delivery().interval();
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
            problems.add(at + ".delivery.interval must be at least " + MIN_INTERVAL.toSeconds() + " second");
        }
        return problems;
    }

    /** The settings as kept: key and token without surrounding spaces. */
    static WebsiteConfig stripped(WebsiteConfig c) {
        return new WebsiteConfig(
                c.code(),
                c.key() == null ? null : c.key().strip(),
                c.shop(),
                c.delivery(),
                c.security(),
                c.username(),
                c.password(),
                c.apiToken() == null ? null : c.apiToken().strip(),
                c.returns(),
                c.previousKey() == null ? null : c.previousKey().strip(),
                c.previousKeyUntil());
    }

    /**
     * The same settings without anything secret (keys, tokens, passwords) nor a configured key rotation:
     * what the database and the pages may hold.
     */
    static WebsiteConfig withoutSecrets(WebsiteConfig c) {
        WebsitesProperties.Shop shop = c.shop();
        return new WebsiteConfig(
                c.code(),
                null,
                new WebsitesProperties.Shop(shop.url(), null, shop.websiteCode(), shop.passThrough()),
                c.delivery(),
                c.security(),
                c.username(),
                null,
                null,
                c.returns());
    }

    static DeliverySettings deliverySettings(WebsiteConfig config) {
        WebsitesProperties.Shop shop = config.shop();
        ShopConnector connector = shop.url() == null || shop.url().isBlank()
                ? null
                : new ShopConnector(
                        shop.url().strip(),
                        shop.key(),
                        shop.websiteCode() == null || shop.websiteCode().isBlank()
                                ? config.code()
                                : shop.websiteCode());
        return new DeliverySettings(
                config.delivery().interval(), config.delivery().immediate(), connector);
    }
}
