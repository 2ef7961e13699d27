package org.opensirelay.database;

import org.opensirelay.support.OnPostgres;

/** {@link HotPathPlansTest} on PostgreSQL, with the production profile. */
@OnPostgres
class HotPathPlansPostgresTest extends HotPathPlansTest {}
