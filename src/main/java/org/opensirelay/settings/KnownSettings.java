package org.opensirelay.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code relay.*} setting there is, so that a typo ({@code shop.ulr}, {@code delivery.imediate},
 * {@code admin.tokn}) stops the start instead of being ignored in silence, with the nearest known
 * name. Names compare in Spring's relaxed form: case, dashes and list indexes do not matter.
 */
final class KnownSettings {

    /** Where the build writes every setting's name (spring-boot-configuration-processor). */
    static final String METADATA = "META-INF/spring-configuration-metadata.json";

    /**
     * Every {@code relay.*} name: {@code [*]} stands for any list index, a trailing {@code .*} for any
     * map key. Derived, not kept by hand: the configuration metadata the build writes from the
     * {@code @ConfigurationProperties} records (and, for the few settings read one by one,
     * {@code META-INF/additional-spring-configuration-metadata.json}), with a list of records or a map
     * expanded by its element type, which the metadata does not describe.
     */
    static final List<String> NAMES = fromMetadata();

    private static final Pattern INDEX = Pattern.compile("\\[[^]]*]");
    /** The names in relaxed form: known names are found in a set, so that 50,000 settings of 10,000 websites check fast. */
    private static final Set<String> EXACT = NAMES.stream()
            .map(KnownSettings::relaxed)
            .filter(n -> !n.endsWith(".*"))
            .collect(Collectors.toUnmodifiableSet());

    private static final List<String> MAP_PREFIXES = NAMES.stream()
            .map(KnownSettings::relaxed)
            .filter(n -> n.endsWith(".*"))
            .map(n -> n.substring(0, n.length() - 1))
            .toList();

    private KnownSettings() {}

    private static List<String> fromMetadata() {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> files = KnownSettings.class.getClassLoader().getResources(METADATA);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        if (name.startsWith("relay.")) {
                            names.addAll(expanded(name, property.path("type").asString(null)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + METADATA, e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no relay.* setting in " + METADATA
                    + ": the build writes it (spring-boot-configuration-processor)");
        }
        return List.copyOf(names);
    }

    /** The names a property of {@code type} (as the metadata writes it) stands for. */
    private static List<String> expanded(String name, String type) {
        if (type == null) {
            return List.of(name);
        }
        if (type.startsWith("java.util.Map<")) {
            return List.of(name + ".*");
        }
        if (type.startsWith("java.util.List<") && type.endsWith(">")) {
            String element = type.substring("java.util.List<".length(), type.length() - 1);
            if (element.startsWith("org.opensirelay.")) {
                try {
                    return expanded(name + "[*]", Class.forName(element, false, KnownSettings.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(
                            METADATA + " names " + element + ", which is not on the class path", e);
                }
            }
            return List.of(name, name + "[*]");
        }
        return List.of(name);
    }

    /** The names of the settings of a record bound at {@code name}: one per component, nested records and lists expanded. */
    private static List<String> expanded(String name, Type type) {
        Class<?> raw = type instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : (Class<?>) type;
        if (raw.isRecord() && raw.getName().startsWith("org.opensirelay.")) {
            List<String> names = new ArrayList<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                names.addAll(expanded(name + "." + kebab(component.getName()), component.getGenericType()));
            }
            return names;
        }
        if (Map.class.isAssignableFrom(raw)) {
            return List.of(name + ".*");
        }
        if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType parameterized) {
            Type element = parameterized.getActualTypeArguments()[0];
            if (element instanceof Class<?> elementClass && elementClass.isRecord()) {
                return expanded(name + "[*]", element);
            }
            return List.of(name, name + "[*]");
        }
        return List.of(name);
    }

    /** {@code websiteCode} as a setting's name: {@code website-code}. */
    private static String kebab(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** An unknown setting and the known one it most likely meant, if any is near. */
    public record Unknown(String name, Optional<String> nearest) {}

    /** The setting {@code name} (as written) is unknown: which one was probably meant. */
    public static Optional<Unknown> check(String name) {
        String relaxed = relaxed(name);
        if (EXACT.contains(relaxed)
                || MAP_PREFIXES.stream().anyMatch(p -> relaxed.startsWith(p) && relaxed.length() > p.length())) {
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
        return INDEX.matcher(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))
                .replaceAll("[*]");
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
