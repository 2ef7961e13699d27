package org.opensirelay.soap;

import org.opensirelay.support.OnPostgres;

/** {@link LargeEnvelopeTest} on PostgreSQL, with the production profile. */
@OnPostgres
class LargeEnvelopePostgresTest extends LargeEnvelopeTest {}
