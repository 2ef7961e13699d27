package org.opensirelay.ingest;

import java.util.List;

import org.opensirelay.website.Website;

/**
 * Published inside the transaction that stores items (created or changed ones, ERP's and the
 * relay's own slips alike), so that a listener can record what it must tell others in the same
 * commit. {@code kind} is {@link StoredItems#COMMENT} or {@link StoredItems#RETURN_DOCUMENT}.
 */
public record ItemsStored(Website website, String kind, List<VersionedItem<?>> items) {}
