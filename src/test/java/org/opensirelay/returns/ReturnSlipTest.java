package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Code128;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.PdfLayout;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.opensirelay.support.StubShop;
import tools.jackson.databind.JsonNode;

/** A return accepted without an ERP slip gets one from the relay: downloadable, scannable, sent to the shop, unguessable. */
class ReturnSlipTest extends RelayWithShopTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anAcceptedReturnGetsAPrintableSlipThatReachesTheShop() throws Exception {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = ReturnFixtures.requestedReturn(
                shopApi, "{\"lineId\": \"1\", \"quantity\": 1," + " \"reasonCode\": \"doesNotFit\"}");
        JsonNode accepted = shopApi.post(
                        "/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}")
                .json();
        String url = accepted.get("slipUrl").asString();
        assertThat(url)
                .matches("http://localhost:" + port + "/slips/[0-9a-f]{64}\\.pdf")
                .hasSizeLessThanOrEqualTo(200);
        assertThat(accepted.get("timeline")).anySatisfy(e -> {
            assertThat(e.get("side").asString()).isEqualTo("RELAY");
            assertThat(e.get("note").asString()).isEqualTo("return slip issued by the relay: " + url);
        });

        HttpResponse<byte[]> pdf =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(document))
                    .contains(
                            number,
                            "WEB-1 (CC20050001)",
                            "Ada Lovelace",
                            "SKU-A",
                            "Mug",
                            "Taille ne convient pas",
                            "Does not fit",
                            "Trop petit",
                            "Boutique Un — Retours",
                            "1 quai des Retours, 69002 Lyon",
                            "2026-11-22");
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 150);
            assertThat(Code128.read(page).getText()).isEqualTo(number);
        }

        // Like an ERP-made slip, it reaches the shop through setOrderReturnDocuments (then the state).
        deliverShop1();
        List<Map<String, String>> slips = SHOP.items("setOrderReturnDocumentsRequest");
        assertThat(slips).singleElement().satisfies(item -> {
            assertThat(item.get("Url")).isEqualTo(url);
            assertThat(item.get("WebReturnNumber")).isEqualTo(number);
            assertThat(item.get("ReturnNumber")).isEqualTo(number);
        });
        assertThat(SHOP.requests()).extracting(StubShop.Request::operation).contains("setOrderReturnStatesRequest");

        // Nobody finds a slip by guessing.
        assertThat(status(url.replaceAll("/slips/[0-9a-f]{8}", "/slips/00000000")))
                .isEqualTo(404);
        assertThat(status("http://localhost:" + port + "/slips/" + "a".repeat(64) + ".pdf"))
                .isEqualTo(404);
        // Tomcat resolves the dot segment: this is the admin API's path, and it wants the admin token.
        assertThat(status("http://localhost:" + port + "/slips/../api/websites"))
                .isEqualTo(401);
        assertThat(count("return_slip")).isEqualTo(1);
    }

    @Test
    void aSlipOfAReturnTheCustomerKeepsAsksForNoParcel() throws Exception {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = ReturnFixtures.requestedReturn(
                shopApi, "{\"lineId\": \"1\", \"quantity\": 1," + " \"reasonCode\": \"doesNotFit\"}");
        String url = shopApi.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}")
                .json()
                .get("slipUrl")
                .asString();
        assertThat(slipText(url)).contains("Put this slip in the parcel");

        // The merchant lets the customer keep the item: the slip, already sent, now says there is nothing to send.
        assertThat(shopApi.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"KEPT\"}")
                        .status())
                .isEqualTo(200);

        assertThat(slipText(url)).contains("Nothing to send back").doesNotContain("Put this slip in the parcel");
    }

    /** Refunded in full before anyone accepted it: the return closes, no parcel is to come, so no slip is issued. */
    @Test
    void aReturnRefundedInFullBeforeItWasAcceptedGetsNoSlip() {
        JsonHttp merchant = new JsonHttp(port, SHOP1_API_TOKEN);
        merchant.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER);
        String id = merchant.post(
                        "/api/v1/websites/SHOP1/orderreturns/createOrderReturn",
                        "{\"orderId\": \"WEB-1\", \"operationId\":"
                                + " \"op-1\", \"returnMethodType\": \"byMail\", \"lineItems\": [{\"lineItemId\": \"1\", \"quantity\": 1}]}")
                .json()
                .at("/orderReturn/orderReturnId")
                .asString();
        JsonHttp.Answer refunded = merchant.post(
                "/api/v1/websites/SHOP1/orderreturns/" + id + "/process",
                "{\"operationId\": \"op-2\"," + " \"returnItems\": [{\"returnItemId\": \"" + id
                        + "-1-1\", \"refund\": {\"fullRefund\": true, \"paymentType\": \"originalFop\"}}]}");
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);

        JsonNode closed = merchant.get("/api/v1/websites/SHOP1/returns/" + id).json();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("slipUrl").isNull())
                .as("no slip for a return that expects no parcel")
                .isTrue();
        assertThat(count("return_slip")).isZero();
        // Its path went through ACCEPTED, said as implied by the refund.
        assertThat(closed.get("timeline"))
                .anySatisfy(e -> assertThat(e.get("to").asString()).isEqualTo("ACCEPTED"));
    }

    /** A customer, an order and an address as long as real ones get (SHOP2's address has four lines). */
    private static final String LONG_ORDER = """
            {"orderNumber": "CC20050077",
             "customer": {"name": "Marie-Amélie de La Tour d'Auvergne-Lauraguais épouse Saint-Exupéry-Montmorency",
                          "email": "marie-amelie@example.org"},
             "paid": true, "shipped": true, "deliveredAt": "2026-11-10", "currency": "EUR",
             "lines": [{"lineId": "1", "reference": "SKU-GRAND-SERVICE-A-THE-PORCELAINE-0001",
                        "title": "Service à thé en porcelaine de Limoges, décor Bleu de Four, douze tasses et soucoupes",
                        "quantity": 2, "unitPrice": "129.00", "unitTax": "25.80"},
                       {"lineId": "2", "reference": "SKU-B", "title": "Plate", "quantity": 1,
                        "unitPrice": "20.00", "unitTax": "4.00"}]}""";

    /**
     * The slip a customer prints reads right, both while a parcel is expected and once the return is
     * received: no text under the barcode, none past the printable area or over other text; the return
     * address where a window envelope shows it; the reasons in French and English words; the lower half
     * of the page used.
     */
    @Test
    void aSlipWithLongNamesAndAddressesReadsRightOpenAndReceived() throws Exception {
        JsonHttp shop2 = new JsonHttp(port, SHOP2_API_TOKEN);
        assertThat(shop2.put("/api/v1/websites/SHOP2/orders/WEB-77", LONG_ORDER).status())
                .isBetween(200, 201);
        JsonHttp.Answer requested = shop2.post(
                "/api/v1/websites/SHOP2/returns",
                "{\"webOrderNumber\": \"WEB-77\", \"source\": \"shop\", \"reason\": \"Une tasse fêlée à la"
                        + " livraison et l'assiette ne correspond pas à la photo du site, qui la montrait plus grande\","
                        + " \"lines\": [{\"lineId\": \"1\", \"quantity\": 1, \"reasonCode\": \"damagedOrDefectiveItem\"},"
                        + " {\"lineId\": \"2\", \"quantity\": 1, \"reasonCode\": \"didNotMatchDescription\"}]}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String number = requested.json().get("webReturnNumber").asString();
        String url = shop2.post("/api/v1/websites/SHOP2/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}")
                .json()
                .get("slipUrl")
                .asString();

        PdfLayout open = PdfLayout.of(slip(url));
        assertReadsRight(open);
        assertThat(open.text()).contains("Put this slip in the parcel");

        assertThat(shop2.post("/api/v1/websites/SHOP2/returns/" + number + "/state", "{\"state\": \"RECEIVED\"}")
                        .status())
                .isEqualTo(200);
        byte[] received = slip(url);
        PdfLayout receivedLayout = PdfLayout.of(received);
        assertReadsRight(receivedLayout);
        assertThat(receivedLayout.text())
                .contains("Nothing to send back: this return needs no parcel.")
                .doesNotContain("Put this slip in the parcel");
        try (PDDocument document = Loader.loadPDF(received)) {
            assertThat(Code128.read(new PDFRenderer(document).renderImageWithDPI(0, 150))
                            .getText())
                    .isEqualTo(number);
        }
    }

    private static final float MM = 72 / 25.4f;

    private static void assertReadsRight(PdfLayout slip) {
        assertThat(slip.images).as("the barcode").hasSize(1);
        Rectangle2D barcode = slip.images.get(0).box();
        for (PdfLayout.Glyph glyph : slip.glyphs) {
            Rectangle2D page = slip.pages.get(glyph.page());
            // Home printers leave a few millimetres unprinted at each edge: text stays 10 mm inside.
            Rectangle2D printable =
                    new Rectangle2D.Double(10 * MM, 10 * MM, page.getWidth() - 20 * MM, page.getHeight() - 20 * MM);
            assertThat(printable.contains(glyph.box()))
                    .as("'%s' at %s inside the printable area %s", glyph.text(), glyph.box(), printable)
                    .isTrue();
            if (glyph.page() == slip.images.get(0).page()) {
                assertThat(glyph.box().intersects(barcode))
                        .as("'%s' at %s clear of the barcode at %s", glyph.text(), glyph.box(), barcode)
                        .isFalse();
            }
        }
        List<PdfLayout.Glyph> glyphs = slip.glyphs;
        for (int i = 0; i < glyphs.size(); i++) {
            Rectangle2D a = glyphs.get(i).box();
            // Neighbouring letters touch; a quarter point less on each side tells touching from overlapping.
            Rectangle2D inner =
                    new Rectangle2D.Double(a.getX() + 0.25, a.getY() + 0.25, a.getWidth() - 0.5, a.getHeight() - 0.5);
            for (int j = i + 1; j < glyphs.size(); j++) {
                PdfLayout.Glyph b = glyphs.get(j);
                if (b.page() == glyphs.get(i).page() && inner.intersects(b.box())) {
                    throw new AssertionError("'" + glyphs.get(i).text() + "' at " + a + " overlaps '" + b.text()
                            + "' at " + b.box() + " in:\n" + slip.text());
                }
            }
        }
        // The return address shows through the right-hand window of a DL or C5 envelope: 100 × 45 mm,
        // 20 mm from the right edge, 50 mm from the top (SlipRenderer says which standard).
        float width = (float) slip.pages.get(0).getWidth();
        Rectangle2D window = new Rectangle2D.Double(width - 120 * MM, 50 * MM, 100 * MM, 45 * MM);
        for (String line : List.of("Boutique Deux — Retours", "69960 Corbas, France")) {
            assertThat(window.contains(slip.boxOf(line)))
                    .as("'%s' at %s in the window %s", line, slip.boxOf(line), window)
                    .isTrue();
        }
        assertThat(slip.text())
                .contains("Article endommagé ou défectueux", "Damaged or defective item")
                .contains("Non conforme à la description", "Not as described")
                .doesNotContain("damagedOrDefectiveItem", "didNotMatchDescription")
                .contains("Marie-Amélie de La Tour", "Service à thé en porcelaine");
        double lowest = slip.glyphs.stream()
                .filter(g -> g.page() == 0)
                .mapToDouble(g -> g.box().getMaxY())
                .max()
                .orElse(0);
        assertThat(lowest)
                .as("the lower half of the page is used")
                .isGreaterThan(slip.pages.get(0).getHeight() * 0.75);
    }

    private static byte[] slip(String url) throws Exception {
        HttpResponse<byte[]> pdf =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        return pdf.body();
    }

    private static String slipText(String url) throws Exception {
        HttpResponse<byte[]> pdf =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void aReturnNumberCode128CannotEncodeGetsASlipWhoseBarcodeCarriesTheNumberTheShopReceives() throws Exception {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        shopApi.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER);
        JsonHttp.Answer requested = shopApi.post(
                "/api/v1/websites/SHOP1/returns",
                "{\"webOrderNumber\": \"WEB-1\","
                        + " \"webReturnNumber\": \"RÉ-2001\", \"source\": \"shop\", \"reason\": \"Trop petit\", \"lines\": [{\"lineId\": \"1\", \"quantity\": 1}]}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String url = shopApi.post("/api/v1/websites/SHOP1/returns/R%C3%89-2001/state", "{\"state\": \"ACCEPTED\"}")
                .json()
                .get("slipUrl")
                .asString();
        long id = jdbc.queryForObject("SELECT id FROM order_return WHERE web_return_number = 'RÉ-2001'", Long.class);

        HttpResponse<byte[]> pdf =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 150);
            assertThat(Code128.read(page).getText()).isEqualTo("W%09d".formatted(id));
        }
    }

    @Test
    void aReturnNumberLongerThanTheContractsReachesTheShopUnderOneNumberForItsSlipAndItsStates() {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        shopApi.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER);
        String number = "RETURN-2026-0042";
        shopApi.post(
                "/api/v1/websites/SHOP1/returns",
                "{\"webOrderNumber\": \"WEB-1\", \"webReturnNumber\": \"" + number + "\","
                        + " \"source\": \"shop\", \"reason\": \"Trop petit\", \"lines\": [{\"lineId\": \"1\", \"quantity\": 1}]}");
        shopApi.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}");
        long id = jdbc.queryForObject("SELECT id FROM order_return WHERE web_return_number = ?", Long.class, number);

        deliverShop1();
        assertThat(SHOP.items("setOrderReturnDocumentsRequest"))
                .extracting(item -> item.get("ReturnNumber"))
                .containsExactly("W%09d".formatted(id));
        assertThat(SHOP.items("setOrderReturnStatesRequest"))
                .isNotEmpty()
                .extracting(item -> item.get("ReturnNumber"))
                .containsOnly("W%09d".formatted(id));
    }

    @Test
    void aReturnAcceptedWithTheErpsSlipGetsNoSecondOne() {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = ReturnFixtures.requestedReturn(shopApi, "{\"lineId\": \"1\", \"quantity\": 1}");
        soap.post(shop1("setOrderReturnDocuments-seed.xml").set("WebReturnNumber", number))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        assertThat(shopApi.get("/api/v1/websites/SHOP1/returns/" + number)
                        .json()
                        .get("slipUrl")
                        .asString())
                .isEqualTo("https://shop.example/returns/RC20050001.pdf");
        assertThat(count("return_slip")).isZero();
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
