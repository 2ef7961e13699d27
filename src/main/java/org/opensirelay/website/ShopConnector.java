package org.opensirelay.website;

import java.net.URI;

/**
 * Where and how to reach a shop's own OpenSi connector. The key is needed in clear to be sent; it
 * lives in memory only and never appears in {@link #toString()}.
 *
 * @param url         the SOAP address, concrete and called as it is (an http or https URI with a host,
 *                    {@link HttpUrl}): nothing in it is ever resolved
 * @param key         the header key the shop expects
 * @param websiteCode the {@code Website_Code} the shop expects
 */
public record ShopConnector(URI url, String key, String websiteCode) {

    public ShopConnector {
        if (!HttpUrl.isCallable(url)) {
            throw new IllegalArgumentException("a shop connector's URL is an http or https URL with a host");
        }
    }

    @Override
    public String toString() {
        return "ShopConnector[url=" + url + ", key=<hidden>, websiteCode=" + websiteCode + "]";
    }
}
