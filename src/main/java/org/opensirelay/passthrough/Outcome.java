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
    /** The shop's answer was over the limit. */
    ANSWER_TOO_LARGE(true),
    /** The ERP went away before the answer was written. */
    CLIENT_GONE(true);

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
