package org.opensirelay.website;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The websites the operator configured: {@code relay.websites[N]} in the settings, then those of
 * {@code relay.websites-file}, read once here for every reader at start, each named where it was
 * written when a rule refuses it.
 */
@Component
public class ConfiguredWebsites {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredWebsites.class);

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

    /**
     * The configured websites, checked as a whole (each by {@link WebsiteRules}; codes, keys, user
     * names and merchant ids unique across them), each problem named by where it is written; their
     * keys stripped of surrounding blanks.
     *
     * @throws InvalidSettingsException naming every problem
     */
    static List<WebsiteConfig> checked(List<WebsiteConfig> configs, IntFunction<String> where) {
        List<String> problems = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> keys = new HashSet<>();
        Set<String> usernames = new HashSet<>();
        Map<String, String> merchantIds = new HashMap<>();
        for (int i = 0; i < configs.size(); i++) {
            WebsiteConfig config = configs.get(i);
            String at = where.apply(i);
            problems.addAll(WebsiteRules.problems(at, config));
            if (config.code() != null && !config.code().isBlank() && !codes.add(config.code())) {
                problems.add(at + ".code '" + WebsiteCode.printable(config.code()) + "' is configured twice");
            }
            if (config.key() != null
                    && config.key().strip().length() >= WebsiteRules.MIN_KEY_LENGTH
                    && !keys.add(config.key().strip())) {
                problems.add(at + ".key is the key of another website: every website needs its own key");
            }
            if (config.previousKey() != null
                    && config.previousKey().strip().length() >= WebsiteRules.MIN_KEY_LENGTH
                    && !config.previousKey()
                            .strip()
                            .equals(config.key() == null ? null : config.key().strip())
                    && !keys.add(config.previousKey().strip())) {
                problems.add(at + ".previous-key is the key of another website: every website needs its own keys");
            }
            if (config.security().needsUsernameToken()
                    && config.username() != null
                    && !config.username().isBlank()
                    && !usernames.add(config.username())) {
                problems.add(at + ".username is the user of another website");
            }
            String merchantId = config.google().merchantId();
            if (merchantId != null) {
                String owner = merchantIds.putIfAbsent(merchantId, String.valueOf(config.code()));
                if (owner != null) {
                    problems.add(WebsiteRules.merchantIdTaken(at, merchantId, owner));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Correct the website settings above (docs/configuration.md).");
        }
        List<Integer> withoutShop = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            WebsitesProperties.Shop shop = configs.get(i).shop();
            if (shop.url() == null || shop.url().isBlank()) {
                withoutShop.add(i);
            }
        }
        if (withoutShop.size() <= WARNINGS_ONE_BY_ONE) {
            withoutShop.forEach(i -> log.warn(
                    "Website '{}' has no {}.shop.url: its items are kept, and delivered to no shop until one is set",
                    WebsiteCode.printable(configs.get(i).code()),
                    where.apply(i)));
        } else {
            // One line, not one per website: a relay with thousands of websites keeps a readable log.
            log.warn(
                    "{} websites have no shop.url ({} and {} more): their items are kept, and delivered to no shop until one is set",
                    withoutShop.size(),
                    withoutShop.stream()
                            .limit(WARNINGS_ONE_BY_ONE)
                            .map(i -> WebsiteCode.printable(configs.get(i).code()))
                            .collect(java.util.stream.Collectors.joining(", ")),
                    withoutShop.size() - WARNINGS_ONE_BY_ONE);
        }
        return configs.stream().map(WebsiteRules::stripped).toList();
    }

    /** Up to this many configured websites are warned about one by one; more, in one line. */
    private static final int WARNINGS_ONE_BY_ONE = 10;
}
