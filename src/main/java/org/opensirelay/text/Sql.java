package org.opensirelay.text;

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
}
