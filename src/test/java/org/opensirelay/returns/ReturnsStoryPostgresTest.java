package org.opensirelay.returns;

import org.opensirelay.support.OnPostgres;

/** {@link ReturnsStoryTest} on PostgreSQL, with the production profile. */
@OnPostgres
class ReturnsStoryPostgresTest extends ReturnsStoryTest {}
