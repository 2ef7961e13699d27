package org.opensirelay.website;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    /** The version of the file whose websites are taken (its size, time and digest). */
    private volatile String taken;

    ConfiguredWebsites(WebsitesProperties properties) {
        this.fromSettings = properties.websites();
        this.file = properties.websitesFile();
        this.taken = file == null ? null : WebsitesFile.version(file);
        this.all = combined(file == null ? List.of() : WebsitesFile.read(file));
    }

    /** A websites file read again after it changed: its websites, until {@link #taken} says they are in use. */
    public final class Reread {
        private final String version;
        private final List<WebsiteConfig> websites;

        private Reread(String version, List<WebsiteConfig> websites) {
            this.version = version;
            this.websites = websites;
        }

        /** Every configured website, those of the settings first. */
        public List<WebsiteConfig> websites() {
            return websites;
        }

        /** Where website {@code index} is written. */
        public String at(int index) {
            return ConfiguredWebsites.this.at(index);
        }

        /** Its websites are in use: the file is read again only when it changes again. */
        public void taken() {
            taken = version;
        }
    }

    /**
     * The websites, when the websites file changed since the version taken; empty when it did not (or
     * there is none).
     *
     * @throws org.opensirelay.settings.InvalidSettingsException the file changed and does not read
     */
    public Optional<Reread> rereadIfChanged() {
        if (file == null) {
            return Optional.empty();
        }
        String version = WebsitesFile.version(file);
        if (version.equals(taken)) {
            return Optional.empty();
        }
        return Optional.of(new Reread(version, combined(WebsitesFile.read(file))));
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
