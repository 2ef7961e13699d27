package org.opensirelay.returns.domain;

/** Who changed a return. */
public enum Side {
    /** The ERP, over the OpenSi contract. */
    ERP,
    /** The shop (its plugin, or its back office). */
    SHOP,
    /** A marketplace or a merchant tool (Channable, Google-style clients). */
    MARKETPLACE,
    /** An operator of the relay. */
    OPERATOR,
    /** The relay itself. */
    RELAY
}
