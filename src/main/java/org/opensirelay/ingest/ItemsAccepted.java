package org.opensirelay.ingest;

import org.opensirelay.website.Website;

/**
 * Published inside the storing transaction when a request created or changed items, so that
 * listeners bound to the commit (immediate delivery) learn of them only once they are durable.
 */
public record ItemsAccepted(Website website, int changedItems) {
}
