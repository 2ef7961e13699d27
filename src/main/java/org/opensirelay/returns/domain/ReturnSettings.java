package org.opensirelay.returns.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.website.Website;
import org.opensirelay.website.WebsitesProperties;

/**
 * A website's return rules and how its ERP names return states, made here from the website's
 * {@code relay.websites[N].returns.*} settings: the tenant type knows nothing of returns.
 *
 * @param enabled   whether the website takes return requests
 * @param days      days after delivery a return may be requested (0 = no limit)
 * @param erpStates    the ERP's ReturnState values and the states they mean (keys in upper case)
 * @param generateSlip whether the relay issues a slip for an accepted return that has none (only with an address)
 * @param slipAddress  the merchant's return address printed on the slips it issues, line by line
 */
public record ReturnSettings(
        boolean enabled, int days, Map<String, ReturnState> erpStates, boolean generateSlip, List<String> slipAddress) {

    /** Our own names, and PrestaShop's default state ids, work out of the box. */
    public static final Map<String, String> DEFAULT_ERP_STATES =
            Map.of("1", "REQUESTED", "2", "ACCEPTED", "3", "RECEIVED", "4", "REJECTED", "5", "REFUNDED");

    public ReturnSettings {
        erpStates = Map.copyOf(erpStates);
        slipAddress = List.copyOf(slipAddress);
    }

    /** The rules of {@code website}, from its settings (checked at start by {@link ReturnSettingsCheck}). */
    public static ReturnSettings of(Website website) {
        WebsitesProperties.Returns configured = website.returns();
        Map<String, ReturnState> states = new HashMap<>();
        DEFAULT_ERP_STATES.forEach(
                (value, state) -> states.put(value, ReturnState.parse(state).orElseThrow()));
        configured
                .erpStates()
                .forEach((value, state) -> states.put(
                        value.strip().toUpperCase(Locale.ROOT),
                        ReturnState.parse(state).orElseThrow()));
        // A slip without the merchant's return address would send the customer's parcel nowhere: none is issued.
        return new ReturnSettings(
                configured.enabled(),
                configured.days(),
                states,
                configured.generateSlip() && !configured.slipAddress().isEmpty(),
                configured.slipAddress());
    }

    /** Slips are wanted (the default) but cannot be issued: the website has no return address. */
    public static boolean slipsOffForWantOfAnAddress(Website website) {
        return website.returns().generateSlip()
                && website.returns().slipAddress().isEmpty();
    }

    /** The state an ERP's value means: the website's table first, then our own names. */
    public Optional<ReturnState> erpState(String value) {
        String key = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        ReturnState mapped = erpStates.get(key);
        return mapped != null ? Optional.of(mapped) : ReturnState.parse(key);
    }
}
