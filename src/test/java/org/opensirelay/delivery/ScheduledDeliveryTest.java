package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp;
import org.opensirelay.support.StubShop;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The real scheduler at work: the recurring sweep, and the demo a newcomer runs. */
@ExtendWith(OutputCaptureExtension.class)
class ScheduledDeliveryTest {

    private static final String KEY = "c4ca4238a0b923820dcc509a6f75849b";
    private static final String DEMO_SHOP = "/demo-shop/opensi";

    @Test
    void theRecurringSweepDeliversWithoutBeingAsked(@TempDir Path dataDir) {
        try (StubShop shop = StubShop.start();
                RelayProcess relay = RelayProcess.start(
                        dataDir,
                        "--relay.websites[0].code=SWEPT",
                        "--relay.websites[0].key=" + KEY,
                        "--relay.websites[0].shop.url=" + shop.url(),
                        "--relay.websites[0].shop.key=swept-shop-key-000",
                        "--relay.websites[0].delivery.interval=PT1S")) {
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "SWEPT"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            Eventually.within(
                    Duration.ofSeconds(5),
                    "the sweep delivers the comment",
                    () -> shop.applied().containsKey("comment 1"));
            assertThat(shop.requests())
                    .singleElement()
                    .satisfies(r -> assertThat(r.key()).isEqualTo("swept-shop-key-000"));
        }
    }

    @Test
    void theDemoDeliversToTheBuiltInShopWithinSeconds(@TempDir Path dataDir, CapturedOutput output) throws Exception {
        try (RelayProcess relay = RelayProcess.start(dataDir)) {
            String key = Files.readString(dataDir.resolve("demo-website.key")).strip();
            // The demo shop (Spring-WS) checks the key as a shop module does: the ERP's key is not the shop's.
            SoapHttp.Answer intruder = relay.soap()
                    .postTo(
                            DEMO_SHOP,
                            Envelope.fixture("setComments-seed.xml", key, "DEMO")
                                    .toString());
            assertThat(intruder.status()).isEqualTo(500);
            intruder.xml().valueByXPath("//faultcode").isEqualTo("SOAP-ENV:Client");
            intruder.xml()
                    .valueByXPath("//faultstring")
                    .isEqualTo("Authentification failed, please check your credentials!");
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", key, "DEMO"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            Eventually.within(
                    Duration.ofSeconds(3),
                    "the demo shop logs the comment",
                    () -> output.getAll().contains("demo shop: comment 1 on order 1 dated 2020-05-01"));
            Eventually.within(
                    Duration.ofSeconds(3),
                    "the delivery is settled",
                    () -> "DELIVERED".equals(relay.jdbc().queryForObject("SELECT status FROM outbox", String.class)));
            // An operation the relay does not answer goes through to the demo shop, with the shop's key.
            SoapHttp.Answer stocks = relay.soap()
                    .post(
                            Envelope.Fixtures.text("soap/passed-through/setStocks-erp.xml")
                                    .replace("${key}", key)
                                    .replace("${websiteCode}", "DEMO"),
                            "text/xml; charset=utf-8");
            assertThat(stocks.status()).isEqualTo(200);
            stocks.xml()
                    .valueByXPath("//open:setStocksResponse/open:return[2]/xsd:Key")
                    .isEqualTo("TABLE-02");
            stocks.xml()
                    .valueByXPath("//open:setStocksResponse/open:return[2]/xsd:Code")
                    .isEqualTo("1002");
            Eventually.within(
                    Duration.ofSeconds(3),
                    "the relay logs the call",
                    () -> output.getAll().contains("pass-through setStocks website=DEMO outcome=answered status=200"));
            assertThat(output.getAll()).contains("demo shop: setStocks TABLE-02 passed through by the relay -> 1002");
            assertThat(output.getAll()).doesNotContain(key);
        }
    }

    @Test
    void theDemoShopIsOffOnceWebsitesAreConfigured(@TempDir Path dataDir) {
        try (RelayProcess relay =
                RelayProcess.start(dataDir, "--relay.websites[0].code=REAL", "--relay.websites[0].key=" + KEY)) {
            // Spring-WS answers 404 when no endpoint takes the request: the demo shop is not there.
            assertThat(relay.soap()
                            .postTo(
                                    DEMO_SHOP,
                                    Envelope.fixture("setComments-seed.xml", KEY, "REAL")
                                            .toString())
                            .status())
                    .isEqualTo(404);
        }
    }
}
