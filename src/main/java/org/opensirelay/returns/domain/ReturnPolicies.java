package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opensirelay.website.Website;
import org.opensirelay.website.WebsitesProperties;

/**
 * A website's return policy as the Merchant API publishes one ({@code accounts.onlineReturnPolicies}),
 * made from the very settings the relay judges return requests by — whether returns are taken and
 * for how many days after delivery ({@link Eligibility}) — and the fields it only publishes (methods,
 * fees, page). What a merchant publishes and what the relay judges cannot drift. Plain functions.
 */
public final class ReturnPolicies {

    /** A website has one policy. */
    public static final String POLICY_ID = "default";

    static final Set<String> METHODS = Set.of("BY_MAIL", "IN_STORE", "AT_A_KIOSK");
    static final String CUSTOMER_PAYS_ACTUAL = "customer-pays-actual";

    private ReturnPolicies() {}

    /** The policy resource of {@code website}. */
    public static Map<String, Object> of(Website website) {
        ReturnSettings rules = ReturnSettings.of(website);
        WebsitesProperties.Policy policy = website.returns().policy();
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("name", "accounts/" + website.code() + "/onlineReturnPolicies/" + POLICY_ID);
        resource.put("returnPolicyId", POLICY_ID);
        resource.put("label", policy.label() != null ? policy.label() : website.code() + " returns");
        resource.put("countries", policy.countries());
        Map<String, Object> terms = new LinkedHashMap<>();
        if (!rules.enabled()) {
            terms.put("type", "NO_RETURNS");
        } else if (rules.days() == 0) {
            terms.put("type", "LIFETIME_RETURNS");
        } else {
            terms.put("type", "NUMBER_OF_DAYS_AFTER_DELIVERY");
            terms.put("days", String.valueOf(rules.days())); // int64 in the Merchant API: a string in JSON
        }
        resource.put("policy", terms);
        if (policy.restockingFee() != null) {
            resource.put(
                    "restockingFee",
                    Map.of("fixedFee", price(new BigDecimal(policy.restockingFee()), policy.currency())));
        }
        if (policy.returnShippingFee() != null) {
            resource.put(
                    "returnShippingFee",
                    CUSTOMER_PAYS_ACTUAL.equals(policy.returnShippingFee())
                            ? Map.of("type", "CUSTOMER_PAYING_ACTUAL_FEE")
                            : Map.of(
                                    "type",
                                    "FIXED",
                                    "fixedFee",
                                    price(new BigDecimal(policy.returnShippingFee()), policy.currency())));
        }
        resource.put("returnMethods", policy.returnMethods());
        resource.put("itemConditions", List.of("NEW"));
        if (policy.uri() != null) {
            resource.put("returnPolicyUri", policy.uri());
        }
        return resource;
    }

    /** The Merchant API's Price: an exact whole number of micros (as text) and the currency. */
    static Map<String, Object> price(BigDecimal amount, String currency) {
        return Map.of(
                "amountMicros", amount.movePointRight(6).toBigIntegerExact().toString(), "currencyCode", currency);
    }

    /** What is wrong with a website's policy settings ({@code at} names them), every problem. */
    public static List<String> problems(String at, WebsitesProperties.Policy policy) {
        List<String> problems = new ArrayList<>();
        for (String method : policy.returnMethods()) {
            if (!METHODS.contains(method)) {
                problems.add(at + ".return-methods has '" + method + "': use "
                        + METHODS.stream().sorted().toList());
            }
        }
        Optional<Integer> decimals = MinorUnits.decimals(policy.currency());
        if (decimals.isEmpty()) {
            problems.add(at + ".currency is '" + policy.currency() + "': an ISO 4217 code such as EUR");
        }
        fee(at + ".restocking-fee", policy.restockingFee(), policy.currency(), false, problems);
        fee(at + ".return-shipping-fee", policy.returnShippingFee(), policy.currency(), true, problems);
        if (policy.uri() != null
                && !(policy.uri().startsWith("https://") || policy.uri().startsWith("http://"))) {
            problems.add(at + ".uri is '" + policy.uri() + "': the policy's page, an http or https URL");
        }
        for (String country : policy.countries()) {
            if (!country.matches("[A-Z]{2}")
                    || !Set.of(Locale.getISOCountries()).contains(country)) {
                problems.add(at + ".countries has '" + country + "': ISO 3166-1 alpha-2 codes such as FR");
            }
        }
        return problems;
    }

    private static void fee(String at, String value, String currency, boolean actualAllowed, List<String> problems) {
        if (value == null || (actualAllowed && CUSTOMER_PAYS_ACTUAL.equals(value))) {
            return;
        }
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0) {
                problems.add(at + " is " + value + ": a fee is not negative");
            } else {
                MinorUnits.problem(amount, currency).ifPresent(why -> problems.add(at + " is " + value + ": " + why));
            }
        } catch (NumberFormatException e) {
            problems.add(at + " is '" + value + "': decimal text such as 4.90"
                    + (actualAllowed ? ", or " + CUSTOMER_PAYS_ACTUAL : ""));
        }
    }
}
