package org.opensirelay.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which setting an environment variable names. Spring Boot reads {@code RELAY_DATADIR} as
 * {@code relay.data-dir} (an underscore is a dot, a dash is dropped), which nobody guesses; people
 * write {@code RELAY_DATA_DIR}, a dash as an underscore. Both forms (and a mix of them) name a setting
 * here when they name exactly one of the relay's known settings, list indexes ({@code
 * RELAY_WEBSITES_0_API_TOKEN}) and map keys ({@code RELAY_ADMIN_TOKENS_ALICE}) included; a variable
 * that names none is a typo (with the nearest variable to use), one that could name two is refused as
 * ambiguous. {@code <VARIABLE>_FILE} names the same setting, its value read from that file.
 *
 * <p>Pure: the known names are given (in {@link KnownSettings}' form: {@code [*]} any list index, a
 * trailing {@code .*} any map key).
 */
final class EnvironmentVariableNames {

    /** The relay's own variables; everything else (SERVER_PORT, SPRING_*, JAVA_*) is Spring's or not a setting. */
    public static final String PREFIX = "RELAY_";

    /** A variable whose value is the content of the file it names. */
    public static final String FILE_SUFFIX = "_FILE";

    private final List<Pattern> patterns;

    public EnvironmentVariableNames(Collection<String> knownNames) {
        this.patterns = knownNames.stream().map(Pattern::parse).toList();
    }

    /** The relay's known settings. */
    public static EnvironmentVariableNames known() {
        return Known.INSTANCE;
    }

    private static final class Known {
        static final EnvironmentVariableNames INSTANCE = new EnvironmentVariableNames(KnownSettings.NAMES);
    }

    /** What a variable says. */
    public sealed interface Reading permits Setting, Unknown, Ambiguous {
        /** The variable as written. */
        String variable();
    }

    /**
     * The variable sets {@code name} (canonical: {@code relay.websites[0].shop.pass-through.read-timeout},
     * a map key in lower case as Spring Boot reads it); {@code fromFile}: its value is the named file's content.
     */
    public record Setting(String variable, String name, boolean fromFile) implements Reading {}

    /** No known setting has this name; {@code nearest}: the variable probably meant. */
    public record Unknown(String variable, Optional<Suggestion> nearest) implements Reading {}

    /** The variable to use instead, and the setting it sets. */
    public record Suggestion(String variable, String setting) {}

    /** The variable could name each of {@code settings}; {@code unambiguous}: a variable for each that names it alone. */
    public record Ambiguous(String variable, List<String> settings, List<String> unambiguous) implements Reading {}

    /** Whether {@code variable} is one of the relay's (starts with RELAY_, in any case). */
    public static boolean concerns(String variable) {
        return variable.length() > PREFIX.length() && variable.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** What {@code variable} (one that {@link #concerns concerns} the relay) names. */
    public Reading read(String variable) {
        List<String> tokens = tokens(variable);
        List<Match> direct = matches(tokens);
        Optional<Reading> fromFile = readAsFile(variable);
        // A map entry's key ending in _FILE is the file form of the entry: RELAY_ADMIN_TOKENS_ALICE_FILE is
        // alice's token read from a file, not a token named "alice.file".
        if (fromFile.isPresent()
                && fromFile.get() instanceof Setting
                && direct.stream().allMatch(Match::viaKey)) {
            return fromFile.get();
        }
        if (direct.size() == 1) {
            return new Setting(variable, direct.get(0).name(), false);
        }
        if (direct.size() > 1) {
            return ambiguous(variable, direct.stream().map(Match::name).toList());
        }
        return fromFile.orElseGet(() -> new Unknown(variable, nearest(variable, tokens)));
    }

    /** {@code <VARIABLE>_FILE}: what {@code <VARIABLE>} names, its value from a file. */
    private Optional<Reading> readAsFile(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        if (!upper.endsWith(FILE_SUFFIX) || upper.length() <= PREFIX.length() + FILE_SUFFIX.length()) {
            return Optional.empty();
        }
        String base = variable.substring(0, variable.length() - FILE_SUFFIX.length());
        Reading reading = read(base);
        if (reading instanceof Setting s && s.fromFile()) {
            // A file naming a file: not a form of any setting.
            return Optional.of(new Unknown(variable, Optional.of(new Suggestion(base, s.name()))));
        }
        if (reading instanceof Setting s) {
            return Optional.of(new Setting(variable, s.name(), true));
        }
        if (reading instanceof Ambiguous a) {
            return Optional.of(new Ambiguous(
                    variable,
                    a.settings(),
                    a.unambiguous().stream().map(v -> v + FILE_SUFFIX).toList()));
        }
        return Optional.of(new Unknown(
                variable,
                ((Unknown) reading).nearest().map(n -> new Suggestion(n.variable() + FILE_SUFFIX, n.setting()))));
    }

    private Ambiguous ambiguous(String variable, List<String> names) {
        // For each meaning, Spring Boot's own form (no underscore inside a name), if it names that setting alone.
        List<String> unambiguous = new ArrayList<>();
        for (String name : names) {
            String springForm = springVariableOf(name);
            List<Match> matches = matches(tokens(springForm));
            if (matches.size() == 1 && matches.get(0).name().equals(name)) {
                unambiguous.add(springForm);
            }
        }
        return new Ambiguous(variable, List.copyOf(names), List.copyOf(unambiguous));
    }

    /** A setting the tokens name; {@code viaKey}: as an entry of a map. */
    private record Match(String name, boolean viaKey) {}

    /** The settings the tokens name, each once. */
    private List<Match> matches(List<String> tokens) {
        List<Match> matches = new ArrayList<>();
        if (tokens.isEmpty() || tokens.contains("")) {
            return matches;
        }
        for (Pattern pattern : patterns) {
            pattern.match(tokens)
                    .filter(n -> matches.stream().noneMatch(m -> m.name().equals(n)))
                    .ifPresent(n -> matches.add(new Match(n, pattern.isMap())));
        }
        return matches;
    }

    /**
     * The variable people write for {@code setting}, a dash as an underscore: {@code relay.data-dir} is
     * {@code RELAY_DATA_DIR}; an index ({@code [0]}) is {@code _0_}, a placeholder index ({@code [*]},
     * {@code [N]}) is {@code _<N>_}, a map key placeholder ({@code .*}, {@code .<name>}) is {@code _<NAME>}.
     */
    public static String variableOf(String setting) {
        return variable(setting, true);
    }

    /** Spring Boot's own form: {@code relay.data-dir} is {@code RELAY_DATADIR}. */
    static String springVariableOf(String setting) {
        return variable(setting, false);
    }

    private static String variable(String setting, boolean dashAsUnderscore) {
        String name = setting.replaceAll("\\[(\\d+)]", ".$1").replaceAll("\\[[^]]*]", ".<N>");
        if (name.endsWith(".*")) {
            name = name.substring(0, name.length() - 1) + "<NAME>";
        }
        return name.replace("-", dashAsUnderscore ? "_" : "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The nearest known variable to a typo, written with the typo's own indexes and map key. */
    private Optional<Suggestion> nearest(String variable, List<String> tokens) {
        String written = variable.toUpperCase(Locale.ROOT);
        List<String> indexes =
                tokens.stream().filter(EnvironmentVariableNames::isIndex).toList();
        Suggestion best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Pattern pattern : patterns) {
            String candidate = pattern.variable(indexes);
            if (pattern.isMap()) {
                candidate = candidate.substring(0, candidate.lastIndexOf('_'));
                // A map's entries are compared by the map's own name, and keep the key as written.
                for (int k = 1; k < tokens.size(); k++) {
                    String head = String.join("_", tokens.subList(0, k)).toUpperCase(Locale.ROOT);
                    int distance = KnownSettings.distance(head, candidate);
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        String key = String.join("_", tokens.subList(k, tokens.size()));
                        best = new Suggestion(
                                candidate + "_" + key.toUpperCase(Locale.ROOT),
                                pattern.name(
                                        indexes, key.toLowerCase(Locale.ROOT).replace('_', '.')));
                    }
                }
            } else {
                int distance = KnownSettings.distance(written, candidate);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = new Suggestion(candidate, pattern.name(indexes, null));
                }
            }
        }
        boolean near = best != null && bestDistance <= Math.max(3, written.length() / 4);
        return near ? Optional.of(best) : Optional.empty();
    }

    private static List<String> tokens(String variable) {
        return List.of(variable.toLowerCase(Locale.ROOT).split("_", -1));
    }

    private static boolean isIndex(String token) {
        return !token.isEmpty() && token.length() <= 9 && token.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** One known name, as a sequence of parts: a segment's words, a list index, a map key. */
    private record Pattern(String known, List<Part> parts) {

        enum Kind {
            /** One segment of the name ({@code pass-through}): its words, written joined or apart. */
            WORDS,
            /** A list index: digits. */
            INDEX,
            /** A map key: the rest of the variable. */
            KEY
        }

        record Part(Kind kind, List<String> words) {
            static final Part INDEX = new Part(Kind.INDEX, List.of());
            static final Part KEY = new Part(Kind.KEY, List.of());
        }

        static Pattern parse(String known) {
            List<Part> parts = new ArrayList<>();
            String[] segments = known.split("\\.");
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.equals("*") && i == segments.length - 1) {
                    parts.add(Part.KEY);
                    continue;
                }
                int bracket = segment.indexOf('[');
                String words = bracket < 0 ? segment : segment.substring(0, bracket);
                parts.add(new Part(
                        Kind.WORDS, List.of(words.toLowerCase(Locale.ROOT).split("-"))));
                for (int at = bracket; at >= 0; at = segment.indexOf('[', at + 1)) {
                    parts.add(Part.INDEX);
                }
            }
            return new Pattern(known, List.copyOf(parts));
        }

        boolean isMap() {
            return !parts.isEmpty() && parts.get(parts.size() - 1).kind() == Kind.KEY;
        }

        /** The setting {@code tokens} name by this pattern, if they do. */
        Optional<String> match(List<String> tokens) {
            StringBuilder name = new StringBuilder();
            int t = 0;
            for (Part part : parts) {
                if (part.kind() == Kind.INDEX) {
                    if (t >= tokens.size() || !isIndex(tokens.get(t))) {
                        return Optional.empty();
                    }
                    name.append('[').append(Integer.parseInt(tokens.get(t))).append(']');
                    t++;
                } else if (part.kind() == Kind.KEY) {
                    if (t >= tokens.size()) {
                        return Optional.empty();
                    }
                    // As Spring Boot reads a map key from the environment: lower case, an underscore a dot.
                    name.append('.').append(String.join(".", tokens.subList(t, tokens.size())));
                    t = tokens.size();
                } else {
                    List<String> words = part.words();
                    int w = 0;
                    // Each token is one or more whole words of the segment, joined: data_dir, datadir.
                    while (w < words.size()) {
                        if (t >= tokens.size()) {
                            return Optional.empty();
                        }
                        String token = tokens.get(t);
                        StringBuilder joined = new StringBuilder();
                        int end = w;
                        while (end < words.size() && joined.length() < token.length()) {
                            joined.append(words.get(end++));
                        }
                        if (!joined.toString().equals(token)) {
                            return Optional.empty();
                        }
                        w = end;
                        t++;
                    }
                    if (!name.isEmpty()) {
                        name.append('.');
                    }
                    name.append(String.join("-", words));
                }
            }
            return t == tokens.size() ? Optional.of(name.toString()) : Optional.empty();
        }

        /** The dash-as-underscore variable of this name, its indexes filled from {@code indexes} (then {@code <N>}). */
        String variable(List<String> indexes) {
            return variableOf(name(indexes, null));
        }

        /** The setting's name with these indexes (then {@code [N]}) and this map key (or {@code <name>}). */
        String name(List<String> indexes, String key) {
            StringBuilder name = new StringBuilder();
            int i = 0;
            for (Part part : parts) {
                if (part.kind() == Kind.INDEX) {
                    name.append('[')
                            .append(i < indexes.size() ? indexes.get(i++) : "N")
                            .append(']');
                } else if (part.kind() == Kind.KEY) {
                    name.append('.').append(key == null ? "<name>" : key);
                } else {
                    if (!name.isEmpty()) {
                        name.append('.');
                    }
                    name.append(String.join("-", part.words()));
                }
            }
            return name.toString();
        }
    }
}
