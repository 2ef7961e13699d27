package org.opensirelay.passthrough;

import java.util.Locale;

/** How a passed-through call ended, as the log line, the metrics and the console name it. */
enum Outcome {
    /** The shop answered with a 2xx status; its answer went back as it was. */
    ANSWERED(false),
    /** The shop answered with another status (a SOAP Fault, usually 500); its answer went back as it was. */
    SHOP_FAULT(true),
    /** The request did not open the website (no key, wrong key, throttled). Nothing was sent. */
    REFUSED(true),
    /** The website has no shop connector, or pass-through is off for it. */
    OFF(true),
    /** The website's allow or deny list keeps this operation from the shop. */
    NOT_ALLOWED(true),
    /** Every slot was taken. */
    BUSY(true),
    /** The shop's connector could not be reached. */
    UNREACHABLE(true),
    /** The shop's connector did not answer in time. */
    TIMEOUT(true),
    /** The shop's connector answered with a redirect, which is not followed. */
    REDIRECT(true),
    /** The shop's answer was over the limit, before any of it went to the ERP (which got a fault). */
    ANSWER_TOO_LARGE(true),
    /**
     * The answer was broken off part-way through: over the limit, stopped or broken by the shop, or past the
     * deadline, after part of it had gone to the ERP. The ERP's connection was closed mid-answer, so that it
     * sees a broken answer, never a short one that looks whole.
     */
    CUT(true),
    /** The ERP went away before its answer was written (or while the shop was still working on it). */
    CLIENT_GONE(true),
    /** The relay itself failed; the ERP got a fault. */
    RELAY_ERROR(true);

    private final boolean failure;

    Outcome(boolean failure) {
        this.failure = failure;
    }

    boolean failure() {
        return failure;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
