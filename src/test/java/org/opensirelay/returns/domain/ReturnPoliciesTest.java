package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.website.WebsitesProperties;

/** A website's policy settings are checked, every problem named. */
@Tag("unit")
class ReturnPoliciesTest {

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
