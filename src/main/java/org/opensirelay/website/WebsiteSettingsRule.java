package org.opensirelay.website;

import java.util.List;

import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/**
 * A rule another module has for a website's settings (its return rules, its pass-through lists),
 * applied to websites created or changed at runtime as to those configured at start, without this
 * package knowing those modules.
 */
public interface WebsiteSettingsRule {

    /** The problems of {@code config}, each naming the setting under {@code at} and the rule. */
    List<String> problems(String at, WebsiteConfig config);
}
