package org.opensirelay.delivery;

import org.opensirelay.website.Website;

/**
 * Published inside the transaction that gives an item up for good (dead after its retries), so that
 * a listener can tell others in the same commit. {@code code} is the last answer's code, if any.
 */
public record DeliveryGivenUp(Website website, String kind, String key, Integer code, String error) {}
