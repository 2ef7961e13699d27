package org.opensirelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.HeadlessChromium;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.opensirelay.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real headless browser (Debian's chromium through its chromium-driver; no
 * browser is downloaded): sign in, see a website fall behind while its shop is down, see the dead
 * item with its error, retry it once the shop is back, open a return's timeline, and no action
 * without the session's CSRF token nor any page without signing in. Screenshots go to target/console/.
 */
class ConsoleBrowserTest extends RelayWithShopTest {

    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Waits for the navigation a click started: the URL ends with {@code suffix}. */
    private static void arrivedAt(String suffix) {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlMatches(Pattern.quote(suffix) + "$"));
    }

    /** Clicks and waits until the page it was on is gone: a form that posts back to the same URL leaves the URL unchanged. */
    private static void submit(By button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(page));
    }

    /** As {@link #submit}, for a button whose form asks to confirm first. */
    private static void submitConfirmed(By button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(page));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn() {
        browser.manage().deleteAllCookies();
        browser.get(url("/console"));
        arrivedAt("/console/login");
        browser.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
        browser.findElement(By.id("sign-in")).click();
        arrivedAt("/console");
    }

    /** The chart legend's values of delivered, waiting and given up, as shown for the minute under the pointer. */
    private static List<String> legendValues(WebElement chart) {
        List<WebElement> values = chart.findElements(By.cssSelector(".u-legend .u-series .u-value"));
        return values.subList(1, values.size()).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static String zone() {
        String id = ZoneId.systemDefault().normalized().getId();
        return "Z".equals(id) ? "UTC" : id;
    }

    private static void shot(String name) {
        HeadlessChromium.screenshot(browser, name);
    }

    @Test
    void anOperatorSeesAShopFallBehindFindsTheDeadItemAndRetriesIt() throws Exception {
        signIn();
        // The shop is down: the comment waits; then the shop refuses it for good (3005): dead.
        SHOP.down();
        soap.post(shop1("setComments-seed.xml"));
        deliverShop1();
        browser.navigate().refresh();
        assertThat(browser.findElement(By.cssSelector("#website-SHOP1 .backlog"))
                        .getText())
                .isEqualTo("1");
        SHOP.listen();
        SHOP.answer(item -> 3005);
        clock.advance(Duration.ofHours(2));
        deliverShop1();
        browser.navigate().refresh();
        WebElement row = browser.findElement(By.id("website-SHOP1"));
        assertThat(row.getAttribute("class")).contains("behind");
        assertThat(row.findElement(By.cssSelector(".dead")).getText()).isEqualTo("1");
        // The chart of the last 3 hours: a time axis, a scale, a legend naming each series, and the
        // values under the pointer. The comment waited from its post (2 h ago) until it died (now).
        WebElement chart = row.findElement(By.cssSelector(".chart .uplot"));
        assertThat(row.findElement(By.cssSelector(".chart")).getAttribute("aria-label"))
                .isEqualTo("Last 3 h: 0 delivered, 1 given up, 0 waiting now, at most 1 waiting.");
        assertThat(chart.findElements(By.cssSelector(".u-legend .u-series th")))
                .extracting(WebElement::getText)
                .containsExactly("Minute (" + zone() + ")", "Delivered / min", "Waiting", "Given up / min");
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        WebElement plot = chart.findElement(By.cssSelector(".u-over"));
        new Actions(browser).moveToElement(plot, 0, 0).perform(); // the middle: an hour into its wait
        assertThat(legendValues(chart)).containsExactly("0", "1", "0");
        shot("overview");
        // The last minute (the pointer moved across the chart's last pixels): it died then, waiting no more.
        List<List<String>> lastPixels = new ArrayList<>();
        for (int x = plot.getSize().getWidth() / 2 - 4; x <= plot.getSize().getWidth() / 2; x++) {
            new Actions(browser).moveToElement(plot, x, 0).perform();
            lastPixels.add(legendValues(chart));
        }
        assertThat(lastPixels).contains(List.of("0", "0", "1"));
        assertThat(chart.findElement(By.cssSelector(".u-legend .u-series .u-value"))
                        .getText())
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");

        row.findElement(By.linkText("SHOP1")).click();
        arrivedAt("/console/websites/SHOP1");
        WebElement dead = browser.findElement(By.cssSelector("#deliveries tbody tr"));
        assertThat(dead.findElement(By.cssSelector(".error")).getText())
                .isEqualTo("3005 Refused by the shop: code 3005");
        shot("website-dead");

        // The shop accepts it again: one click retries it; it reaches the shop.
        SHOP.answer(item -> 0);
        dead.findElement(By.cssSelector("button.retry")).click();
        arrivedAt("/console/websites/SHOP1?status=DEAD");
        assertThat(browser.findElement(By.id("notice")).getText()).contains("is pending again");
        Eventually.within(
                Duration.ofSeconds(10),
                "the retried comment reaches the shop",
                () -> SHOP.applied().containsKey("comment 1"));
        Eventually.within(
                Duration.ofSeconds(5), "its delivery is settled", () -> "DELIVERED".equals(status("COMMENT", "1")));
        browser.findElement(By.id("tab-DELIVERED")).click();
        arrivedAt("?status=DELIVERED");
        assertThat(browser.findElements(By.cssSelector("#deliveries tbody tr"))).hasSize(1);
        assertThat(browser.getPageSource()).doesNotContain(SHOP1_KEY, SHOP1_SHOP_KEY, ADMIN_TOKEN, SHOP1_API_TOKEN);
    }

    @Test
    void anOperatorSeesWhatPassedThroughToTheShopAndWhyACallFailed() {
        String setStocks = Envelope.Fixtures.text("soap/passed-through/setStocks-erp.xml")
                .replace("${key}", SHOP1_KEY)
                .replace("${websiteCode}", SHOP1);
        soap.post(setStocks, "text/xml; charset=utf-8");
        SHOP.down();
        soap.post(setStocks, "text/xml; charset=utf-8");
        SHOP.listen();

        signIn();
        browser.get(url("/console/websites/SHOP1"));
        WebElement row = browser.findElement(By.id("pass-through-setStocks"));
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("2");
        assertThat(row.findElements(By.tagName("td")).get(2).getText()).isEqualTo("1");
        WebElement failure = browser.findElement(By.cssSelector("#pass-through-failures tbody tr"));
        assertThat(failure.findElement(By.cssSelector(".bad")).getText()).isEqualTo("unreachable");
        assertThat(failure.findElement(By.cssSelector(".error")).getText())
                .startsWith("connection refused to " + SHOP.url());
        shot("website-pass-through");
        assertThat(browser.getPageSource()).doesNotContain(SHOP1_KEY, SHOP1_SHOP_KEY, ADMIN_TOKEN);
    }

    @Test
    void anOperatorSeesAWebhookReceiverRefuseFindsItDeadWithItsAnswerAndRetriesIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(500);
            JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
            assertThat(admin.post(
                                    "/api/websites/SHOP2/webhooks",
                                    "{\"url\": \"" + receiver.url() + "\", \"events\": [\"comment.stored\"]}")
                            .status())
                    .isEqualTo(201);
            soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP2));
            Eventually.within(
                    Duration.ofSeconds(10),
                    "the receiver is tried and its refusal recorded",
                    () -> receiver.received().size() == 1
                            && jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM outbox WHERE item_kind = 'WEBHOOK' AND status = 'PENDING' AND last_code = 500",
                                            Integer.class)
                                    == 1);
            // A week later it still refuses: given up (relay.delivery.max-age).
            clock.advance(Duration.ofDays(8));
            Eventually.within(
                    Duration.ofSeconds(15),
                    "the event is given up",
                    () -> "DEAD"
                            .equals(jdbc.queryForObject(
                                    "SELECT MAX(status) FROM outbox WHERE item_kind = 'WEBHOOK'", String.class)));

            signIn();
            browser.get(url("/console/websites/SHOP2"));
            WebElement subscription = browser.findElement(By.cssSelector("#webhook-subscriptions tbody tr"));
            assertThat(subscription.getText()).contains(receiver.url(), "comment.stored", "enabled", "generation 1");
            WebElement attempt = browser.findElement(By.cssSelector("#webhook-attempts tbody tr"));
            assertThat(attempt.getText()).contains("comment.stored", receiver.url(), "DEAD");
            assertThat(attempt.findElement(By.cssSelector(".error")).getText())
                    .isEqualTo("HTTP 500: receiver down for maintenance");
            WebElement dead = browser.findElement(By.cssSelector("#deliveries tbody tr"));
            // The row names what the event is about (issue 39).
            assertThat(dead.getText()).contains("webhook comment.stored about order 1 to " + receiver.url());
            shot("website-webhooks");

            // The receiver is mended: one click, and it gets the event (under its first id).
            receiver.answer(204);
            dead.findElement(By.cssSelector("button.retry")).click();
            arrivedAt("/console/websites/SHOP2?status=DEAD");
            Eventually.within(
                    Duration.ofSeconds(15),
                    "the retried event is delivered",
                    () -> "DELIVERED"
                            .equals(jdbc.queryForObject(
                                    "SELECT MAX(status) FROM outbox WHERE item_kind = 'WEBHOOK'", String.class)));
            assertThat(receiver.received())
                    .hasSize(3)
                    .extracting(WebhookReceiver.Received::id)
                    .containsOnly(receiver.received().get(0).id());
            assertThat(browser.getPageSource()).doesNotContain(ADMIN_TOKEN, "whsec_");
        } finally {
            jdbc.update("DELETE FROM webhook_subscription");
        }
    }

    @Test
    void whyProductsComeBackReadsEveryChannelsWordsInOneTaxonomyWithAChart() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnFixtures.ORDER);
        shop.put("/api/v1/websites/SHOP1/orders/WEB-2", ReturnFixtures.ORDER);
        // A shop's code of Google's taxonomy; a customer's French words; the shop's own code (mapped); a marketplace's
        // words.
        request(
                shop,
                "WEB-1",
                "shop",
                "Trop petit",
                "{\"lineId\": \"1\", \"quantity\": 2, \"reasonCode\": \"doesNotFit\"}");
        request(shop, "WEB-1", "prestashop", "Article abîmé à la livraison", "{\"lineId\": \"2\", \"quantity\": 1}");
        request(
                shop,
                "WEB-2",
                "shop",
                "Voir code",
                "{\"lineId\": \"1\", \"quantity\": 1, \"reasonCode\": \"RETOUR42\"}");
        JsonNode channable = request(
                shop,
                "WEB-2",
                "channable",
                "Customer changed my mind about the colour",
                "{\"lineId\": \"1\", \"quantity\": 1}");
        assertThat(channable.at("/lines/0/reasonCategory").asString()).isEqualTo("changedMind");
        assertThat(channable.at("/lines/0/reasonCode").isNull())
                .as("the words stay as they came, in reason")
                .isTrue();

        signIn();
        browser.get(url("/console/websites/SHOP1"));
        browser.findElement(By.id("reasons")).click();
        arrivedAt("/console/websites/SHOP1/reasons");
        assertThat(browser.findElements(By.cssSelector("#by-reason tbody tr")))
                .extracting(WebElement::getText)
                .containsExactly("Changed their mind 2", "Does not fit 2", "Damaged or defective item 1");
        // The taxonomy's code is a pointer away.
        assertThat(browser.findElements(By.cssSelector("#by-reason tbody td:first-child")))
                .extracting(cell -> cell.getAttribute("title"))
                .containsExactly("changedMind", "doesNotFit", "damagedOrDefectiveItem");
        assertThat(browser.findElements(By.cssSelector("#by-product tbody tr")))
                .extracting(WebElement::getText)
                .containsExactly("SKU-A 4 Changed their mind", "SKU-B 1 Damaged or defective item");
        WebElement chart = browser.findElement(By.cssSelector("#reasons-chart .uplot"));
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        WebElement plot = chart.findElement(By.cssSelector(".u-over"));
        new Actions(browser)
                .moveToElement(plot, -plot.getSize().getWidth() / 3, 0)
                .perform(); // the first bar
        assertThat(chart.findElements(By.cssSelector(".u-legend .u-series .u-value")))
                .extracting(WebElement::getText)
                .containsExactly("Changed their mind", "2");
        shot("reasons");
    }

    private JsonNode request(JsonHttp shop, String order, String source, String reason, String line) {
        JsonHttp.Answer answer = shop.post(
                "/api/v1/websites/SHOP1/returns",
                "{\"webOrderNumber\": \"" + order + "\", \"source\": \"" + source + "\", \"reason\": \"" + reason
                        + "\", \"lines\": [" + line + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    @Test
    void aReturnsTimelineShowsEverySideAndItsDivergences() throws Exception {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = ReturnFixtures.requestedReturn(shop, "{\"lineId\": \"1\", \"quantity\": 1}");
        shop.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}");
        shop.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"REQUESTED\"}");

        signIn();
        browser.get(url("/console/websites/SHOP1/returns"));
        browser.findElement(By.id("search")).sendKeys("WEB-1");
        browser.findElement(By.id("find")).click();
        arrivedAt("number=WEB-1&status=");
        browser.findElement(By.linkText(number)).click();
        arrivedAt("/returns/" + number);
        // The state in people's words, its code on hover.
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Accepted");
        assertThat(browser.findElement(By.id("status")).getAttribute("title")).isEqualTo("ACCEPTED");
        assertThat(browser.findElement(By.id("slip")).getText()).contains("/slips/");
        // The customer's "Trop petit" in the taxonomy's words, its code on hover.
        // The product by its title beside its reference (issue 39: SKUs alone said nothing to support staff).
        assertThat(browser.findElement(By.cssSelector("#lines td.product")).getText())
                .isEqualTo("Mug");
        WebElement reason = browser.findElement(By.cssSelector("#lines td.reason"));
        assertThat(reason.getText()).isEqualTo("Does not fit");
        assertThat(reason.getAttribute("title")).isEqualTo("doesNotFit");
        List<WebElement> timeline = browser.findElements(By.cssSelector("#timeline tbody tr"));
        assertThat(timeline)
                .extracting(
                        tr -> tr.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .containsExactly("SHOP", "SHOP", "RELAY", "SHOP");
        assertThat(timeline.get(3).getAttribute("class")).isEqualTo("divergence");
        assertThat(timeline.get(3).getText()).contains("(refused)");
        // Each change in people's words, its codes on hover: ACCEPTED, then REQUESTED again, refused.
        WebElement refused = timeline.get(3).findElement(By.cssSelector("td.change"));
        assertThat(refused.getText()).isEqualTo("Accepted → Awaiting confirmation (refused)");
        assertThat(refused.getAttribute("title")).isEqualTo("ACCEPTED → REQUESTED");

        // A label, then a partial refund through orderreturns: the page shows both, and the refund's credit note.
        shop.send(
                "PUT",
                "/api/v1/websites/SHOP1/returns/" + number + "/label",
                "{\"labelUrl\": \"https://carrier.example/6A111.pdf\","
                        + " \"carrier\": \"Colissimo\", \"trackingNumber\": \"6A111\"}",
                Map.of());
        shop.post(
                "/api/v1/websites/SHOP1/orderreturns/" + number + "/process",
                "{\"operationId\": \"p1\", \"returnItems\": [{\"returnItemId\":"
                        + " \"" + number
                        + "-1-1\", \"refund\": {\"partialRefund\": {\"priceAmount\": {\"value\": \"5.00\", \"currency\": \"EUR\"},"
                        + " \"taxAmount\": {\"value\": \"1.00\", \"currency\": \"EUR\"}}}}]}");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("label")).getText()).contains("Colissimo 6A111", "(label)");
        WebElement note = browser.findElement(By.cssSelector("#credit-notes tbody tr"));
        assertThat(note.getText())
                .matches("(?s)AV\\d{8} .* 5\\.00 EUR\\s+1 × Mug \\(SKU-A\\) at 5\\.00, VAT 20\\.00 %");
        shot("return");
    }

    @Test
    void anOperatorAddsAWebsiteRotatesItsKeyAndDisablesItFromTheConsole() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        try {
            signIn();
            browser.findElement(By.id("new-code")).sendKeys("CONSOLE1");
            browser.findElement(By.id("new-shop-url")).sendKeys(SHOP.url());
            browser.findElement(By.id("new-shop-key")).sendKeys("console-shop-key-0001");
            browser.findElement(By.id("new-interval")).clear();
            browser.findElement(By.id("new-interval")).sendKeys("PT1H");
            browser.findElement(By.id("create-website")).click();
            arrivedAt("/console/websites/CONSOLE1");
            String notice = browser.findElement(By.id("notice")).getText();
            Matcher shown = Pattern.compile("this key: ([0-9a-f]{32})").matcher(notice);
            assertThat(shown.find()).as(notice).isTrue();
            String key = shown.group(1);
            assertThat(browser.findElement(By.id("managed-by")).getText()).contains("Managed at runtime");
            soap.post(Envelope.fixture("setComments-seed.xml", key, "CONSOLE1"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");

            // A new key, the previous one accepted for a day: both open the website, and the page says which one each
            // request used.
            new Select(browser.findElement(By.id("overlap"))).selectByValue("P1D");
            submit(By.id("rotate-key"));
            assertThat(browser.findElement(By.id("notice")).getText())
                    .containsPattern("New key of CONSOLE1: [0-9a-f]{32} \\(shown this once\\)");
            assertThat(browser.findElement(By.id("key-rotation")).getText())
                    .contains("the previous key is accepted until");
            soap.post(Envelope.fixture("setComments-seed.xml", key, "CONSOLE1").set("CommentId", "2"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            browser.navigate().refresh();
            assertThat(browser.findElement(By.id("key-use-key")).getText()).contains("key 1");
            assertThat(browser.findElement(By.id("key-use-previous-key")).getText())
                    .contains("previous-key 1");
            assertThat(browser.getPageSource()).doesNotContain(key).doesNotContain("console-shop-key-0001");

            submit(By.id("disable"));
            assertThat(browser.findElement(By.id("website-state")).getText()).startsWith("Disabled");
            assertThat(browser.findElements(By.cssSelector("#changes tbody tr")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .hasSize(3)
                    .allMatch(line -> line.contains("admin (console)"))
                    .anyMatch(line -> line.contains("disabled"))
                    .anyMatch(line -> line.contains("key rotated"))
                    .anyMatch(line -> line.contains("created"));
            // What it was created with, in people's words: one setting a line, not the stored JSON (issue 39).
            WebElement created = browser.findElements(By.cssSelector("#changes tbody tr")).stream()
                    .filter(row -> row.getText().contains("created"))
                    .findFirst()
                    .orElseThrow();
            assertThat(created.findElement(By.cssSelector("td.detail")).getText())
                    .doesNotContain("{", "\"")
                    .contains("shop.url: http");
            // A time stays on one line.
            assertThat(created.findElement(By.cssSelector("td.when")).getCssValue("white-space"))
                    .isEqualTo("nowrap");
            shot("website-managed");
            browser.get(url("/console"));
            assertThat(browser.findElement(By.id("website-CONSOLE1")).getAttribute("class"))
                    .contains("disabled");
            assertThat(browser.findElement(By.id("website-changes")).getText()).contains("CONSOLE1");

            // Deleted: refused while an item waits for the shop (the page says so), then once nothing waits.
            browser.get(url("/console/websites/CONSOLE1"));
            submitConfirmed(By.id("delete"));
            assertThat(browser.findElement(By.id("notice")).getText())
                    .startsWith("Not deleted")
                    .contains("waiting for its shop");
            jdbc.update("DELETE FROM outbox WHERE website_id = (SELECT id FROM website WHERE code = 'CONSOLE1')");
            submitConfirmed(By.id("delete"));
            arrivedAt("/console");
            assertThat(browser.findElement(By.id("notice")).getText()).contains("CONSOLE1 is deleted");
            assertThat(browser.findElements(By.id("website-CONSOLE1"))).isEmpty();
        } finally {
            // Other tests of this context list the configured websites only.
            admin.post("/api/websites/CONSOLE1/disable", null);
            jdbc.update("DELETE FROM outbox WHERE website_id = (SELECT id FROM website WHERE code = 'CONSOLE1')");
            admin.send("DELETE", "/api/websites/CONSOLE1", null, Map.of());
        }
    }

    @Test
    void noActionWithoutTheSessionsCsrfTokenAndNoPageOnceSignedOut() throws Exception {
        signIn();
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/console/websites/SHOP1/deliver")))
                                .header("Cookie", "JSESSIONID=" + session.getValue())
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF");
        // Only the sign-in page and the stylesheet are public: not a page whose path merely ends like one.
        HttpResponse<String> lookalike = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/console/websites/SHOP1.css")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(lookalike.statusCode()).isEqualTo(302);
        assertThat(lookalike.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));

        browser.findElement(By.id("logout")).click();
        arrivedAt("/console/login");
        browser.get(url("/console/websites/SHOP1"));
        arrivedAt("/console/login");

        browser.findElement(By.id("token")).sendKeys("not-the-admin-token");
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("failed")));
        assertThat(browser.findElement(By.id("failed")).getText()).contains("not the admin token");
    }

    @Test
    void theConsoleRefusesWhatTheApiRefusesAndShowsNoSecret() throws Exception {
        int websites = count("website");
        signIn();
        // As an operator fills the form: a code with a slash, a shop URL that would read the relay's secrets.
        browser.findElement(By.id("new-code")).sendKeys("SHOP/9");
        browser.findElement(By.id("new-shop-url"))
                .sendKeys("http://127.0.0.1:1/x?k=${relay.websites[0].key}&a=${relay.admin.token}");
        browser.findElement(By.id("new-shop-key")).sendKeys("console-shop-key-0009");
        submit(By.id("create-website"));
        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElement(By.id("notice")).getText())
                .startsWith("Not created")
                .contains("website.code 'SHOP/9' must be 1 to 64 characters among A-Z, a-z, 0-9")
                .contains("website.shop.url")
                .contains("placeholder");
        assertThat(browser.getPageSource()).doesNotContain(SHOP1_KEY, SHOP2_KEY, ADMIN_TOKEN);
        // Codes no form field holds, posted as a page of this session would post them.
        for (String code : List.of("NUL\u0000CODE", "LINE\nFORGED", "ESC\u001b[31mRED", "..", "RTL\u202EBAD")) {
            String notice = consoleForm("/console/websites", Map.of("code", code, "interval", "PT10M"));
            assertThat(notice).startsWith("Not created").contains("website.code");
        }
        assertThat(count("website")).as("nothing stored").isEqualTo(websites);
    }

    @Test
    void theConsolesKeyRotationKeepsTheApisOverlapLimit() throws Exception {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        assertThat(admin.post("/api/websites", "{\"code\": \"CONSOLE-OVERLAP\"}")
                        .status())
                .isEqualTo(201);
        try {
            signIn();
            browser.get(url("/console/websites/CONSOLE-OVERLAP"));
            for (String overlap : List.of("P36500D", "PT9223372036854775807S", "P91D", "-PT1H", "soon")) {
                String notice = consoleForm("/console/websites/CONSOLE-OVERLAP/rotate-key", Map.of("overlap", overlap));
                assertThat(notice)
                        .as(overlap)
                        .startsWith("Key not rotated")
                        .contains("overlap")
                        .contains("90 days");
            }
            assertThat(admin.get("/api/websites/CONSOLE-OVERLAP").json().has("previousKeyValidUntil"))
                    .as("no key rotated")
                    .isFalse();
            assertThat(consoleForm("/console/websites/CONSOLE-OVERLAP/rotate-key", Map.of("overlap", "P90D")))
                    .startsWith("New key of CONSOLE-OVERLAP");
        } finally {
            admin.post("/api/websites/CONSOLE-OVERLAP/disable", null);
            admin.send("DELETE", "/api/websites/CONSOLE-OVERLAP", null, Map.of());
        }
    }

    @Test
    void theCsrfTokenCountsInTheFormBodyOrAHeaderNeverInTheAddress() throws Exception {
        signIn();
        String token = browser.findElement(By.name("_csrf")).getAttribute("value");
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> inTheAddress =
                consolePost("/console/websites/SHOP1/deliver?_csrf=" + token, "", Map.of(), session);
        assertThat(inTheAddress.statusCode()).isEqualTo(403);
        assertThat(inTheAddress.body()).contains("CSRF");
        HttpResponse<String> inBoth =
                consolePost("/console/websites/SHOP1/deliver?_csrf=" + token, "_csrf=" + token, Map.of(), session);
        assertThat(inBoth.statusCode())
                .as("a token in the address is refused, even beside one in the body")
                .isEqualTo(403);
        assertThat(consolePost("/console/websites/SHOP1/deliver", "_csrf=" + token, Map.of(), session)
                        .statusCode())
                .isEqualTo(302);
        assertThat(consolePost("/console/websites/SHOP1/deliver", "", Map.of("X-CSRF-Token", token), session)
                        .statusCode())
                .isEqualTo(302);
    }

    /**
     * Posts a console form in the browser's session (its cookie and CSRF token in the body, as a page
     * of the console would), then shows the page it leads to in the browser: the notice it says.
     */
    private String consoleForm(String path, Map<String, String> fields) throws Exception {
        String token = browser.findElement(By.name("_csrf")).getAttribute("value");
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        StringBuilder body = new StringBuilder("_csrf=" + token);
        fields.forEach((name, value) ->
                body.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpResponse<String> answer = consolePost(path, body.toString(), Map.of(), session);
        assertThat(answer.statusCode())
                .as(path + " " + fields + ": " + answer.body())
                .isEqualTo(302);
        browser.get(url(URI.create(answer.headers().firstValue("Location").orElseThrow())
                .getRawPath()));
        return browser.findElement(By.id("notice")).getText();
    }

    private HttpResponse<String> consolePost(String path, String form, Map<String, String> headers, String session)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- the search box and an order's story (issue 39)

    /** {@link ReturnFixtures#ORDER} bought by Élodie Mañé, whose email has her accents too. */
    private static final String ELODIES_ORDER = ReturnFixtures.ORDER
            .replace("Ada Lovelace", "Élodie Mañé")
            .replace("ada@example.org", "Élodie.Mañé@Exemple.fr");

    /** Types {@code words} into the search box of the page's header and sends them. */
    private static void searchFromTheHeader(String words) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id("console-search")).sendKeys(words);
        browser.findElement(By.id("console-search-go")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(page));
    }

    /** {@code at} as the console shows times: local, to the second, with the zone. */
    private static String consoleTime(java.time.OffsetDateTime at) {
        return new ConsoleTimes(ZoneId.systemDefault()).local(at);
    }

    @Test
    void supportFindsACustomerByEmailInAnyCaseWithoutAccentsAndReachesTheirReturn() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ELODIES_ORDER);
        shop.put("/api/v1/websites/SHOP1/orders/WEB-3", ELODIES_ORDER.replace("CC20050001", "CC20050003"));
        shop.put("/api/v1/websites/SHOP1/orders/WEB-2", ReturnFixtures.ORDER);
        String number = shop.post(
                        "/api/v1/websites/SHOP1/returns",
                        ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                .json()
                .get("webReturnNumber")
                .asString();

        signIn();
        browser.get(url("/console/websites/SHOP2"));
        // The start of her email, shouted and without its accents, from the header of any page: her two orders, not
        // Ada's.
        searchFromTheHeader("ELODIE.MANE@EXEMPLE");
        List<WebElement> hits = browser.findElements(By.cssSelector("#search-hits tbody tr"));
        assertThat(hits)
                .extracting(WebElement::getText)
                .containsExactly(
                        "customer's order WEB-1 (ERP CC20050001) Élodie Mañé Élodie.Mañé@Exemple.fr SHOP1",
                        "customer's order WEB-3 (ERP CC20050003) Élodie Mañé Élodie.Mañé@Exemple.fr SHOP1");
        shot("search");
        // Her name's start, in lower case, without accents: the same two.
        browser.findElement(By.id("search-q")).clear();
        browser.findElement(By.id("search-q")).sendKeys("elodie m");
        submit(By.id("search-find"));
        assertThat(browser.findElements(By.cssSelector("#search-hits tbody tr a")))
                .extracting(WebElement::getText)
                .containsExactly("WEB-1 (ERP CC20050001)", "WEB-3 (ERP CC20050003)");
        // Her surname alone, as a caller spells it on the phone: the same two, and not Ada Lovelace's.
        browser.findElement(By.id("search-q")).clear();
        browser.findElement(By.id("search-q")).sendKeys("Mane");
        submit(By.id("search-find"));
        assertThat(browser.findElements(By.cssSelector("#search-hits tbody tr a")))
                .extracting(WebElement::getText)
                .containsExactly("WEB-1 (ERP CC20050001)", "WEB-3 (ERP CC20050003)");

        browser.findElement(By.linkText("WEB-1 (ERP CC20050001)")).click();
        arrivedAt("/console/websites/SHOP1/orders/WEB-1");
        assertThat(browser.findElement(By.id("customer")).getText()).contains("Élodie Mañé", "Élodie.Mañé@Exemple.fr");
        browser.findElement(By.linkText("Return " + number)).click();
        arrivedAt("/console/websites/SHOP1/returns/" + number);
        assertThat(browser.findElement(By.id("customer")).getText()).contains("Élodie Mañé", "Élodie.Mañé@Exemple.fr");

        // The list of returns says whose each is; one hit (the return's number) opens its page at once.
        browser.get(url("/console/websites/SHOP1/returns"));
        assertThat(browser.findElement(By.cssSelector("#returns td.customer")).getText())
                .isEqualTo("Élodie Mañé\nÉlodie.Mañé@Exemple.fr");
        searchFromTheHeader(number);
        arrivedAt("/console/websites/SHOP1/returns/" + number);
        // Nothing found says so; another website's customers are not found in SHOP2 alone.
        browser.get(url("/console/search?website=SHOP2&q=elodie"));
        assertThat(browser.findElement(By.id("search-none")).getText()).isEqualTo("Nothing found for “elodie”.");
    }

    /** Élodie's order WEB-1 on SHOP1, a return of its first line, accepted by the shop: the return's number. */
    private static String elodiesReturnAccepted(JsonHttp shop) {
        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ELODIES_ORDER);
        String number = shop.post(
                        "/api/v1/websites/SHOP1/returns",
                        ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                .json()
                .get("webReturnNumber")
                .asString();
        shop.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}");
        return number;
    }

    @Test
    void supportFindsAnErpCommentByItsIdAndSeesWhenTheShopGotItAndWhatItAnswered() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = elodiesReturnAccepted(shop);
        soap.post(shop1("setComments-seed.xml")
                        .set("CommentId", "4242")
                        .set("WebOrderNumber", "WEB-1")
                        .set("Comment", "Votre colis est parti ce matin."))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        clock.advance(Duration.ofMinutes(7));
        deliverShop1();
        java.time.OffsetDateTime delivered = jdbc.queryForObject(
                "SELECT delivered_at FROM outbox WHERE item_kind = 'COMMENT' AND item_key = '4242'",
                java.time.OffsetDateTime.class);
        java.time.OffsetDateTime received = jdbc.queryForObject(
                "SELECT updated_at FROM order_comment WHERE comment_id = 4242", java.time.OffsetDateTime.class);

        signIn();
        searchFromTheHeader("4242");
        arrivedAt("/console/websites/SHOP1/orders/WEB-1#comment-4242");
        WebElement comment = browser.findElement(By.id("comment-4242"));
        assertThat(comment.getText()).contains("Votre colis est parti ce matin.");
        assertThat(comment.findElement(By.cssSelector(".received")).getText()).isEqualTo(consoleTime(received));
        assertThat(comment.findElement(By.cssSelector(".delivered")).getText()).isEqualTo(consoleTime(delivered));
        assertThat(delivered.toInstant()).isEqualTo(received.toInstant().plus(Duration.ofMinutes(7)));
        // What the shop answered: its code, what the code means, and the shop's own words.
        assertThat(comment.findElement(By.cssSelector(".answer .code")).getText())
                .isEqualTo("1001 created");
        assertThat(comment.findElement(By.cssSelector(".answer .shop-message")).getText())
                .isEqualTo("OK");
        // The story goes on with the order's return: its state, its slip, its state sent to the shop.
        WebElement story = browser.findElement(By.id("return-" + number));
        assertThat(story.findElement(By.cssSelector(".status")).getText()).isEqualTo("Accepted");
        assertThat(story.findElement(By.cssSelector(".status")).getAttribute("title"))
                .isEqualTo("ACCEPTED");
        assertThat(story.findElement(By.cssSelector(".slip")).getText()).contains("/slips/");
        assertThat(story.findElements(By.cssSelector(".return-deliveries tbody tr")))
                .extracting(WebElement::getText)
                .anyMatch(row -> row.startsWith("state change") && row.endsWith("1001 created OK"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        shot("order-story");
    }

    @Test
    void supportFindsAnOrderOnlyTheErpNamesByItsNumberAndSeesTheWebhookEventsAboutIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(204);
            JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
            assertThat(admin.post(
                                    "/api/websites/SHOP2/webhooks",
                                    "{\"url\": \"" + receiver.url() + "\", \"events\": [\"comment.stored\"]}")
                            .status())
                    .isEqualTo(201);
            soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP2)
                    .set("CommentId", "77")
                    .set("WebOrderNumber", "W-77"));
            // SHOP2 delivers at once: the comment to its shop, the event to the receiver.
            Eventually.within(
                    Duration.ofSeconds(15),
                    "the comment and its event are delivered",
                    () -> jdbc.queryForObject(
                                    "SELECT COUNT(*) FROM outbox WHERE status = 'DELIVERED' AND item_kind IN ('COMMENT', 'WEBHOOK')",
                                    Integer.class)
                            == 2);
            java.time.OffsetDateTime sent = jdbc.queryForObject(
                    "SELECT delivered_at FROM outbox WHERE item_kind = 'WEBHOOK'", java.time.OffsetDateTime.class);

            signIn();
            searchFromTheHeader("W-77");
            arrivedAt("/console/websites/SHOP2/orders/W-77");
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("The shop never registered this order with the relay");
            assertThat(browser.findElement(By.cssSelector("#comment-77 .answer .code"))
                            .getText())
                    .isEqualTo("1001 created");
            WebElement event = browser.findElement(By.cssSelector("#story-webhooks tbody tr"));
            assertThat(event.getText()).contains("comment.stored", "order W-77", receiver.url(), "HTTP 204");
            assertThat(event.findElement(By.cssSelector(".when")).getText()).isEqualTo(consoleTime(sent));
            // The website's page names what each webhook row is about and when it was delivered.
            browser.get(url("/console/websites/SHOP2"));
            WebElement attempt = browser.findElement(By.cssSelector("#webhook-attempts tbody tr"));
            assertThat(attempt.findElement(By.cssSelector(".about")).getText()).isEqualTo("order W-77");
            assertThat(attempt.findElement(By.cssSelector(".delivered-at")).getText())
                    .isEqualTo(consoleTime(sent));
        } finally {
            jdbc.update("DELETE FROM webhook_subscription");
        }
    }

    // ---------------------------------------------------------------- French and English (issue 39)

    /** The {@code <html lang>} and main heading of the page {@code path}, fetched with {@code acceptLanguage} (null: none sent). */
    private String loginPageIn(String acceptLanguage) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/console/login")));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        String page = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher lang = Pattern.compile("<html[^>]* lang=\"([a-z]+)\"").matcher(page);
        Matcher title = Pattern.compile("<h1>([^<]+)</h1>").matcher(page);
        assertThat(lang.find() && title.find()).as(page).isTrue();
        return lang.group(1) + " " + title.group(1);
    }

    @Test
    void aBrowserInFrenchGetsTheConsoleInFrenchAndTheSwitchChangesItForGood() throws Exception {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = elodiesReturnAccepted(shop);
        soap.post(shop1("setComments-seed.xml")
                .set("CommentId", "4343")
                .set("WebOrderNumber", "WEB-1")
                .set("Comment", "Votre colis est parti ce matin."));
        deliverShop1();

        // The language is the browser's first of French or English; any other language reads English.
        assertThat(loginPageIn("fr-FR,fr;q=0.9,en;q=0.8")).isEqualTo("fr Connexion");
        assertThat(loginPageIn("de-DE,fr;q=0.5")).isEqualTo("fr Connexion");
        assertThat(loginPageIn("de-DE,de;q=0.9")).isEqualTo("en Sign in");
        assertThat(loginPageIn("en-GB,fr;q=0.9")).isEqualTo("en Sign in");
        assertThat(loginPageIn(null)).isEqualTo("en Sign in");

        WebDriver french = HeadlessChromium.start("fr-FR");
        try {
            french.get(url("/console"));
            assertThat(french.findElement(By.tagName("h1")).getText()).isEqualTo("Connexion");
            french.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
            french.findElement(By.id("sign-in")).click();
            new WebDriverWait(french, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/console$"));
            assertThat(french.findElement(By.tagName("h1")).getText()).isEqualTo("Sites");
            assertThat(french.findElement(By.id("logout")).getText()).isEqualTo("Se déconnecter");
            assertThat(french.findElements(By.cssSelector(".languages")))
                    .as("one switch")
                    .hasSize(1);

            // The returns list: its columns and the return's state in French, the state's code on hover.
            french.get(url("/console/websites/SHOP1/returns"));
            assertThat(french.findElement(By.tagName("h1")).getText()).isEqualTo("Retours de SHOP1");
            assertThat(french.findElements(By.cssSelector("#returns th")))
                    .extracting(WebElement::getText)
                    .containsExactly("Retour", "Commande", "Client", "État", "Origine", "Modifié le");
            WebElement state = french.findElement(By.cssSelector("#returns td.status"));
            assertThat(state.getText()).isEqualTo("Accepté");
            assertThat(state.getAttribute("title")).isEqualTo("ACCEPTED");
            assertThat(new Select(french.findElement(By.id("status")))
                            .getOptions().stream().map(WebElement::getText))
                    .contains("tous les états", "En attente de confirmation", "Colis reçu", "Clôturé");

            // The website's page and why products come back: French too, reasons as the taxonomy says them.
            french.get(url("/console/websites/SHOP1"));
            assertThat(french.findElement(By.id("deliver-now")).getText()).isEqualTo("Transmettre maintenant");
            french.findElement(By.id("reasons")).click();
            new WebDriverWait(french, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/reasons$"));
            assertThat(french.findElement(By.tagName("h1")).getText())
                    .isEqualTo("Pourquoi les produits reviennent — SHOP1");
            assertThat(french.findElement(By.cssSelector("#by-reason tbody td")).getText())
                    .isEqualTo("Taille ne convient pas");
            french.get(url("/console/websites/SHOP1/returns"));

            // A return's page: its state and the line's reason in French.
            french.findElement(By.linkText(number)).click();
            new WebDriverWait(french, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches(Pattern.quote("/returns/" + number) + "$"));
            assertThat(french.findElement(By.tagName("h1")).getText()).isEqualTo("Retour " + number);
            assertThat(french.findElement(By.id("status")).getText()).isEqualTo("Accepté");
            assertThat(french.findElement(By.cssSelector("#lines td.reason")).getText())
                    .isEqualTo("Taille ne convient pas");
            assertThat(french.findElement(By.cssSelector("#timeline td.change")).getText())
                    .isEqualTo("· → En attente de confirmation");
            assertThat(french.findElement(By.id("credit-notes")).getText())
                    .contains("Aucun : aucun remboursement enregistré par le relais.");

            // The order's story, in French (docs/images/order-story-fr.png is a copy of its screenshot).
            french.get(url("/console/websites/SHOP1/orders/WEB-1"));
            assertThat(french.findElement(By.tagName("h1")).getText()).isEqualTo("Commande WEB-1");
            assertThat(french.findElement(By.cssSelector("#comment-4343 .answer .code"))
                            .getText())
                    .isEqualTo("1001 créé");
            assertThat(french.findElement(By.cssSelector("#return-" + number + " .status"))
                            .getText())
                    .isEqualTo("Accepté");
            HeadlessChromium.screenshot(french, "order-story-fr");

            // EN: the same page in English; the choice holds on the next pages, over the browser's French.
            french.findElement(By.id("lang-en")).click();
            new WebDriverWait(french, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches(Pattern.quote("/orders/WEB-1?lang=en") + "$"));
            assertThat(french.findElement(By.tagName("h1")).getText()).isEqualTo("Order WEB-1");
            assertThat(french.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("en");
            assertThat(french.findElement(By.id("lang-en")).getAttribute("aria-current"))
                    .isEqualTo("true");
            french.get(url("/console/websites/SHOP1/returns/" + number));
            assertThat(french.findElement(By.id("status")).getText()).isEqualTo("Accepted");
            assertThat(french.findElement(By.cssSelector("#lines td.reason")).getText())
                    .isEqualTo("Does not fit");

            // FR: back to French, and it holds too.
            french.findElement(By.id("lang-fr")).click();
            new WebDriverWait(french, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches(Pattern.quote("?lang=fr") + "$"));
            assertThat(french.findElement(By.id("status")).getText()).isEqualTo("Accepté");
            french.get(url("/console/websites/SHOP1/returns"));
            assertThat(french.findElement(By.cssSelector("#returns td.status")).getText())
                    .isEqualTo("Accepté");
            assertThat(french.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("fr");
        } finally {
            french.quit();
        }
    }

    @Test
    void aReaderAbroadReadsTimesInTheirOwnZoneAndTheLanguageSwitchKeepsTheirSearch() {
        soap.post(shop1("setComments-seed.xml")
                        .set("CommentId", "5151")
                        .set("WebOrderNumber", "WEB-51")
                        .set("Comment", "Colis remis au transporteur."))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        java.time.OffsetDateTime received = jdbc.queryForObject(
                "SELECT updated_at FROM order_comment WHERE comment_id = 5151", java.time.OffsetDateTime.class);
        signIn();
        // The reader's browser is in Japan (UTC+09:00), the relay's machine is not.
        ZoneId japan = ZoneId.of("Asia/Tokyo");
        assertThat(japan.getRules().getOffset(received.toInstant()))
                .isNotEqualTo(ZoneId.systemDefault().getRules().getOffset(received.toInstant()));
        org.openqa.selenium.chromium.HasCdp devTools = (org.openqa.selenium.chromium.HasCdp) browser;
        devTools.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", japan.getId()));
        try {
            browser.get(url("/console/websites/SHOP1/orders/WEB-51"));
            // The page first written in the zone the browser named before is written again in its new one.
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.attributeToBe(
                            By.cssSelector("meta[name='console-zone']"), "content", japan.getId()));
            assertThat(browser.findElement(By.cssSelector("#comment-5151 .received"))
                            .getText())
                    .isEqualTo(new ConsoleTimes(japan).local(received))
                    .endsWith(" JST");
            // And the next pages straight away: the cookie names the zone.
            browser.get(url("/console/websites/SHOP1/orders/WEB-51"));
            assertThat(browser.findElement(By.cssSelector("meta[name='console-zone']"))
                            .getAttribute("content"))
                    .isEqualTo(japan.getId());

            // FR | EN keeps what the page shows: here a search and the website it is limited to.
            browser.get(
                    url("/console/search?website=SHOP1&q=" + URLEncoder.encode("zz nobody", StandardCharsets.UTF_8)));
            browser.findElement(By.id("lang-fr")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches(
                            Pattern.quote("/console/search?website=SHOP1&q=zz+nobody&lang=fr") + "$"));
            assertThat(browser.findElement(By.id("search-none")).getText())
                    .isEqualTo("Aucun résultat pour « zz nobody ».");
            browser.findElement(By.id("lang-en")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.urlMatches(
                            Pattern.quote("/console/search?website=SHOP1&q=zz+nobody&lang=en") + "$"));
            assertThat(browser.findElement(By.id("search-none")).getText()).isEqualTo("Nothing found for “zz nobody”.");
        } finally {
            devTools.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
            browser.manage().deleteAllCookies();
        }
    }

    @Test
    void theConsoleFitsAPhone() throws Exception {
        signIn();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            browser.get(url("/console"));
            Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth > window.innerWidth");
            assertThat(overflow).as("no sideways scrolling of the page itself").isEqualTo(Boolean.FALSE);
            shot("overview-phone");
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }
}
