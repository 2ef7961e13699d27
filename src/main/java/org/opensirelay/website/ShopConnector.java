package org.opensirelay.website;

import java.net.URI;

/**
 * Where and how to reach a shop's own OpenSi connector. The key is needed in clear to be sent; it
 * lives in memory only and never appears in {@link #toString()}.
 *
 * @param url         the SOAP address (may hold {@code ${...}} placeholders resolved when the client is built)
 * @param key         the header key the shop expects
 * @param websiteCode the {@code Website_Code} the shop expects
 */
public record ShopConnector(String url, String key, String websiteCode) {

    @Override
    public String toString() {
        return "ShopConnector[url=" + url + ", key=<hidden>, websiteCode=" + websiteCode + "]";
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return url.contains("${");
        }
    }
}
