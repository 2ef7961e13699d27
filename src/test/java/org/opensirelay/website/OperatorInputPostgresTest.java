package org.opensirelay.website;

import org.opensirelay.support.OnPostgres;
import org.springframework.test.context.TestPropertySource;

/** {@link OperatorInputTest} on PostgreSQL: the same refusals, and one website per ERP key however the creates race. */
@OnPostgres
// On PostgreSQL, websites with a shop key need the secrets key every node shares.
@TestPropertySource(properties = "relay.secrets-key=operator-input-secrets-key-0123456789-abcdef")
class OperatorInputPostgresTest extends OperatorInputTest {}
