package org.opensirelay.delivery;

import org.opensirelay.support.OnPostgres;

/** {@link DeliveryTest} on PostgreSQL, with the production profile. */
@OnPostgres
class DeliveryPostgresTest extends DeliveryTest {}
