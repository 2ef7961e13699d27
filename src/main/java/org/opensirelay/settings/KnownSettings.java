package org.opensirelay.settings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every {@code relay.*} setting there is, so that a typo ({@code shop.ulr}, {@code delivery.imediate},
 * {@code admin.tokn}) stops the start instead of being ignored in silence, with the nearest known
 * name. Names compare in Spring's relaxed form: case, dashes and list indexes do not matter.
 */
public final class KnownSettings {

    /** {@code [*]} stands for any list index; a trailing {@code .*} for any map key. */
    static final List<String> NAMES = List.of(
            "relay.data-dir", "relay.public-url", "relay.admin.token", "relay.admin.tokens.*", "relay.secrets-key",
            "relay.website-refresh-every",
            "relay.auth.max-failures", "relay.auth.window", "relay.auth.lock", "relay.auth.tracked-addresses",
            "relay.delivery.batch-size", "relay.delivery.lease", "relay.delivery.initial-backoff", "relay.delivery.max-backoff",
            "relay.delivery.max-attempts", "relay.delivery.max-age", "relay.delivery.connect-timeout", "relay.delivery.read-timeout",
            "relay.delivery.concurrent-batches",
            "relay.retention.keep", "relay.retention.every", "relay.http.max-body-bytes", "relay.http.max-body-bytes-in-flight",
            "relay.database.statistics-every", "relay.backup.every", "relay.backup.keep", "relay.pass-through.max-concurrent", "relay.pass-through.max-answer-bytes",
            "relay.webhooks.enabled", "relay.webhooks.signing-key", "relay.webhooks.allow-private-networks", "relay.webhooks.allow-private-networks[*]",
            "relay.webhooks.timeout", "relay.webhooks.sweep-every", "relay.webhooks.batch-size",
            "relay.xml.max-body-bytes", "relay.xml.max-depth", "relay.xml.max-elements", "relay.xml.max-child-elements",
            "relay.xml.max-attributes", "relay.xml.max-attribute-size", "relay.xml.max-text-length", "relay.xml.read-timeout",
            "relay.websites[*].code", "relay.websites[*].key", "relay.websites[*].previous-key", "relay.websites[*].previous-key-until",
            "relay.websites[*].security", "relay.websites[*].username",
            "relay.websites[*].password", "relay.websites[*].api-token", "relay.websites[*].shop.url", "relay.websites[*].shop.key",
            "relay.websites[*].shop.website-code", "relay.websites[*].shop.pass-through.enabled",
            "relay.websites[*].shop.pass-through.allow", "relay.websites[*].shop.pass-through.allow[*]",
            "relay.websites[*].shop.pass-through.deny", "relay.websites[*].shop.pass-through.deny[*]",
            "relay.websites[*].shop.pass-through.connect-timeout", "relay.websites[*].shop.pass-through.read-timeout",
            "relay.websites[*].delivery.interval", "relay.websites[*].delivery.immediate",
            "relay.websites[*].returns.enabled", "relay.websites[*].returns.days", "relay.websites[*].returns.generate-slip",
            "relay.websites[*].returns.slip-address[*]", "relay.websites[*].returns.erp-states.*",
            "relay.websites[*].returns.policy.return-methods", "relay.websites[*].returns.policy.return-methods[*]",
            "relay.websites[*].returns.policy.restocking-fee", "relay.websites[*].returns.policy.return-shipping-fee",
            "relay.websites[*].returns.policy.currency", "relay.websites[*].returns.policy.uri",
            "relay.websites[*].returns.policy.countries", "relay.websites[*].returns.policy.countries[*]",
            "relay.websites[*].returns.policy.label", "relay.websites[*].returns.credit-notes", "relay.websites[*].returns.reasons.*",
            // Read by the postgres profile (RELAY_DB_*) and by the tests (RELAY_TEST_PG_*), as environment variables.
            "relay.db.url", "relay.db.user", "relay.db.password", "relay.test.pg.url", "relay.test.pg.user", "relay.test.pg.password");

    private static final Pattern INDEX = Pattern.compile("\\[[^]]*]");
    /** The names in relaxed form: known names are found in a set, so that 50,000 settings of 10,000 websites check fast. */
    private static final Set<String> EXACT = NAMES.stream().map(KnownSettings::relaxed).filter(n -> !n.endsWith(".*"))
            .collect(Collectors.toUnmodifiableSet());
    private static final List<String> MAP_PREFIXES = NAMES.stream().map(KnownSettings::relaxed).filter(n -> n.endsWith(".*"))
            .map(n -> n.substring(0, n.length() - 1)).toList();

    private KnownSettings() {
    }

    /** An unknown setting and the known one it most likely meant, if any is near. */
    public record Unknown(String name, Optional<String> nearest) {
    }

    /** The setting {@code name} (as written) is unknown: which one was probably meant. */
    public static Optional<Unknown> check(String name) {
        String relaxed = relaxed(name);
        if (EXACT.contains(relaxed) || MAP_PREFIXES.stream().anyMatch(p -> relaxed.startsWith(p) && relaxed.length() > p.length())) {
            return Optional.empty();
        }
        // Unknown: the nearest known name, the slow way (a typo is rare).
        String indexes = indexesOf(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : NAMES) {
            if (matches(relaxed, relaxed(known))) {
                return Optional.empty();
            }
            String candidate = withIndexes(known, indexes);
            // A map's entries (erp-states.<value>) are compared by the map's own name.
            String compared = known.endsWith(".*") ? known.substring(0, known.length() - 2) : known;
            int distance = distance(relaxed, relaxed(compared));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        boolean near = bestDistance <= Math.max(3, relaxed.length() / 4);
        return Optional.of(new Unknown(name, near ? Optional.of(best) : Optional.empty()));
    }

    /** Lower case, no dashes or underscores, every index [*]. */
    static String relaxed(String name) {
        return INDEX.matcher(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")).replaceAll("[*]");
    }

    private static boolean matches(String name, String pattern) {
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return name.startsWith(prefix) && name.length() > prefix.length();
        }
        return name.equals(pattern);
    }

    /** The indexes of a name in order ("[0]", "[2]"), to show the suggestion as the user wrote it. */
    private static String indexesOf(String name) {
        StringBuilder indexes = new StringBuilder();
        Matcher m = INDEX.matcher(name);
        while (m.find()) {
            indexes.append(m.group()).append('\n');
        }
        return indexes.toString();
    }

    private static String withIndexes(String pattern, String indexes) {
        String result = pattern;
        for (String index : indexes.split("\n")) {
            if (!index.isEmpty() && result.contains("[*]")) {
                result = result.replaceFirst("\\[\\*]", Matcher.quoteReplacement(index));
            }
        }
        return result.endsWith(".*") ? result.substring(0, result.length() - 2) + ".<value>" : result;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
