package org.opensirelay.soap;

import org.opensirelay.support.OnPostgres;

/** {@link ConcurrentWritesTest} on PostgreSQL, with the production profile. */
@OnPostgres
class ConcurrentWritesPostgresTest extends ConcurrentWritesTest {}
