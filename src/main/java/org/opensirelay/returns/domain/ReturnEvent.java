package org.opensirelay.returns.domain;

import java.util.Map;

import org.opensirelay.website.Website;

/**
 * Something that happened to a return, published inside the transaction that made it happen, so
 * that a listener can record what it must tell others in the same commit.
 *
 * @param type the event's name ({@link #CREATED}, {@link #STATE_CHANGED}, {@link #REFUNDED}, {@link #LABEL_ATTACHED})
 * @param data what a receiver needs to know of it (no secret)
 */
public record ReturnEvent(Website website, String type, String webReturnNumber, Map<String, Object> data) {

    public static final String CREATED = "return.created";
    public static final String STATE_CHANGED = "return.state_changed";
    public static final String REFUNDED = "return.refunded";
    public static final String LABEL_ATTACHED = "return.label_attached";
}
