package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.OpenApiSchemas;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import tools.jackson.databind.JsonNode;

/**
 * The return policy a website publishes (Merchant API onlineReturnPolicies) is the one its return
 * requests are judged by: on the last day it allows, a request is taken; the day after, refused.
 */
class ReturnPolicyTest extends RelayWithShopTest {

    @Test
    void aRequestOnTheDayAfterThePublishedPeriodIsRefusedAndOnItsLastDayTaken() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        JsonNode list = shop.get("/api/v1/websites/SHOP1/onlineReturnPolicies").json();
        assertThat(list.get("onlineReturnPolicies").size()).isEqualTo(1);
        JsonNode policy =
                shop.get("/api/v1/websites/SHOP1/onlineReturnPolicies/default").json();
        assertThat(policy).isEqualTo(list.at("/onlineReturnPolicies/0"));
        assertThat(policy.get("name").asString()).isEqualTo("accounts/SHOP1/onlineReturnPolicies/default");
        assertThat(policy.at("/policy/type").asString()).isEqualTo("NUMBER_OF_DAYS_AFTER_DELIVERY");
        int days = Integer.parseInt(policy.at("/policy/days").asString());

        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnFixtures.ORDER);
        LocalDate delivered = LocalDate.parse("2026-11-10");
        clock.set(delivered.plusDays(days).atTime(23, 0).toInstant(ZoneOffset.UTC));
        assertThat(shop.post(
                                "/api/v1/websites/SHOP1/returns",
                                ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                        .status())
                .as("the last day the policy allows")
                .isEqualTo(201);
        clock.set(delivered.plusDays(days + 1).atStartOfDay().toInstant(ZoneOffset.UTC));
        JsonHttp.Answer late = shop.post(
                "/api/v1/websites/SHOP1/returns", ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"));
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.json().at("/problems/0/detail").asString()).contains("(" + days + " days)");
        assertThat(shop.get("/api/v1/websites/SHOP1/onlineReturnPolicies/other").status())
                .isEqualTo(404);
    }

    @Test
    void thePublishedFeesMethodsAndPageAreTheWebsitesSettingsInTheMerchantApisShape() {
        JsonNode policy = new JsonHttp(port, SHOP2_API_TOKEN)
                .get("/api/v1/websites/SHOP2/onlineReturnPolicies/default")
                .json();
        assertThat(policy.at("/restockingFee/fixedFee/amountMicros").asString()).isEqualTo("2500000");
        assertThat(policy.at("/restockingFee/fixedFee/currencyCode").asString()).isEqualTo("EUR");
        assertThat(policy.at("/returnShippingFee/type").asString()).isEqualTo("CUSTOMER_PAYING_ACTUAL_FEE");
        assertThat(policy.get("returnPolicyUri").asString()).isEqualTo("https://shop2.example/returns");
        assertThat(policy.get("countries").toString()).isEqualTo("[\"FR\"]");
        assertThat(policy.get("returnMethods").toString()).isEqualTo("[\"BY_MAIL\"]");
        OpenApiSchemas.assertMatches("OnlineReturnPolicy", policy);
        // A website's token opens its own policy only.
        assertThat(new JsonHttp(port, SHOP2_API_TOKEN)
                        .get("/api/v1/websites/SHOP1/onlineReturnPolicies")
                        .status())
                .isIn(401, 403);
    }
}
