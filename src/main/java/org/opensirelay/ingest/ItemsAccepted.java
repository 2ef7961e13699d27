package org.opensirelay.ingest;

import org.opensirelay.website.Website;

/**
 * Published when items were queued for a website's shop — comments and slips an ERP created or
 * changed, return states the state machine allowed — once they are committed and (on H2) written to
 * the database file: a listener (immediate delivery) may read and send them at once. A request that
 * queued nothing (all duplicates, a refused state change) publishes none.
 */
public record ItemsAccepted(Website website, int changedItems) {}
