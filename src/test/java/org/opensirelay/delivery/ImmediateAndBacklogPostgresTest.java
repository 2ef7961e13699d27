package org.opensirelay.delivery;

import org.opensirelay.support.OnPostgres;

/** {@link ImmediateAndBacklogTest} on PostgreSQL, with the production profile. */
@OnPostgres
class ImmediateAndBacklogPostgresTest extends ImmediateAndBacklogTest {}
