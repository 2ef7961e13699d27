package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.NodePackages;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * node soap, a third-party SOAP stack, made into a client from the relay's {@code ?wsdl} alone (it
 * fetches the schemas over HTTP too), lists the returns with getOrderReturns. node soap writes the
 * "get" request's fields in the message namespace: the relay reads them there, as the real
 * connector does (issue 23).
 */
class NodeSoapClientTest extends RelayWithShopTest {

    private static Path client;

    @BeforeAll
    static void installNodeSoap() throws Exception {
        client = NodePackages.install(
                "node",
                "node-soap-client",
                "node_modules/soap",
                "package.json",
                "package-lock.json",
                "get-order-returns.js");
    }

    @Test
    void aClientMadeFromTheWsdlAloneListsTheReturns() throws Exception {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(shopApi.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnFixtures.ORDER)
                        .status())
                .isEqualTo(201);
        assertThat(shopApi.post(
                                "/api/v1/websites/SHOP1/returns",
                                ReturnFixtures.returnOf(
                                        "{\"lineId\": \"1\", \"quantity\": 1, \"reasonCode\": \"doesNotFit\"}"))
                        .status())
                .isEqualTo(201);

        Process node = new ProcessBuilder(
                        "node",
                        "get-order-returns.js",
                        "http://localhost:" + port + "/soap/opensi?wsdl",
                        SHOP1_KEY,
                        SHOP1)
                .directory(client.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();

        JsonNode answer = JsonMapper.builder()
                .build()
                .readTree(output.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(answer.has("fault")).as(output).isFalse();
        assertThat(answer.get("returns")).as(output).hasSize(1);
        JsonNode listed = answer.get("returns").get(0);
        assertThat(listed.get("OrderNumber").asString()).as(output).isEqualTo("CC20050001");
        assertThat(
                        listed.get("Product").isArray()
                                ? listed.get("Product").get(0).get("Reference").asString()
                                : listed.get("Product").get("Reference").asString())
                .isEqualTo("SKU-A");
        // node soap wrote the fields in the message namespace; the audit says the relay read them anyway.
        assertThat(jdbc.queryForObject(
                        "SELECT detail FROM inbound_request WHERE operation = 'getOrderReturns'", String.class))
                .startsWith("tolerated: {http://www.opensi.fr}Datetime_Min");
    }
}
