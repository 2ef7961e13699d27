package org.opensirelay.returns;

import java.util.Map;
import java.util.Optional;

/**
 * A website's return rules and how its ERP names return states.
 *
 * @param enabled   whether the website takes return requests
 * @param days      days after delivery a return may be requested (0 = no limit)
 * @param erpStates    the ERP's ReturnState values and the states they mean (keys in upper case)
 * @param generateSlip whether the relay issues a slip for an accepted return that has none
 * @param slipAddress  the merchant's return address printed on the slips it issues, line by line
 */
public record ReturnSettings(boolean enabled, int days, Map<String, ReturnState> erpStates, boolean generateSlip,
                             java.util.List<String> slipAddress) {

    /** Our own names, and PrestaShop's default state ids, work out of the box. */
    public static final Map<String, String> DEFAULT_ERP_STATES = Map.of(
            "1", "REQUESTED", "2", "ACCEPTED", "3", "RECEIVED", "4", "REJECTED", "5", "REFUNDED");

    public ReturnSettings {
        erpStates = Map.copyOf(erpStates);
        slipAddress = java.util.List.copyOf(slipAddress);
    }

    /** The state an ERP's value means: the website's table first, then our own names. */
    public Optional<ReturnState> erpState(String value) {
        String key = value == null ? "" : value.strip().toUpperCase(java.util.Locale.ROOT);
        ReturnState mapped = erpStates.get(key);
        return mapped != null ? Optional.of(mapped) : ReturnState.parse(key);
    }
}
