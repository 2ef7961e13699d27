package org.opensirelay.admin;

import org.opensirelay.support.OnPostgres;

/** {@link AdminApiTest} on PostgreSQL, with the production profile. */
@OnPostgres
class AdminApiPostgresTest extends AdminApiTest {
}
