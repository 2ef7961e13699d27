package org.opensirelay.website;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opensirelay.website.WebsiteRegistry.Row;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/**
 * What the start says of websites stored in the database that break today's rules: created through
 * the admin API before the rules existed (any code, any URL), or made to share an ERP key by creates
 * that raced. They are the operator's running business, so the relay does not refuse to start over
 * them: it names each one in printable form, says what it does meanwhile and how to fix it. (The
 * configuration's websites are held to the rules at start: a broken one stops it, naming the setting.)
 */
final class StoredWebsites {

    private StoredWebsites() {}

    /** The warnings for {@code rows} (every row of {@code website}), at {@code now}. */
    static List<String> warnings(List<Row> rows, Set<String> configuredCodes, Instant now) {
        List<String> warnings = new ArrayList<>();
        List<Row> held = rows.stream()
                .filter(row -> !row.deleted())
                .filter(row -> WebsiteRegistry.BY_API.equals(row.managedBy()) || configuredCodes.contains(row.code()))
                .sorted(Comparator.comparingLong(Row::id))
                .toList();
        for (Row row : held) {
            if (!WebsiteRegistry.BY_API.equals(row.managedBy())) {
                continue;
            }
            String code = WebsiteCode.printable(row.code());
            if (!WebsiteCode.isValid(row.code())) {
                warnings.add("website '" + code + "' (id " + row.id() + "): its code breaks the rule ("
                        + WebsiteCode.RULE + "). It is answered as before and written escaped in the log. Create a"
                        + " website with a code that keeps the rule for its ERP, then disable and delete this one"
                        + " through the admin API or the console; a code holding '/', '..' or a control character"
                        + " cannot be written in their addresses: disable that one in the database (UPDATE website"
                        + " SET active = FALSE, changed_at = CURRENT_TIMESTAMP WHERE id = " + row.id()
                        + "; every node applies it within seconds).");
            }
            shopUrlProblem(row)
                    .ifPresent(why -> warnings.add("website '" + code
                            + "': its stored shop.url breaks the rule (" + why + "). Nothing is sent to it: the website"
                            + " has no shop and its items are kept until a valid one is set (PATCH /api/websites/"
                            + code
                            + " with {\"shop\": {\"url\": ...}}, or the console's page of the website)."));
        }
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : held) {
            byKey.computeIfAbsent(row.keyHash(), hash -> new ArrayList<>()).add(row);
            if (row.previousKeyHash() != null
                    && !row.previousKeyHash().equals(row.keyHash())
                    && row.previousKeyUntil() != null
                    && row.previousKeyUntil().isAfter(now)) {
                byKey.computeIfAbsent(row.previousKeyHash(), hash -> new ArrayList<>())
                        .add(row);
            }
        }
        byKey.values().stream().filter(sharing -> sharing.size() > 1).forEach(sharing -> {
            List<String> codes = sharing.stream()
                    .map(row -> "'" + WebsiteCode.printable(row.code()) + "'")
                    .toList();
            warnings.add("websites " + String.join(", ", codes.subList(0, codes.size() - 1)) + " and "
                    + codes.get(codes.size() - 1) + " share one ERP key: each still opens with it, but whoever"
                    + " holds it opens them all. Rotate the key of all but one (POST /api/websites/{code}/key,"
                    + " or relay.websites[N].key for a configured one); meanwhile no other website can take it.");
        });
        return warnings;
    }

    private static Optional<String> shopUrlProblem(Row row) {
        if (row.settings() == null) {
            return Optional.empty();
        }
        WebsiteConfig settings;
        try {
            settings = WebsiteJson.read(row.settings());
        } catch (RuntimeException unreadable) {
            // The registry says it of the row itself.
            return Optional.empty();
        }
        String url = settings.shop().url();
        return url == null || url.isBlank() ? Optional.empty() : HttpUrl.why(url.strip());
    }
}
