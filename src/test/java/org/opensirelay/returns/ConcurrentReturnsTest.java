package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;

/**
 * Customers cannot return more than they bought (PrestaShop #9579), even when requests race: 16
 * requests at once for one order line of 5 units, 1 unit each.
 */
class ConcurrentReturnsTest extends RelayWithShopTest {

    @Test
    void sixteenConcurrentRequestsNeverExceedTheOrderedQuantity() throws Exception {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(shop.put(
                                "/api/v1/websites/SHOP1/orders/WEB-1",
                                ReturnsApiTest.ORDER.replace("\"quantity\": 2", "\"quantity\": 5"))
                        .status())
                .isEqualTo(201);
        ExecutorService senders = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonHttp.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String body = ReturnsApiTest.returnOf("{\"lineId\": \"1\", \"quantity\": 1}")
                    .replace("\"source\": \"shop\"", "\"source\": \"shop\", \"externalId\": \"race-" + i + "\"");
            answers.add(senders.submit(() -> {
                start.await();
                return shop.post("/api/v1/websites/SHOP1/returns", body);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<JsonHttp.Answer> answer : answers) {
            JsonHttp.Answer done = answer.get(60, TimeUnit.SECONDS);
            statuses.add(done.status());
            if (done.status() == 422) {
                assertThat(done.json().get("code").asString()).isEqualTo("QUANTITY_EXCEEDED");
                assertThat(done.json().at("/problems/0/remaining").asInt()).isZero();
            }
        }
        senders.shutdown();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(11);
        assertThat(jdbc.queryForObject("SELECT SUM(quantity) FROM order_return_line", Integer.class))
                .isEqualTo(5);
    }
}
