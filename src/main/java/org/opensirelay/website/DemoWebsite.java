package org.opensirelay.website;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.opensirelay.settings.OwnerOnly;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The website a newcomer gets when none is configured: code {@code DEMO}, with a random key
 * generated at first start and written to {@code <data-dir>/demo-website.key} (owner-readable
 * only). The key itself never goes to the log, and no fixed key is ever accepted.
 */
final class DemoWebsite {

    static final String CODE = "DEMO";
    static final String KEY_FILE = "demo-website.key";
    static final String API_TOKEN_FILE = "demo-api.token";
    static final String ADMIN_TOKEN_FILE = "demo-admin.token";

    private static final Logger log = LoggerFactory.getLogger(DemoWebsite.class);

    private DemoWebsite() {}

    static WebsiteConfig loadOrCreate(Path dataDir) {
        return demo(secret(dataDir, KEY_FILE, "key"), secret(dataDir, API_TOKEN_FILE, "REST API token"));
    }

    /** The demo's admin token (console, admin API, metrics), made at random at the first start like the key. */
    static String adminToken(Path dataDir) {
        return secret(dataDir, ADMIN_TOKEN_FILE, "admin token (console at /console, admin API)");
    }

    /**
     * The demo website's settings once the relay listens: its shop is the built-in demo shop, served by
     * this relay itself at {@code <webServicesPath>/opensi} on {@code port} (known only then: the port
     * may be chosen at random). A concrete address, built here once, not a template resolved at each call.
     */
    static WebsiteConfig listeningAt(WebsiteConfig demo, int port, String webServicesPath) {
        WebsitesProperties.Shop shop = demo.shop();
        String url = "http://127.0.0.1:" + port + webServicesPath + "/opensi";
        return new WebsiteConfig(
                        demo.code(),
                        demo.key(),
                        new WebsitesProperties.Shop(url, shop.key(), shop.websiteCode(), shop.passThrough()),
                        demo.delivery(),
                        demo.security(),
                        demo.username(),
                        demo.password(),
                        demo.apiToken(),
                        demo.returns())
                .withGoogle(demo.google());
    }

    /**
     * The demo website delivers at once to the demo shop, with a shop key made for this run; its shop's
     * address is set once the relay listens ({@link #listeningAt}).
     */
    private static WebsiteConfig demo(String erpKey, String apiToken) {
        WebsiteConfig plain = new WebsiteConfig(
                CODE,
                erpKey,
                new WebsitesProperties.Shop(null, KeyHash.newKey(), CODE),
                new WebsitesProperties.Delivery(WebsitesProperties.Delivery.DEFAULT_INTERVAL, true));
        // The demo's slips show what a merchant's would, with an address of the demo's shop (a real
        // website sets its own in relay.websites[N].returns.slip-address; the console's website page
        // names that setting).
        // And its credit notes come from the relay (the demo shop makes none of its own).
        WebsitesProperties.Returns returns = new WebsitesProperties.Returns(
                true,
                14,
                Map.of(),
                true,
                List.of(
                        "Boutique Démo — Service retours",
                        "Entrepôt Démo, quai 3",
                        "12 rue des Colis",
                        "75011 Paris",
                        "France"),
                WebsitesProperties.Policy.DEFAULTS,
                WebsitesProperties.Returns.CREDIT_NOTES_BY_RELAY,
                Map.of());
        return new WebsiteConfig(
                plain.code(),
                plain.key(),
                plain.shop(),
                plain.delivery(),
                plain.security(),
                null,
                null,
                apiToken,
                returns);
    }

    /** A secret of the demo website: read from its file, or made at random and written there (owner-readable only). */
    private static String secret(Path dataDir, String name, String what) {
        Path file = dataDir.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (secret.length() >= WebsiteRules.MIN_KEY_LENGTH) {
                    log.info(
                            "No website configured: using demo website '{}', its {} is in {}",
                            CODE,
                            what,
                            file.toAbsolutePath());
                    return secret;
                }
            }
            String secret = KeyHash.newKey();
            Files.createDirectories(dataDir);
            OwnerOnly.write(file, secret + "\n");
            log.info(
                    "No website configured: created demo website '{}' with a new random {}, written to {}",
                    CODE,
                    what,
                    file.toAbsolutePath());
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the demo website's " + what + " file " + file, e);
        }
    }
}
