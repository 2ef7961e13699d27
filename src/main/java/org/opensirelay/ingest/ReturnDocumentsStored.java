package org.opensirelay.ingest;

import java.util.List;

import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.website.Website;

/**
 * Published inside the transaction that stores return slips from the ERP (the created or changed
 * ones), so that a listener can act on what they name (the returns they belong to) in the same commit.
 */
public record ReturnDocumentsStored(Website website, List<ReturnDocument> documents) {}
