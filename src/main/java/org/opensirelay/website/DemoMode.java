package org.opensirelay.website;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one place that decides whether the relay runs as a demo: it does while no website is
 * configured ({@code relay.websites} empty). The website registry then creates the demo website, and
 * {@link OnDemo} switches on the demo shop.
 */
public final class DemoMode {

    private DemoMode() {
    }

    static boolean isDemo(List<?> configuredWebsites) {
        return configuredWebsites.isEmpty();
    }

    /**
     * The admin token to use when none is configured: in a demo, one made at random and kept in
     * {@code <data-dir>/demo-admin.token} (so a newcomer can open the console); otherwise none.
     */
    public static Optional<String> demoAdminToken(WebsitesProperties websites) {
        return isDemo(websites.websites()) ? Optional.of(DemoWebsite.adminToken(websites.dataDir())) : Optional.empty();
    }

    /** Where the demo's admin token is, while the relay runs as a demo (for the sign-in page to say). */
    public static Optional<Path> demoAdminTokenFile(WebsitesProperties websites) {
        return isDemo(websites.websites()) ? Optional.of(websites.dataDir().resolve(DemoWebsite.ADMIN_TOKEN_FILE).toAbsolutePath())
                : Optional.empty();
    }

    /** Whether {@code website} is the demo's own website (the relay runs as a demo, and this is its website). */
    public static boolean isDemoWebsite(WebsitesProperties websites, Website website) {
        return isDemo(websites.websites()) && DemoWebsite.CODE.equals(website.code());
    }

    /** Matches while the relay runs as a demo. */
    public static final class OnDemo implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            // The same binding as WebsitesProperties, read before that bean exists.
            List<WebsitesProperties.WebsiteConfig> configured = Binder.get(context.getEnvironment())
                    .bind("relay.websites", Bindable.listOf(WebsitesProperties.WebsiteConfig.class))
                    .orElse(List.of());
            return isDemo(configured);
        }
    }
}
