package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayWithShopTest;

/**
 * One shop client serves every website (built once: per website it cost a second and 125 KB each).
 * Deliveries of two websites on two threads at once each reach the shop with their own key and code.
 */
class SharedShopClientTest extends RelayWithShopTest {

    @Test
    void twoWebsitesDeliveringAtOnceEachSendTheirOwnKey() {
        for (int round = 0; round < 20; round++) {
            int id = 1000 + round;
            soap.post(shop1("setComments-seed.xml").set("CommentId", String.valueOf(id)));
            soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP2).set("CommentId", String.valueOf(id)));
            List<CompletableFuture<DeliveryService.Run>> runs = new ArrayList<>();
            runs.add(CompletableFuture.supplyAsync(this::deliverShop1));
            runs.add(CompletableFuture.supplyAsync(
                    () -> delivery.deliverDue(websites.website(SHOP2).orElseThrow())));
            runs.forEach(CompletableFuture::join);
        }
        assertThat(SHOP.requests()).isNotEmpty().allSatisfy(request -> {
            if (request.websiteCode().equals(SHOP1_AT_SHOP)) {
                assertThat(request.key()).isEqualTo(SHOP1_SHOP_KEY);
            } else {
                assertThat(request.websiteCode()).isEqualTo(SHOP2);
                assertThat(request.key()).isEqualTo("shop2-connector-key-0002");
            }
        });
        assertThat(SHOP.requests()).extracting(r -> r.websiteCode()).contains(SHOP1_AT_SHOP, SHOP2);
    }
}
