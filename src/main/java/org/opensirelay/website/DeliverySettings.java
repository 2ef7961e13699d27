package org.opensirelay.website;

import java.time.Duration;
import java.util.Optional;

/**
 * How a website's accepted items reach its shop.
 *
 * @param interval  period of the recurring sweep
 * @param immediate whether newly accepted items are also pushed right after commit
 * @param shop      the shop's connector, or null when the website has none (items are kept, not delivered)
 */
public record DeliverySettings(Duration interval, boolean immediate, ShopConnector shop) {

    public Optional<ShopConnector> shopConnector() {
        return Optional.ofNullable(shop);
    }
}
