package org.opensirelay.ingest;

/** An item as stored, with the number of accepted changes it has seen (1 when created). */
public record VersionedItem<T>(T item, int version) {}
