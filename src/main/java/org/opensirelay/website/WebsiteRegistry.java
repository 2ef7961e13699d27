package org.opensirelay.website;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.opensirelay.settings.InvalidSettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/**
 * The active websites and their key hashes. The configuration is the source of truth: at start-up
 * it is written to the {@code website} table (hash only), websites no longer configured are
 * deactivated (their data stays), and requests are then checked against memory.
 */
@Component
public class WebsiteRegistry {

    static final int MAX_CODE_LENGTH = 64;
    static final int MIN_KEY_LENGTH = 16;
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final int MIN_PASSWORD_LENGTH = 8;

    private static final Logger log = LoggerFactory.getLogger(WebsiteRegistry.class);
    /** Compared against when the website is unknown, so that the answer takes as long either way. */
    private static final byte[] NO_KEY_HASH = KeyHash.of("no website has this key");

    private record Entry(Website website, byte[] keyHash, String password) {
    }

    private final Map<String, Entry> byCode = new HashMap<>();
    private final Map<Long, Website> byId = new HashMap<>();
    private final Map<String, Entry> byKeyHash = new HashMap<>();
    private final Map<String, Entry> byUsername = new HashMap<>();
    /** Per website code, the SHA-256 of its REST API token (the token itself is not kept). */
    private final Map<String, byte[]> apiTokenHashes = new HashMap<>();

    private final Environment environment;

    WebsiteRegistry(JdbcTemplate jdbc, WebsitesProperties properties, Clock clock, Environment environment) {
        this.environment = environment;
        List<WebsiteConfig> wanted = DemoMode.isDemo(properties.websites())
                ? List.of(DemoWebsite.loadOrCreate(properties.dataDir()))
                : checked(properties.websites());
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        for (WebsiteConfig config : wanted) {
            // A website opened by UsernameToken alone has no key: a random one stands in, never told.
            String key = config.key() == null ? UUID.randomUUID() + "-" + UUID.randomUUID() : config.key();
            upsert(jdbc, config.code(), KeyHash.hex(KeyHash.of(key)), now);
        }
        Map<String, WebsiteConfig> wantedByCode = new HashMap<>();
        wanted.forEach(c -> wantedByCode.put(c.code(), c));
        jdbc.query("SELECT id, code, key_sha256, active FROM website", rs -> {
            String code = rs.getString("code");
            WebsiteConfig config = wantedByCode.get(code);
            if (config != null) {
                Website website = new Website(rs.getLong("id"), code, deliverySettings(config), config.security(),
                        config.security().needsUsernameToken() ? config.username() : null, config.returns(),
                        config.shop().passThrough());
                Entry entry = new Entry(website, KeyHash.fromHex(rs.getString("key_sha256")),
                        config.security().needsUsernameToken() ? config.password() : null);
                byCode.put(code, entry);
                byId.put(website.id(), website);
                if (config.security().needsKey()) {
                    byKeyHash.put(KeyHash.hex(entry.keyHash()), entry);
                }
                if (website.username() != null) {
                    byUsername.put(website.username(), entry);
                }
                if (config.apiToken() != null) {
                    apiTokenHashes.put(code, KeyHash.of(config.apiToken()));
                }
            } else if (rs.getBoolean("active")) {
                jdbc.update("UPDATE website SET active = FALSE, updated_at = ? WHERE id = ?", now, rs.getLong("id"));
                log.info("Website '{}' is no longer configured: deactivated, its stored items are kept", code);
            }
        });
        log.info("Answering for websites {}", byCode.keySet());
    }

    /**
     * The website whose {@code Website_Code} is {@code code}, if what the request carries opens it:
     * the header {@code key}, the {@code tokenUser} of a UsernameToken WS-Security has verified, or
     * both, as the website's security mode says.
     *
     * @throws AuthenticationFailedException when it does not
     */
    public Website authenticate(String code, String key, String tokenUser) throws AuthenticationFailedException {
        byte[] presented = KeyHash.of(key == null ? "" : key);
        Entry entry = byCode.get(code);
        boolean keyMatches = KeyHash.matches(entry == null ? NO_KEY_HASH : entry.keyHash(), presented);
        if (entry == null) {
            throw new AuthenticationFailedException(AuthenticationFailedException.Reason.UNKNOWN_WEBSITE);
        }
        Website website = entry.website();
        if (website.security().needsKey() && !keyMatches) {
            boolean ofAnother = byKeyHash.containsKey(KeyHash.hex(presented));
            throw new AuthenticationFailedException(ofAnother
                    ? AuthenticationFailedException.Reason.KEY_OF_ANOTHER_WEBSITE
                    : AuthenticationFailedException.Reason.WRONG_KEY);
        }
        if (website.security().needsUsernameToken()) {
            if (tokenUser == null) {
                throw new AuthenticationFailedException(AuthenticationFailedException.Reason.USERNAME_TOKEN_REQUIRED);
            }
            if (!tokenUser.equals(website.username())) {
                throw new AuthenticationFailedException(AuthenticationFailedException.Reason.USERNAME_TOKEN_OF_ANOTHER_USER);
            }
        }
        return website;
    }

    /**
     * The website opened by {@code key} or by a verified UsernameToken, for operations that carry no
     * {@code Website_Code} (getVersion, getDatetime).
     */
    public Website authenticateAnyWebsite(String key, String tokenUser) throws AuthenticationFailedException {
        Entry entry = key == null || key.isEmpty() ? null : byKeyHash.get(KeyHash.hex(KeyHash.of(key)));
        if (entry == null && tokenUser != null) {
            entry = byUsername.get(tokenUser);
        }
        if (entry == null) {
            throw new AuthenticationFailedException(AuthenticationFailedException.Reason.WRONG_KEY);
        }
        return entry.website();
    }

    /**
     * Whether {@code token} is the REST API token of website {@code code} (constant-time; false for
     * an unknown website or one without a token).
     */
    public boolean isApiToken(String code, String token) {
        byte[] expected = apiTokenHashes.get(code);
        boolean matches = KeyHash.matches(expected == null ? NO_KEY_HASH : expected, KeyHash.of(token == null ? "" : token));
        return expected != null && matches;
    }

    /** The password WS-Security checks a UsernameToken of {@code username} against. */
    public Optional<String> usernameTokenPassword(String username) {
        return Optional.ofNullable(byUsername.get(username)).map(Entry::password);
    }

    /** The websites this relay answers for. */
    public List<Website> activeWebsites() {
        return byCode.values().stream().map(Entry::website).toList();
    }

    /** The demo website's shop connector (the built-in demo shop), while the relay runs as a demo. */
    public Optional<ShopConnector> demoShop() {
        return website(DemoWebsite.CODE).flatMap(w -> w.delivery().shopConnector())
                .filter(shop -> DemoWebsite.DEMO_SHOP_URL.equals(shop.url()));
    }

    /**
     * The address of the website's shop connector as the relay calls it, for operators to read: its
     * placeholders resolved (the demo shop's is the relay's own port, known once the server listens).
     */
    public Optional<String> shopUrl(Website website) {
        return website.delivery().shopConnector().map(shop -> environment.resolvePlaceholders(shop.url()));
    }

    /** The active website with this code. */
    public Optional<Website> website(String code) {
        return Optional.ofNullable(byCode.get(code)).map(Entry::website);
    }

    /** The active website with this database id (rows name their website so). */
    public Optional<Website> website(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static DeliverySettings deliverySettings(WebsiteConfig config) {
        WebsitesProperties.Shop shop = config.shop();
        ShopConnector connector = shop.url() == null || shop.url().isBlank() ? null
                : new ShopConnector(shop.url().strip(), shop.key(),
                        shop.websiteCode() == null || shop.websiteCode().isBlank() ? config.code() : shop.websiteCode());
        return new DeliverySettings(config.delivery().interval(), config.delivery().immediate(), connector);
    }

    private static List<WebsiteConfig> checked(List<WebsiteConfig> configs) {
        List<String> problems = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> keys = new HashSet<>();
        Set<String> usernames = new HashSet<>();
        for (int i = 0; i < configs.size(); i++) {
            WebsiteConfig config = configs.get(i);
            String at = "relay.websites[" + i + "]";
            String code = config.code();
            if (code == null || code.isBlank()) {
                problems.add(at + ".code is missing");
            } else if (!code.strip().equals(code) || code.length() > MAX_CODE_LENGTH) {
                problems.add(at + ".code must have no surrounding spaces and at most " + MAX_CODE_LENGTH + " characters");
            } else if (!codes.add(code)) {
                problems.add(at + ".code '" + code + "' is configured twice");
            }
            String key = config.key();
            if (key == null && !config.security().needsKey()) {
                // opened by UsernameToken alone
            } else if (key == null || key.isBlank()) {
                problems.add(at + ".key is missing: the key the ERP sends in Header/key for website '" + code + "' (at least "
                        + MIN_KEY_LENGTH + " characters)");
            } else if (key.strip().length() < MIN_KEY_LENGTH) {
                problems.add(at + ".key has " + key.strip().length() + " characters: at least " + MIN_KEY_LENGTH + " are needed");
            } else if (!keys.add(key.strip())) {
                problems.add(at + ".key is the key of another website: every website needs its own key");
            }
            if (config.security().needsUsernameToken()) {
                if (config.username() == null || config.username().isBlank()) {
                    problems.add(at + ".username is missing: security " + config.security() + " needs a UsernameToken user");
                } else if (!usernames.add(config.username())) {
                    problems.add(at + ".username is the user of another website");
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
            if (config.apiToken() != null && config.apiToken().strip().length() < MIN_KEY_LENGTH) {
                problems.add(at + ".api-token must have at least " + MIN_KEY_LENGTH + " characters");
            }
            if (config.returns().days() < 0) {
                problems.add(at + ".returns.days must be 0 (no limit) or more");
            }
            Duration interval = config.delivery().interval();
            if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
                problems.add(at + ".delivery.interval must be at least " + MIN_INTERVAL.toSeconds() + " second");
            }
        }
        for (int i = 0; i < configs.size(); i++) {
            WebsitesProperties.Shop shop = configs.get(i).shop();
            if (shop.url() == null || shop.url().isBlank()) {
                log.warn("Website '{}' has no relay.websites[{}].shop.url: its items are kept, and delivered to no shop until one is set",
                        configs.get(i).code(), i);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Correct the website settings above (README, 'Configuration').");
        }
        return configs.stream().map(c -> new WebsiteConfig(c.code(), c.key() == null ? null : c.key().strip(), c.shop(),
                c.delivery(), c.security(), c.username(), c.password(), c.apiToken() == null ? null : c.apiToken().strip(),
                c.returns())).toList();
    }

    private static void upsert(JdbcTemplate jdbc, String code, String keyHashHex, OffsetDateTime now) {
        String update = "UPDATE website SET key_sha256 = ?, active = TRUE, updated_at = ? WHERE code = ?";
        if (jdbc.update(update, keyHashHex, now, code) == 0) {
            try {
                jdbc.update("INSERT INTO website (code, key_sha256, active, created_at, updated_at) VALUES (?, ?, TRUE, ?, ?)",
                        code, keyHashHex, now, now);
            } catch (DuplicateKeyException anotherInstanceInsertedIt) {
                jdbc.update(update, keyHashHex, now, code);
            }
        }
    }
}
