package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.website.DeliverySettings;
import org.opensirelay.website.SecurityMode;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsitesProperties;

/** A slip must say where the parcel goes: without the merchant's address, none is issued, and the start says so. */
@Tag("unit")
class ReturnSettingsTest {

    private static Website website(List<String> slipAddress) {
        return new Website(
                1,
                "SHOP1",
                new DeliverySettings(Duration.ofMinutes(10), false, null),
                SecurityMode.KEY,
                null,
                new WebsitesProperties.Returns(true, 14, Map.of(), true, slipAddress),
                new WebsitesProperties.PassThrough(
                        true, List.of(), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(180)));
    }

    @Test
    void withoutAnAddressNoSlipIsIssuedAndNoHintIsPrintedInItsPlace() {
        ReturnSettings settings = ReturnSettings.of(website(List.of()));

        assertThat(settings.generateSlip()).isFalse();
        assertThat(settings.slipAddress()).isEmpty();
        assertThat(ReturnSettings.slipsOffForWantOfAnAddress(website(List.of())))
                .isTrue();
        assertThat(ReturnSettingsCheck.slipsOffWarning("relay.websites[0]", "SHOP1"))
                .contains(
                        "Website 'SHOP1' issues no return slips",
                        "relay.websites[0].returns.slip-address is not set",
                        "relay.websites[0].returns.generate-slip=false");
        assertThat(ReturnSettingsCheck.slipsOffSummary(10_000, List.of("SHOP0", "SHOP1")))
                .startsWith("10000 websites issue no return slips (SHOP0, SHOP1 and 9998 more)");
    }

    @Test
    void withAnAddressSlipsAreIssuedWithIt() {
        ReturnSettings settings = ReturnSettings.of(website(List.of("Boutique Un — Retours", "69002 Lyon")));

        assertThat(settings.generateSlip()).isTrue();
        assertThat(settings.slipAddress()).containsExactly("Boutique Un — Retours", "69002 Lyon");
        assertThat(ReturnSettings.slipsOffForWantOfAnAddress(website(List.of("x"))))
                .isFalse();
    }
}
