package org.opensirelay.returns.api;

import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;

/** The website a request's path names ({@code /api/v1/websites/{code}/…}), for both REST controllers. */
final class ApiWebsites {

    private ApiWebsites() {}

    /** The active website {@code code}, or the API's 404 {@code UNKNOWN_WEBSITE}. */
    static Website active(WebsiteRegistry websites, String code) {
        return websites.website(code)
                .orElseThrow(() -> ReturnRefusedException.of(
                        404, "UNKNOWN_WEBSITE", "no such website", "", "no active website " + code));
    }
}
