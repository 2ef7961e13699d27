package org.opensirelay.website;

/** What opens a website ({@code relay.websites[N].security}). */
public enum SecurityMode {
    /** The OpenSi header key (the contract's own mechanism; the default). */
    KEY,
    /** A WS-Security UsernameToken with a password digest, nonce and creation time, instead of the key. */
    USERNAME_TOKEN,
    /** Both the header key and the UsernameToken. */
    BOTH;

    public boolean needsKey() {
        return this != USERNAME_TOKEN;
    }

    public boolean needsUsernameToken() {
        return this != KEY;
    }
}
