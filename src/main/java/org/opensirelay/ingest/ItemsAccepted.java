package org.opensirelay.ingest;

import org.opensirelay.website.Website;

/**
 * Published when a request created or changed items, once they are committed and (on H2) written to
 * the database file: a listener (immediate delivery) may read and send them at once.
 */
public record ItemsAccepted(Website website, int changedItems) {}
