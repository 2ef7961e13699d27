package org.opensirelay.website;

import java.util.List;

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
    public static java.util.Optional<String> demoAdminToken(WebsitesProperties websites) {
        return isDemo(websites.websites()) ? java.util.Optional.of(DemoWebsite.adminToken(websites.dataDir())) : java.util.Optional.empty();
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
