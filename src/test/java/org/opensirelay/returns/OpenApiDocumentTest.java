package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.OpenApiSchemas;
import org.opensirelay.support.RelayWithShopTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The committed OpenAPI document is the REST API's contract: it is served (with its interactive
 * page), it names exactly the routes the relay answers, and real answers have exactly the
 * documented fields.
 */
class OpenApiDocumentTest extends RelayWithShopTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @SuppressWarnings("unchecked")
    private Map<String, Object> document() {
        JsonHttp.Answer served = new JsonHttp(port, null).send("GET", "/openapi/openapi.yaml", null, Map.of());
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/yaml");
        return new Yaml().load(served.body());
    }

    @Test
    void theDocumentNamesExactlyTheRoutesTheRelayAnswers() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths =
                (Map<String, Map<String, Object>>) document().get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> !m.equals("parameters"))
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().stream()
                        .filter(p -> p.startsWith("/api/") || p.startsWith("/slips/"))
                        .forEach(p ->
                                info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p))));
        assertThat(served).isNotEmpty();
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void realAnswersHaveExactlyTheDocumentedFields() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        JsonNode order = shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER)
                .json();
        JsonNode created = shop.post(
                        "/api/v1/websites/SHOP1/returns",
                        ReturnsApiTest.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                .json();
        String number = created.get("webReturnNumber").asString();
        JsonNode orderReturn =
                shop.get("/api/v1/websites/SHOP1/orderreturns/" + number).json();
        JsonNode list = shop.get("/api/v1/websites/SHOP1/returns").json();
        JsonNode problem = shop.post("/api/v1/websites/SHOP1/returns", "{}").json();

        assertMatches("RegisteredOrder", order);
        assertMatches("Return", created);
        assertMatches(
                "Return", shop.get("/api/v1/websites/SHOP1/returns/" + number).json());
        assertMatches("ReturnList", list);
        assertMatches("OrderReturn", orderReturn);
        assertMatches("Problem", problem);
    }

    /** The admin API's answers are typed too: every field described, every required one there, nested ones as well. */
    @Test
    void adminAnswersHaveExactlyTheDocumentedFields() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        soap.post(shop1("setComments-seed.xml"));
        JsonNode websites = admin.get("/api/websites").json();
        assertThat(websites.size()).isPositive();
        websites.forEach(website -> {
            assertMatches("Website", website);
            assertMatches("DeliveryCounts", website.get("deliveries"));
        });
        JsonNode pending = admin.get("/api/websites/SHOP1/deliveries").json();
        assertMatches("DeliveryPage", pending);
        assertThat(pending.get("deliveries").size()).isPositive();
        pending.get("deliveries").forEach(row -> assertMatches("Delivery", row));
        assertMatches(
                "DeliveryRun", admin.post("/api/websites/SHOP1/deliver", "").json());
        admin.get("/api/websites/SHOP1/deliveries?status=delivered")
                .json()
                .get("deliveries")
                .forEach(row -> assertMatches("Delivery", row));
        assertMatches(
                "Revived",
                admin.post("/api/websites/SHOP1/deliveries/retry-dead", "").json());
        assertMatches(
                "AdminProblem",
                admin.get("/api/websites/SHOP1/deliveries?status=LOST").json());
        assertMatches(
                "AdminProblem",
                admin.post("/api/websites/NOPE/deliveries/retry-dead", "").json());
        // The backups' answers: BackupRestoreTest (a backup of this suite's shared database would be slow).
    }

    private void assertMatches(String schemaName, JsonNode answer) {
        OpenApiSchemas.assertMatches(document(), schemaName, answer);
    }

    @Test
    void theInteractivePageIsServedWithItsScriptsFromTheRelayItself() {
        JsonHttp anyone = new JsonHttp(port, null);
        JsonHttp.Answer page = anyone.send("GET", "/openapi/index.html", null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("/webjars/swagger-ui/swagger-ui-bundle.js", "/openapi/openapi.yaml")
                .doesNotContain("https://");
        assertThat(anyone.send("GET", "/webjars/swagger-ui/swagger-ui-bundle.js", null, Map.of())
                        .status())
                .isEqualTo(200);
    }
}
