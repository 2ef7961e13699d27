package org.opensirelay.website;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The websites (tenants) this relay answers for: {@code relay.websites[N].code} and
 * {@code relay.websites[N].key}, settable on the command line or as environment variables
 * ({@code RELAY_WEBSITES_0_CODE}, {@code RELAY_WEBSITES_0_KEY}).
 *
 * @param dataDir             where the embedded database and the demo website's key file live
 * @param websites            the configured websites; when empty (and no admin token is set), a demo website with a
 *                            generated key is used
 * @param secretsKey          seals what websites managed through the admin API must keep in clear (the shop's key, a
 *                            UsernameToken password); unset on the embedded database, one made at random is kept in
 *                            the data directory; on PostgreSQL it must be set, the same on every node
 * @param websiteRefreshEvery how often each node reloads the websites changed through the admin API (by any node)
 * @param websitesFile        a YAML or JSON file listing more websites under {@code websites:}, with the fields of
 *                            {@code relay.websites[N]}: read at start, and again when it changes
 */
@ConfigurationProperties(prefix = "relay")
public record WebsitesProperties(
        @DefaultValue("./data") Path dataDir,
        List<WebsiteConfig> websites,
        String secretsKey,
        @DefaultValue("PT2S") Duration websiteRefreshEvery,
        Path websitesFile) {

    @ConstructorBinding
    public WebsitesProperties {
        websites = websites == null ? List.of() : List.copyOf(websites);
        websiteRefreshEvery = websiteRefreshEvery == null ? Duration.ofSeconds(2) : websiteRefreshEvery;
    }

    public WebsitesProperties(
            Path dataDir, List<WebsiteConfig> websites, String secretsKey, Duration websiteRefreshEvery) {
        this(dataDir, websites, secretsKey, websiteRefreshEvery, null);
    }

    /** Whether any website is configured: in the settings, or a websites file (even one listing none yet). */
    public boolean anyConfigured() {
        return !websites.isEmpty() || websitesFile != null;
    }

    @Override
    public String toString() {
        return "WebsitesProperties[dataDir=" + dataDir + ", websites=" + websites + ", secretsKey="
                + (secretsKey == null ? "unset" : "<hidden>") + ", websiteRefreshEvery=" + websiteRefreshEvery
                + ", websitesFile=" + websitesFile + "]";
    }

    /**
     * One website.
     *
     * @param code     the {@code Website_Code} the ERP sends
     * @param key      the header key the ERP sends for this website (OpenSi modules use
     *                 {@code md5(login + "-" + password)}); only its SHA-256 is kept
     * @param shop     the shop's own OpenSi connector, where accepted items are delivered
     * @param delivery when they are delivered
     * @param security what a request must carry: the header key, a WS-Security UsernameToken, or both
     * @param username the UsernameToken's user name (security username-token or both)
     * @param password the UsernameToken's password (kept in memory only: digests are checked against it)
     * @param apiToken the bearer token of this website's REST API (shop plugin, marketplace connectors);
     *                 only its SHA-256 is kept
     * @param returns  the website's return rules
     * @param previousKey      the key being replaced by {@code key}: it still opens the website until
     *                         {@code previousKeyUntil}, so that the ERP switches at its own pace (a key rotation
     *                         in the configuration; websites managed through the admin API rotate there)
     * @param previousKeyUntil the cut-over, an ISO-8601 instant ({@code 2026-12-20T00:00:00Z})
     * @param google           how Google's Content API clients name this website (its merchant id)
     */
    public record WebsiteConfig(
            String code,
            String key,
            @DefaultValue Shop shop,
            @DefaultValue Delivery delivery,
            @DefaultValue("key") SecurityMode security,
            String username,
            String password,
            String apiToken,
            @DefaultValue Returns returns,
            String previousKey,
            Instant previousKeyUntil,
            @DefaultValue Google google) {

        @ConstructorBinding
        public WebsiteConfig {
            google = google == null ? Google.NONE : google;
        }

        /** A website without Google's merchant id. */
        public WebsiteConfig(
                String code,
                String key,
                Shop shop,
                Delivery delivery,
                SecurityMode security,
                String username,
                String password,
                String apiToken,
                Returns returns,
                String previousKey,
                Instant previousKeyUntil) {
            this(
                    code,
                    key,
                    shop,
                    delivery,
                    security,
                    username,
                    password,
                    apiToken,
                    returns,
                    previousKey,
                    previousKeyUntil,
                    Google.NONE);
        }

        /** The same website, named {@code google} by Google's clients. */
        public WebsiteConfig withGoogle(Google google) {
            return new WebsiteConfig(
                    code,
                    key,
                    shop,
                    delivery,
                    security,
                    username,
                    password,
                    apiToken,
                    returns,
                    previousKey,
                    previousKeyUntil,
                    google);
        }

        /** A website without a key rotation under way. */
        public WebsiteConfig(
                String code,
                String key,
                Shop shop,
                Delivery delivery,
                SecurityMode security,
                String username,
                String password,
                String apiToken,
                Returns returns) {
            this(code, key, shop, delivery, security, username, password, apiToken, returns, null, null);
        }

        public WebsiteConfig(String code, String key, Shop shop, Delivery delivery) {
            this(
                    code,
                    key,
                    shop,
                    delivery,
                    SecurityMode.KEY,
                    null,
                    null,
                    null,
                    new Returns(true, 14, Map.of(), true, List.of()));
        }

        @Override
        public String toString() {
            return "WebsiteConfig[code=" + code + ", key=<hidden>, shop=" + shop + ", delivery=" + delivery
                    + ", security=" + security + ", username=" + username
                    + ", password=<hidden>, apiToken=<hidden>, returns=" + returns
                    + ", previousKey=<hidden>, previousKeyUntil=" + previousKeyUntil + ", google=" + google + "]";
        }
    }

    /**
     * How tools built on Google's Content API client name the website: the {@code merchantId} of
     * their paths ({@code /content/v2.1/{merchantId}/orderreturns}).
     *
     * @param merchantId Google's merchant id, a number of 1 to 19 digits; none means Google's paths do
     *                   not answer for this website
     */
    public record Google(String merchantId) {

        public static final Google NONE = new Google(null);
    }

    /**
     * The shop's OpenSi connector endpoint.
     *
     * @param url         its SOAP address; none means items are kept but not delivered
     * @param key         the header key it expects
     * @param websiteCode the {@code Website_Code} it expects; by default the website's own code
     * @param passThrough how the operations the relay does not answer itself reach it
     */
    public record Shop(
            String url,
            String key,
            String websiteCode,
            @DefaultValue PassThrough passThrough) {

        @ConstructorBinding
        public Shop {
            passThrough = passThrough == null ? PassThrough.DEFAULTS : passThrough;
        }

        public Shop(String url, String key, String websiteCode) {
            this(url, key, websiteCode, PassThrough.DEFAULTS);
        }

        @Override
        public String toString() {
            return "Shop[url=" + url + ", key=<hidden>, websiteCode=" + websiteCode + "]";
        }
    }

    /**
     * The operations of the contract the relay does not answer itself (setStocks, getOrders, ...),
     * forwarded to the shop's connector with the shop's key.
     *
     * @param enabled        whether they are passed through at all (only where the shop has a url)
     * @param allow          the only operations passed through, by name; empty means all of them
     * @param deny           operations not passed through, by name
     * @param connectTimeout how long to wait for the shop's connector to accept the connection
     * @param readTimeout    how long to wait for its answer, and between two parts of it (the real
     *                       module allows 180 s: large getOrders pages and getProductImages answers are slow)
     */
    public record PassThrough(
            @DefaultValue("true") boolean enabled,
            List<String> allow,
            List<String> deny,
            @DefaultValue("PT10S") Duration connectTimeout,
            @DefaultValue("PT180S") Duration readTimeout) {

        static final PassThrough DEFAULTS =
                new PassThrough(true, List.of(), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(180));

        public PassThrough {
            allow = allow == null ? List.of() : List.copyOf(allow);
            deny = deny == null ? List.of() : List.copyOf(deny);
            connectTimeout = connectTimeout == null ? DEFAULTS.connectTimeout : connectTimeout;
            readTimeout = readTimeout == null ? DEFAULTS.readTimeout : readTimeout;
        }
    }

    /**
     * @param interval  how often the pending items are swept to the shop (OpenSi's standard: 10 minutes)
     * @param immediate also push newly accepted items right after their transaction commits
     */
    /**
     * PrestaShop's return rules, per website, and how its ERP names return states.
     *
     * @param enabled   whether return requests are taken
     * @param days      days after delivery a return may be requested (0 = no limit)
     * @param erpStates    the ERP's ReturnState values and the relay states they mean, added to the
     *                     defaults (our own names, and PrestaShop's ids 1 to 5)
     * @param generateSlip whether the relay issues a return slip (PDF) for an accepted return without one
     * @param slipAddress  the return address printed on those slips, one line per entry
     */
    public record Returns(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("14") int days,
            Map<String, String> erpStates,
            @DefaultValue("true") boolean generateSlip,
            List<String> slipAddress,
            @DefaultValue Policy policy,
            @DefaultValue("shop") String creditNotes,
            Map<String, String> reasons) {

        /** Who answers the ERP's getOrderCreditNotes: the relay, from the refunds it recorded; or the shop (passed through). */
        public static final String CREDIT_NOTES_BY_RELAY = "relay";

        public static final String CREDIT_NOTES_BY_SHOP = "shop";

        @ConstructorBinding
        public Returns {
            erpStates = erpStates == null ? Map.of() : Map.copyOf(erpStates);
            slipAddress = slipAddress == null ? List.of() : List.copyOf(slipAddress);
            policy = policy == null ? Policy.DEFAULTS : policy;
            creditNotes = creditNotes == null
                    ? CREDIT_NOTES_BY_SHOP
                    : creditNotes.strip().toLowerCase(Locale.ROOT);
            reasons = reasons == null ? Map.of() : Map.copyOf(reasons);
        }

        public Returns(
                boolean enabled,
                int days,
                Map<String, String> erpStates,
                boolean generateSlip,
                List<String> slipAddress) {
            this(enabled, days, erpStates, generateSlip, slipAddress, Policy.DEFAULTS, CREDIT_NOTES_BY_SHOP, Map.of());
        }

        /** Whether the relay answers getOrderCreditNotes itself (else it goes to the shop). */
        public boolean creditNotesByRelay() {
            return CREDIT_NOTES_BY_RELAY.equals(creditNotes);
        }
    }

    /**
     * What a website's published return policy says beyond the rules the relay judges (enabled, days):
     * the Merchant API's {@code onlineReturnPolicies} fields.
     *
     * @param returnMethods     BY_MAIL, IN_STORE, AT_A_KIOSK (default BY_MAIL)
     * @param restockingFee     a fixed fee kept from the refund, decimal text in {@code currency}
     * @param returnShippingFee what the customer pays to send the parcel back: decimal text in
     *                          {@code currency}, or {@code customer-pays-actual}; none means free
     * @param currency          the fees' currency (ISO 4217)
     * @param uri               the policy's page on the merchant's site
     * @param countries         where it applies (ISO 3166-1 alpha-2)
     * @param label             its name for the merchant
     */
    public record Policy(
            List<String> returnMethods,
            String restockingFee,
            String returnShippingFee,
            @DefaultValue("EUR") String currency,
            String uri,
            List<String> countries,
            String label) {

        public static final Policy DEFAULTS = new Policy(List.of("BY_MAIL"), null, null, "EUR", null, List.of(), null);

        public Policy {
            returnMethods =
                    returnMethods == null || returnMethods.isEmpty() ? List.of("BY_MAIL") : List.copyOf(returnMethods);
            countries = countries == null ? List.of() : List.copyOf(countries);
            currency = currency == null ? "EUR" : currency;
        }
    }

    public record Delivery(
            @DefaultValue("PT10M") Duration interval,
            @DefaultValue("false") boolean immediate) {

        public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    }
}
