package org.opensirelay.returns.api;

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

/** The published policy follows the rules the relay judges by; fees are exact micros. */
@Tag("unit")
class OnlineReturnPolicyTest {

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
        assertThat(OnlineReturnPolicy.of(website(true, 30)).policy())
                .isEqualTo(new OnlineReturnPolicy.Terms("NUMBER_OF_DAYS_AFTER_DELIVERY", "30"));
        assertThat(OnlineReturnPolicy.of(website(true, 0)).policy())
                .isEqualTo(new OnlineReturnPolicy.Terms("LIFETIME_RETURNS", null));
        assertThat(OnlineReturnPolicy.of(website(false, 30)).policy())
                .isEqualTo(new OnlineReturnPolicy.Terms("NO_RETURNS", null));
    }

    @Test
    void feesAreExactMicrosNeverThroughABinaryFloat() {
        assertThat(OnlineReturnPolicy.Price.of(new BigDecimal("0.10"), "EUR"))
                .isEqualTo(new OnlineReturnPolicy.Price("100000", "EUR"));
        assertThat(OnlineReturnPolicy.Price.of(new BigDecimal("12345678.99"), "EUR")
                        .amountMicros())
                .isEqualTo("12345678990000");
    }
}
