package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayWithShopTest;

/** What an operator's probes and Prometheus see. */
class HealthAndMetricsTest extends RelayWithShopTest {

    @Test
    void healthIsPublicAndReadinessIncludesTheDatabase() {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).body()).doesNotContain("jdbc:", "H2");
    }

    @Test
    void metricsNeedTheAdminToken() {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "not-the-token").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void scrapeShowsAcceptedItemsFaultsBacklogAndDeliveries() {
        double created =
                metric("relay_soap_items_total", Map.of("website", SHOP1, "code", "1001", "operation", "setComments"));
        double duplicates =
                metric("relay_soap_items_total", Map.of("website", SHOP1, "code", "2001", "operation", "setComments"));
        double refused = metric("relay_soap_faults_total", Map.of("reason", "AUTHENTICATION_FAILED"));
        double delivered = metric("relay_delivery_items_total", Map.of("website", SHOP1, "outcome", "delivered"));
        double latencies = metric("relay_delivery_latency_seconds_count", Map.of("website", SHOP1));

        soap.post(shop1("setComments-seed.xml")
                .repeat(2, (i, item) -> Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1))));
        soap.post(shop1("setComments-seed.xml"));
        soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP1));

        assertThat(metric(
                        "relay_soap_items_total", Map.of("website", SHOP1, "code", "1001", "operation", "setComments")))
                .isEqualTo(created + 2);
        assertThat(metric(
                        "relay_soap_items_total", Map.of("website", SHOP1, "code", "2001", "operation", "setComments")))
                .isEqualTo(duplicates + 1);
        assertThat(metric("relay_soap_faults_total", Map.of("reason", "AUTHENTICATION_FAILED")))
                .isEqualTo(refused + 1);
        assertThat(metric("relay_outbox_pending", Map.of("website", SHOP1))).isEqualTo(2);
        clock.advance(Duration.ofSeconds(90));
        assertThat(metric("relay_outbox_oldest_pending_age_seconds", Map.of("website", SHOP1)))
                .isEqualTo(90);

        deliverShop1();
        assertThat(metric("relay_outbox_pending", Map.of("website", SHOP1))).isZero();
        assertThat(metric("relay_delivery_items_total", Map.of("website", SHOP1, "outcome", "delivered")))
                .isEqualTo(delivered + 2);
        assertThat(metric("relay_delivery_latency_seconds_count", Map.of("website", SHOP1)))
                .isEqualTo(latencies + 2);
        assertThat(scrape()).doesNotContain(SHOP1_KEY, SHOP2_KEY, SHOP1_SHOP_KEY);
    }

    /** The value of the series with these labels (0 when it does not exist yet). */
    private double metric(String name, Map<String, String> labels) {
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + "{")
                    && labels.entrySet().stream()
                            .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private String scrape() {
        HttpResponse<String> response = get("/actuator/prometheus", ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String path, String token) {
        return AdminHttp.call(port, "GET", path, token);
    }
}
