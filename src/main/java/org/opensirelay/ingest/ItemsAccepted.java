package org.opensirelay.ingest;

import org.opensirelay.website.Website;

/**
 * Published when an ERP's items were queued for a website's shop — comments and slips it created or
 * changed — once they are committed and (on H2) written to
 * the database file: a listener (immediate delivery) may read and send them at once. A request that
 * queued nothing (all duplicates, a refused state change) publishes none.
 */
public record ItemsAccepted(Website website, int changedItems) {}
