package org.opensirelay.website;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one place that decides whether the relay runs as a demo: it does while no website is
 * configured ({@code relay.websites} empty, no {@code relay.websites-file}) and no operator token is set ({@code relay.admin.token},
 * {@code relay.admin.tokens.*}). An operator who manages websites through the admin API sets a token,
 * so such a relay is never a demo. In a demo the website registry creates the demo website, and
 * {@link OnDemo} switches on the demo shop.
 */
public final class DemoMode {

    private DemoMode() {}

    static boolean isDemo(boolean anyWebsiteConfigured, boolean operatorTokenSet) {
        return !anyWebsiteConfigured && !operatorTokenSet;
    }

    /** Whether an admin token is set (by name or not), as the environment says before any bean exists. */
    public static boolean operatorTokenSet(Environment environment) {
        Binder binder = Binder.get(environment);
        boolean token = binder.bind("relay.admin.token", String.class)
                .map(t -> !t.isBlank())
                .orElse(false);
        boolean named = binder.bind("relay.admin.tokens", Bindable.mapOf(String.class, String.class))
                .map(m -> !m.isEmpty())
                .orElse(false);
        return token || named;
    }

    static boolean isDemo(boolean anyWebsiteConfigured, Environment environment) {
        return isDemo(anyWebsiteConfigured, operatorTokenSet(environment));
    }

    /**
     * The admin token to use when none is configured: in a demo, one made at random and kept in
     * {@code <data-dir>/demo-admin.token} (so a newcomer can open the console); otherwise none.
     */
    public static Optional<String> demoAdminToken(WebsitesProperties websites, boolean operatorTokenSet) {
        return isDemo(websites.anyConfigured(), operatorTokenSet)
                ? Optional.of(DemoWebsite.adminToken(websites.dataDir()))
                : Optional.empty();
    }

    /** Where the demo's admin token is, while the relay runs as a demo (for the sign-in page to say). */
    public static Optional<Path> demoAdminTokenFile(WebsitesProperties websites, Environment environment) {
        return isDemo(websites.anyConfigured(), environment)
                ? Optional.of(
                        websites.dataDir().resolve(DemoWebsite.ADMIN_TOKEN_FILE).toAbsolutePath())
                : Optional.empty();
    }

    /** Matches while the relay runs as a demo. */
    public static final class OnDemo implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            // Whether any website is configured, read before WebsitesProperties exists: the first
            // entry's settings are enough (binding the whole list of 10,000 websites here doubled the work).
            Binder binder = Binder.get(context.getEnvironment());
            boolean anyWebsite = binder.bind("relay.websites[0]", Bindable.mapOf(String.class, Object.class))
                            .isBound()
                    || binder.bind("relay.websites-file", String.class).isBound();
            return isDemo(anyWebsite, context.getEnvironment());
        }
    }
}
