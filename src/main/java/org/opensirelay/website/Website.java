package org.opensirelay.website;

import org.opensirelay.returns.ReturnSettings;

/**
 * An active tenant: its database id, its {@code Website_Code}, how its items are delivered, what
 * opens it (the key, a UsernameToken of {@code username}, or both), and its return rules.
 */
public record Website(long id, String code, DeliverySettings delivery, SecurityMode security, String username,
                      ReturnSettings returns) {
}
