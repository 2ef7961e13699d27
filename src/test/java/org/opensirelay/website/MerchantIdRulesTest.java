package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import tools.jackson.databind.json.JsonMapper;

/**
 * A website's Google merchant id ({@code google.merchant-id}): a number as Google's are, kept
 * through the admin API's JSON like every other setting, refused naming the field otherwise.
 */
@Tag("unit")
class MerchantIdRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aMerchantIdIsANumberOfOneToNineteenDigits() {
        assertThat(WebsiteRules.merchantIdProblem("relay.websites[0]", "1234567890"))
                .isEmpty();
        assertThat(WebsiteRules.merchantIdProblem("relay.websites[0]", "9223372036854775807"))
                .isEmpty();
        assertThat(WebsiteRules.merchantIdProblem("relay.websites[0]", null))
                .as("unset: no Google paths")
                .isEmpty();
        for (String wrong : new String[] {"", "0", "0123", "12a4", "-5", " 123", "12345678901234567890", "1\n2"}) {
            assertThat(WebsiteRules.merchantIdProblem("relay.websites[2]", wrong))
                    .as(wrong)
                    .hasValueSatisfying(problem -> assertThat(problem)
                            .startsWith("relay.websites[2].google.merchant-id '")
                            .contains("a number of 1 to 19 digits")
                            .doesNotContain("\n"));
        }
        assertThat(WebsiteRules.merchantIdProblem("website", "x"))
                .as("the admin API's spelling")
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("website.google.merchantId 'x'"));
    }

    @Test
    void theSettingIsKeptInTheAdminApisJsonAndNullTakesItAway() throws Exception {
        WebsiteConfig created = WebsiteJson.merged(
                WebsiteRules.DEFAULTS, JSON.readTree("{\"code\": \"W1\", \"google\": {\"merchantId\": \"4242\"}}"));
        assertThat(created.google().merchantId()).isEqualTo("4242");
        WebsiteConfig stored = WebsiteJson.read(WebsiteJson.write(WebsiteRules.withoutSecrets(created)));
        assertThat(stored.google().merchantId())
                .as("what the website table keeps")
                .isEqualTo("4242");
        assertThat(WebsiteRules.problems(
                        "website", WebsiteRules.stripped(created.withGoogle(new WebsitesProperties.Google("04")))))
                .anyMatch(p -> p.startsWith("website.google.merchantId '04'"));

        WebsiteConfig unset = WebsiteJson.merged(stored, JSON.readTree("{\"google\": null}"));
        assertThat(unset.google().merchantId()).isNull();
    }
}
