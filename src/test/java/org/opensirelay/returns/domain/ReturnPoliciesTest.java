package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.website.DeliverySettings;
import org.opensirelay.website.SecurityMode;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsitesProperties;

/** The published policy follows the judged rules; its settings are checked, every problem named; fees are exact micros. */
@Tag("unit")
class ReturnPoliciesTest {

    private static Website website(boolean enabled, int days) {
        return new Website(
                1,
                "SHOP1",
                new DeliverySettings(Duration.ofMinutes(10), false, null),
                SecurityMode.KEY,
                null,
                new WebsitesProperties.Returns(enabled, days, Map.of(), true, List.of("x")),
                new WebsitesProperties.PassThrough(
                        true, List.of(), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(180)));
    }

    @Test
    void thePolicyTypeIsTheRuleTheRelayJudgesBy() {
        assertThat(ReturnPolicies.of(website(true, 30)).get("policy"))
                .isEqualTo(Map.of("type", "NUMBER_OF_DAYS_AFTER_DELIVERY", "days", "30"));
        assertThat(ReturnPolicies.of(website(true, 0)).get("policy")).isEqualTo(Map.of("type", "LIFETIME_RETURNS"));
        assertThat(ReturnPolicies.of(website(false, 30)).get("policy")).isEqualTo(Map.of("type", "NO_RETURNS"));
    }

    @Test
    void feesAreExactMicrosNeverThroughABinaryFloat() {
        assertThat(ReturnPolicies.price(new BigDecimal("0.10"), "EUR"))
                .isEqualTo(Map.of("amountMicros", "100000", "currencyCode", "EUR"));
        assertThat(ReturnPolicies.price(new BigDecimal("12345678.99"), "EUR").get("amountMicros"))
                .isEqualTo("12345678990000");
    }

    @Test
    void wrongSettingsAreAllNamed() {
        var policy = new WebsitesProperties.Policy(
                List.of("BY_MAIL", "BY_PIGEON"), "-1", "4.999", "EUR", "ftp://x", List.of("FR", "XX"), null);
        assertThat(ReturnPolicies.problems("relay.websites[0].returns.policy", policy))
                .containsExactly(
                        "relay.websites[0].returns.policy.return-methods has 'BY_PIGEON': use [AT_A_KIOSK, BY_MAIL, IN_STORE]",
                        "relay.websites[0].returns.policy.restocking-fee is -1: a fee is not negative",
                        "relay.websites[0].returns.policy.return-shipping-fee is 4.999: EUR amounts have at most 2 decimals (ISO 4217 minor unit); 4.999 has more",
                        "relay.websites[0].returns.policy.uri is 'ftp://x': the policy's page, an http or https URL",
                        "relay.websites[0].returns.policy.countries has 'XX': ISO 3166-1 alpha-2 codes such as FR");
        assertThat(ReturnPolicies.problems("p", WebsitesProperties.Policy.DEFAULTS))
                .isEmpty();
    }
}
