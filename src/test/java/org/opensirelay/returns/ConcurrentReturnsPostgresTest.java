package org.opensirelay.returns;

import org.opensirelay.support.OnPostgres;

/** {@link ConcurrentReturnsTest} on PostgreSQL. */
@OnPostgres
class ConcurrentReturnsPostgresTest extends ConcurrentReturnsTest {}
