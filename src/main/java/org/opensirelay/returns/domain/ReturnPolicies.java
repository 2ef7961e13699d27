package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.opensirelay.website.WebsitesProperties;

/**
 * The rules of a website's published return policy (methods, fees, page, countries): the settings
 * are checked at start and on every change, every problem named. The API publishes the policy
 * ({@code OnlineReturnPolicy}) from these and from the rules {@link Eligibility} judges by.
 */
public final class ReturnPolicies {

    /** A website has one policy. */
    public static final String POLICY_ID = "default";

    static final Set<String> METHODS = Set.of("BY_MAIL", "IN_STORE", "AT_A_KIOSK");
    public static final String CUSTOMER_PAYS_ACTUAL = "customer-pays-actual";

    private ReturnPolicies() {}

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
