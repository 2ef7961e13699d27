package org.opensirelay.returns.api;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.returns.domain.ReturnPolicies;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsitesProperties;

/**
 * A website's return policy as the Merchant API publishes one ({@code accounts.onlineReturnPolicies}),
 * made from the very settings the relay judges return requests by — whether returns are taken and
 * for how many days after delivery — and the fields it only publishes (methods, fees, page). What a
 * merchant publishes and what the relay judges cannot drift.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OnlineReturnPolicy(
        String name,
        String returnPolicyId,
        String label,
        List<String> countries,
        Terms policy,
        RestockingFee restockingFee,
        ShippingFee returnShippingFee,
        List<String> returnMethods,
        List<String> itemConditions,
        String returnPolicyUri) {

    /** {@code days} is an int64 in the Merchant API: a string in JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Terms(String type, String days) {}

    record RestockingFee(Price fixedFee) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ShippingFee(String type, Price fixedFee) {}

    /** The Merchant API's Price: an exact whole number of micros (as text) and the currency. */
    record Price(String amountMicros, String currencyCode) {

        static Price of(BigDecimal amount, String currency) {
            return new Price(amount.movePointRight(6).toBigIntegerExact().toString(), currency);
        }
    }

    static OnlineReturnPolicy of(Website website) {
        ReturnSettings rules = ReturnSettings.of(website);
        WebsitesProperties.Policy policy = website.returns().policy();
        Terms terms = !rules.enabled()
                ? new Terms("NO_RETURNS", null)
                : rules.days() == 0
                        ? new Terms("LIFETIME_RETURNS", null)
                        : new Terms("NUMBER_OF_DAYS_AFTER_DELIVERY", String.valueOf(rules.days()));
        return new OnlineReturnPolicy(
                "accounts/" + website.code() + "/onlineReturnPolicies/" + ReturnPolicies.POLICY_ID,
                ReturnPolicies.POLICY_ID,
                policy.label() != null ? policy.label() : website.code() + " returns",
                policy.countries(),
                terms,
                policy.restockingFee() == null
                        ? null
                        : new RestockingFee(Price.of(new BigDecimal(policy.restockingFee()), policy.currency())),
                policy.returnShippingFee() == null
                        ? null
                        : ReturnPolicies.CUSTOMER_PAYS_ACTUAL.equals(policy.returnShippingFee())
                                ? new ShippingFee("CUSTOMER_PAYING_ACTUAL_FEE", null)
                                : new ShippingFee(
                                        "FIXED",
                                        Price.of(new BigDecimal(policy.returnShippingFee()), policy.currency())),
                policy.returnMethods(),
                List.of("NEW"),
                policy.uri());
    }
}
