package org.opensirelay.returns;

import org.opensirelay.website.Website;

/**
 * Published when a return's changes were queued for its website's shop (a slip, a state the state
 * machine allowed) once they are committed and (on H2) written to the database file: immediate
 * delivery may read and send them at once. A refused or unchanged state, a label or an order queues
 * nothing and publishes none. The returns' own event, as {@code ingest.ItemsAccepted} is the ERP
 * items': each module publishes only events it owns.
 */
public record ReturnChangesQueued(Website website, int changes) {}
