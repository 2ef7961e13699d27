package org.opensirelay.outbox;

/**
 * A row to append for one accepted version of one item.
 *
 * @param kind        the kind of item (the name the delivery reads it back by)
 * @param itemKey     the item's natural key as text
 * @param itemVersion the accepted version the row is for
 * @param orderKey    the group whose items reach the shop in order (a comment's shop order), or null
 * @param sortKey     the item's place within that group, or null
 */
public record NewOutboxRow(String kind, String itemKey, int itemVersion, String orderKey, String sortKey) {}
