package org.opensirelay.website;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/**
 * What one website's settings must hold, wherever they come from: {@code relay.websites[N]} at start,
 * or a body of the admin API. Each problem names the setting ({@code at} and its path) and the rule.
 * What must differ between websites (codes, keys, users) is checked by whoever sees them all.
 */
final class WebsiteRules {

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
        List<String> problems = new ArrayList<>();
        codeProblem(at, config).ifPresent(problems::add);
        problems.addAll(settingsProblems(at, config));
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
            problems.add(at + ".key is missing: the key the ERP sends in Header/key for website '"
                    + WebsiteCode.printable(code) + "' (at least " + MIN_KEY_LENGTH + " characters)");
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

    /**
     * The problem of a new website's code ({@link WebsiteCode}). A website's code never changes, so a change
     * of its settings is not held to it: a website stored before the rule can still get a valid shop URL.
     */
    static Optional<String> codeProblem(String at, WebsiteConfig config) {
        // The rule also keeps '~' out: the relay marks deleted websites so.
        return WebsiteCode.problem(at + ".code", config.code());
    }

    /** The problems of everything else: UsernameToken, shop, returns, delivery. */
    static List<String> settingsProblems(String at, WebsiteConfig config) {
        List<String> problems = new ArrayList<>();
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
            HttpUrl.problem(at + ".shop.url", shop.url().strip()).ifPresent(problems::add);
            if (shop.key() == null || shop.key().isBlank()) {
                problems.add(at + ".shop.key is missing: the shop's connector expects a key");
            }
        }
        shopWebsiteCodeProblem(at + ".shop.website-code", shop.websiteCode()).ifPresent(problems::add);
        if (config.returns().days() < 0) {
            problems.add(at + ".returns.days must be 0 (no limit) or more");
        }
        merchantIdProblem(at, config.google().merchantId()).ifPresent(problems::add);
        Duration interval = config.delivery().interval();
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
            problems.add(at + ".delivery.interval must be at least " + MIN_INTERVAL.toSeconds() + " second");
        }
        return problems;
    }

    /**
     * Google's merchant ids are unsigned 64-bit numbers its clients write in decimal: 1 to 19 digits
     * without a leading zero (every such number fits a long), so that one id names one website.
     */
    static Optional<String> merchantIdProblem(String at, String merchantId) {
        if (merchantId == null || merchantId.matches("[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        // Named as the operator wrote it: relay.websites[N].google.merchant-id, or the admin API's JSON.
        String field = at + (at.startsWith("relay.") ? ".google.merchant-id" : ".google.merchantId");
        return Optional.of(field + " '" + WebsiteCode.printable(merchantId)
                + "' must be Google's merchant id: a number of 1 to 19 digits, not starting with 0");
    }

    /** The field that names a merchant id already taken by another website. */
    static String merchantIdTaken(String at, String merchantId, String owner) {
        String field = at + (at.startsWith("relay.") ? ".google.merchant-id" : ".google.merchantId");
        return field + " " + merchantId + " is the merchant id of website '" + WebsiteCode.printable(owner)
                + "': a merchant id names one website";
    }

    /** The settings as kept: key and token without surrounding spaces. */
    static WebsiteConfig stripped(WebsiteConfig c) {
        if (isStripped(c.key()) && isStripped(c.apiToken()) && isStripped(c.previousKey())) {
            // The same instance: a relay with thousands of configured websites keeps one copy of each.
            return c;
        }
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
                c.previousKeyUntil(),
                c.google());
    }

    private static boolean isStripped(String text) {
        return text == null || text.strip().length() == text.length();
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
                        c.returns())
                .withGoogle(c.google());
    }

    static DeliverySettings deliverySettings(WebsiteConfig config) {
        WebsitesProperties.Shop shop = config.shop();
        // A URL that breaks the rule (one stored before the rule existed) is no shop: the website's items
        // are kept, and the start says so (StoredWebsites).
        ShopConnector connector = shopUrl(config)
                .map(url -> new ShopConnector(
                        url,
                        shop.key(),
                        shop.websiteCode() == null || shop.websiteCode().isBlank()
                                ? config.code()
                                : shop.websiteCode()))
                .orElse(null);
        return new DeliverySettings(
                config.delivery().interval(), config.delivery().immediate(), connector);
    }

    /** The shop's URL of these settings, if it has one that keeps the rule. */
    static Optional<URI> shopUrl(WebsiteConfig config) {
        String url = config.shop().url();
        return url == null || url.isBlank() ? Optional.empty() : HttpUrl.parse(url.strip());
    }

    /**
     * The code the shop's connector expects is the shop's to choose, so it is not held to the relay's
     * identifier rule; but it goes to the shop in every request and into log lines: printable, short.
     */
    static Optional<String> shopWebsiteCodeProblem(String at, String code) {
        if (code == null || code.isEmpty()) {
            return Optional.empty();
        }
        boolean printable =
                code.chars().allMatch(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT);
        if (!printable
                || code.length() > WebsiteCode.MAX_LENGTH
                || !code.strip().equals(code)) {
            return Optional.of(at + " '" + WebsiteCode.printable(code) + "' must be 1 to " + WebsiteCode.MAX_LENGTH
                    + " characters without surrounding spaces, control or formatting characters");
        }
        return Optional.empty();
    }
}
