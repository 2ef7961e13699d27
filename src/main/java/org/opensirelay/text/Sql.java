package org.opensirelay.text;

import java.util.ArrayList;
import java.util.List;

/** Pieces of SQL text built from counts. */
public final class Sql {

    private Sql() {}

    /** {@code count} bind markers for an IN list or a VALUES row: "?, ?, ?". */
    public static String markers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("An IN list needs at least one marker, got " + count);
        }
        return "?, ".repeat(count - 1) + "?";
    }

    /**
     * {@code values} followed by its last value repeated up to the next power of two (a value twice in
     * an IN list or a VALUES table matches once): a statement written for the result's size is one of
     * a few texts, each parsed once per connection, instead of one per request size (on H2 the parser
     * took a tenth of the writer's time with combined requests of every size).
     */
    public static <T> List<T> paddedToPowerOfTwo(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("Nothing to pad: an IN list needs at least one value");
        }
        int slots = Integer.highestOneBit(values.size() * 2 - 1);
        List<T> padded = new ArrayList<>(values);
        while (padded.size() < slots) {
            padded.add(values.get(values.size() - 1));
        }
        return padded;
    }
}
