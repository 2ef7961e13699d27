package org.opensirelay.website;

/** An authenticated tenant: its database id and its {@code Website_Code}. */
public record Website(long id, String code) {
}
