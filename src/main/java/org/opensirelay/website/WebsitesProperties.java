package org.opensirelay.website;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The websites (tenants) this relay answers for: {@code relay.websites[N].code} and
 * {@code relay.websites[N].key}, settable on the command line or as environment variables
 * ({@code RELAY_WEBSITES_0_CODE}, {@code RELAY_WEBSITES_0_KEY}).
 *
 * @param dataDir  where the embedded database and the demo website's key file live
 * @param websites the configured websites; when empty, a demo website with a generated key is used
 */
@ConfigurationProperties(prefix = "relay")
public record WebsitesProperties(@DefaultValue("./data") Path dataDir, List<WebsiteConfig> websites) {

    public WebsitesProperties {
        websites = websites == null ? List.of() : List.copyOf(websites);
    }

    /**
     * One website.
     *
     * @param code the {@code Website_Code} the ERP sends
     * @param key  the header key the ERP sends for this website (OpenSi modules use
     *             {@code md5(login + "-" + password)}); only its SHA-256 is kept
     */
    public record WebsiteConfig(String code, String key) {

        @Override
        public String toString() {
            return "WebsiteConfig[code=" + code + ", key=<hidden>]";
        }
    }
}
