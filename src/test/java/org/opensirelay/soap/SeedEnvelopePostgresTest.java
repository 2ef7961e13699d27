package org.opensirelay.soap;

import org.opensirelay.support.OnPostgres;

/** {@link SeedEnvelopeTest} on PostgreSQL, with the production profile. */
@OnPostgres
class SeedEnvelopePostgresTest extends SeedEnvelopeTest {}
