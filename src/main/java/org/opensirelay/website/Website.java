package org.opensirelay.website;

/**
 * An active tenant: its database id, its {@code Website_Code}, how its items are delivered, what
 * opens it (the key, a UsernameToken of {@code username}, or both), and its return settings as
 * configured (the returns module makes its rules of them), and how the operations the relay does not
 * answer reach its shop.
 */
public record Website(
        long id,
        String code,
        DeliverySettings delivery,
        SecurityMode security,
        String username,
        WebsitesProperties.Returns returns,
        WebsitesProperties.PassThrough passThrough) {}
