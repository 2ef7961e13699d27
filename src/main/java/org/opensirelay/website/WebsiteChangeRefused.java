package org.opensirelay.website;

import java.util.List;

/**
 * A change to a website that the relay refuses, and why: a status for HTTP, a stable code and every
 * problem found, each naming the setting and the rule. Nothing was changed.
 */
public final class WebsiteChangeRefused extends Exception {

    private final int status;
    private final String code;
    private final List<String> problems;

    WebsiteChangeRefused(int status, String code, List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    static WebsiteChangeRefused invalid(List<String> problems) {
        return new WebsiteChangeRefused(400, "INVALID_WEBSITE", problems);
    }

    static WebsiteChangeRefused invalid(String problem) {
        return invalid(List.of(problem));
    }

    /** A key or token rotation asked for with a cut-over the rule refuses. */
    static WebsiteChangeRefused rotation(String problem) {
        return new WebsiteChangeRefused(400, "INVALID_ROTATION", List.of(problem));
    }

    static WebsiteChangeRefused conflict(String code, String problem) {
        return new WebsiteChangeRefused(409, code, List.of(problem));
    }

    static WebsiteChangeRefused unknown(String websiteCode) {
        return new WebsiteChangeRefused(404, "UNKNOWN_WEBSITE", List.of("no website '" + websiteCode + "'"));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> problems() {
        return problems;
    }
}
