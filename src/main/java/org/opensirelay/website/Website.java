package org.opensirelay.website;

/** An active tenant: its database id, its {@code Website_Code} and how its items are delivered. */
public record Website(long id, String code, DeliverySettings delivery) {
}
