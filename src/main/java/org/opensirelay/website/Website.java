package org.opensirelay.website;

/**
 * An active tenant: its database id, its {@code Website_Code}, how its items are delivered, and what
 * opens it (the key, a UsernameToken of {@code username}, or both).
 */
public record Website(long id, String code, DeliverySettings delivery, SecurityMode security, String username) {
}
