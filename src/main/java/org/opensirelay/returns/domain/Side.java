package org.opensirelay.returns.domain;

/** Who changed a return. */
public enum Side {
    /** The ERP, over the OpenSi contract. */
    ERP,
    /** The shop (its plugin, or its back office). */
    SHOP,
    /** A marketplace, through its connector (Channable's returns and statuses). */
    MARKETPLACE,
    /**
     * A merchant's own tool: the Google-{@code orderreturns}-shaped API and Google's paths, which
     * merchant tools built on Google's Content API client call (a refund recorded there was shown as
     * the marketplace's).
     */
    MERCHANT_TOOL,
    /** An operator of the relay. */
    OPERATOR,
    /** The relay itself. */
    RELAY
}
