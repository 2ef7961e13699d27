package org.opensirelay.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.opensirelay.delivery.DeliveryService;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The relay with a real stub shop behind it: SHOP1 delivers on demand (tests run its delivery
 * themselves, with the settable clock), SHOP2 delivers immediately after each accepted request.
 */
public abstract class RelayWithShopTest extends RelayIntegrationTest {

    protected static final StubShop SHOP = StubShop.start();
    protected static final String SHOP1_SHOP_KEY = "shop1-connector-key-0001";
    protected static final String SHOP1_AT_SHOP = "WEB-FR";
    protected static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
    /** The REST API tokens of SHOP1 and SHOP2 (shop plugins, marketplace connectors). */
    protected static final String SHOP1_API_TOKEN = "shop1-api-token-for-tests-01";

    protected static final String SHOP2_API_TOKEN = "shop2-api-token-for-tests-02";
    /** The websites' Google merchant ids: Google's orderreturns paths name them so. */
    protected static final String SHOP1_MERCHANT_ID = "1234567890";

    protected static final String SHOP2_MERCHANT_ID = "2233445566";

    @Autowired
    protected DeliveryService delivery;

    @Autowired
    protected WebsiteRegistry websites;

    @DynamicPropertySource
    static void shop(DynamicPropertyRegistry registry) {
        // A list binds from one property source only: the websites are declared here whole.
        registry.add("relay.websites[0].code", () -> SHOP1);
        registry.add("relay.websites[0].key", () -> SHOP1_KEY);
        registry.add("relay.websites[1].code", () -> SHOP2);
        registry.add("relay.websites[1].key", () -> SHOP2_KEY);
        registry.add("relay.websites[0].shop.url", SHOP::url);
        registry.add("relay.websites[0].shop.key", () -> SHOP1_SHOP_KEY);
        registry.add("relay.websites[0].shop.website-code", () -> SHOP1_AT_SHOP);
        registry.add("relay.websites[1].shop.url", SHOP::url);
        registry.add("relay.websites[1].shop.key", () -> "shop2-connector-key-0002");
        registry.add("relay.websites[1].delivery.immediate", () -> "true");
        // SHOP1 is delivered by the tests themselves: its recurring delivery (Quartz, real time) must not
        // fire while a cached context lives on through the suite. At the default 10 minutes it did, in
        // the middle of a test, and took the row the test was about to deliver.
        registry.add("relay.websites[0].delivery.interval", () -> "P1D");
        registry.add("relay.admin.token", () -> ADMIN_TOKEN);
        registry.add("relay.websites[0].api-token", () -> SHOP1_API_TOKEN);
        registry.add("relay.websites[1].api-token", () -> SHOP2_API_TOKEN);
        registry.add("relay.websites[0].google.merchant-id", () -> SHOP1_MERCHANT_ID);
        registry.add("relay.websites[1].google.merchant-id", () -> SHOP2_MERCHANT_ID);
        // Where the customers' parcels go: slips are issued only with an address.
        registry.add("relay.websites[0].returns.slip-address[0]", () -> "Boutique Un — Retours");
        registry.add("relay.websites[0].returns.slip-address[1]", () -> "1 quai des Retours, 69002 Lyon");
        registry.add("relay.websites[1].returns.slip-address[0]", () -> "Boutique Deux — Retours");
        // SHOP2's address is as long as real ones get: its slips must still fit the envelope's window.
        registry.add(
                "relay.websites[1].returns.slip-address[1]",
                () -> "Entrepôt logistique Rhône-Alpes, bâtiment C, quai de déchargement n° 12");
        registry.add(
                "relay.websites[1].returns.slip-address[2]",
                () -> "Zone industrielle des Grandes Terres, 2 allée des Transporteurs");
        registry.add("relay.websites[1].returns.slip-address[3]", () -> "69960 Corbas, France");
        // SHOP2 publishes a return policy with fees and a page (the Merchant API's onlineReturnPolicies).
        registry.add("relay.websites[1].returns.policy.restocking-fee", () -> "2.50");
        registry.add("relay.websites[1].returns.policy.return-shipping-fee", () -> "customer-pays-actual");
        registry.add("relay.websites[1].returns.policy.uri", () -> "https://shop2.example/returns");
        registry.add("relay.websites[1].returns.policy.countries[0]", () -> "FR");
        // SHOP2's credit notes come from the relay; SHOP1's from its shop (the default).
        registry.add("relay.websites[1].returns.credit-notes", () -> "relay");
        // SHOP2's webhook receivers may be on this machine (the tests' receivers are); SHOP1's may not.
        registry.add("relay.webhooks.allow-private-networks[0]", () -> SHOP2);
        registry.add("relay.webhooks.timeout", () -> "PT2S");
        // SHOP1's shop sends a return reason code of its own, which means "changed mind".
        registry.add("relay.websites[0].returns.reasons.RETOUR42", () -> "changedMind");
        // The ERP of SHOP1 names one state its own way.
        registry.add("relay.websites[0].returns.erp-states.RECU", () -> "RECEIVED");
    }

    @BeforeEach
    void healthyEmptyShop() {
        SHOP.reset();
    }

    /** Whatever a test checked, the shop got only requests a server reading just Content-Length takes. */
    @AfterEach
    void onlyRequestsAContentLengthServerTakes() {
        SHOP.assertOnlyContentLengthRequests();
    }

    protected Website shop1() {
        return websites.website(SHOP1).orElseThrow();
    }

    /** Runs SHOP1's delivery now, on the test's thread. */
    protected DeliveryService.Run deliverShop1() {
        return delivery.deliverDue(shop1());
    }

    protected String status(String kind, String key) {
        return jdbc.queryForObject(
                "SELECT status FROM outbox WHERE item_kind = ? AND item_key = ? ORDER BY id DESC LIMIT 1",
                String.class,
                kind,
                key);
    }
}
