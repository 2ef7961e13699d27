package org.opensirelay.website;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.springframework.stereotype.Component;

/**
 * The websites the operator configured: {@code relay.websites[N]} in the settings, then those of
 * {@code relay.websites-file}, read once here for every reader at start, each named where it was
 * written when a rule refuses it.
 */
@Component
public class ConfiguredWebsites {

    private final List<WebsiteConfig> fromSettings;
    private final Path file;
    private final List<WebsiteConfig> all;

    ConfiguredWebsites(WebsitesProperties properties) {
        this.fromSettings = properties.websites();
        this.file = properties.websitesFile();
        this.all = combined(file == null ? List.of() : WebsitesFile.read(file));
    }

    /** Every configured website, those of the settings first. */
    public List<WebsiteConfig> all() {
        return all;
    }

    /** Where website {@code index} of {@link #all} is written, as a problem names it. */
    public String at(int index) {
        return index < fromSettings.size()
                ? "relay.websites[" + index + "]"
                : WebsitesFile.at(file, index - fromSettings.size());
    }

    private List<WebsiteConfig> combined(List<WebsiteConfig> fromFile) {
        List<WebsiteConfig> combined = new ArrayList<>(fromSettings.size() + fromFile.size());
        combined.addAll(fromSettings);
        combined.addAll(fromFile);
        return List.copyOf(combined);
    }
}
