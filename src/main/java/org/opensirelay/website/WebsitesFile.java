package org.opensirelay.website;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.BoundPropertiesTrackingBindHandler;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.PathResource;

/**
 * {@code relay.websites-file}: the websites kept in one YAML (or JSON, which YAML reads) file, with the
 * fields of {@code relay.websites[N]} under a top-level {@code websites:} list — the file operators keep
 * in version control when they have many websites. Each entry is bound on its own, by the same binder
 * and rules as a website in the settings, so reading the file costs the same per website however many
 * there are: 10,000 websites in the settings took over two minutes to bind as one list.
 * <p>
 * A setting no website has (a typo) and a value that does not bind stop the start, naming the file,
 * the entry and the field.
 */
final class WebsitesFile {

    private static final Pattern ENTRY = Pattern.compile("^websites\\[(\\d+)](?:\\.(.+)|(\\[.+))$");
    private static final String PREFIX = "website";

    private static final RecordComponent[] COMPONENTS = WebsiteConfig.class.getRecordComponents();
    private static final ConfigurationPropertyName[] COMPONENT_NAMES = new ConfigurationPropertyName[COMPONENTS.length];
    private static final Bindable<?>[] COMPONENT_BINDABLES = new Bindable<?>[COMPONENTS.length];
    private static final Constructor<WebsiteConfig> CANONICAL;
    /** A website of which nothing is set: the defaults of relay.websites[N]. */
    private static final WebsiteConfig DEFAULTS =
            new Binder(new MapConfigurationPropertySource()).bindOrCreate(PREFIX, WebsiteConfig.class);

    static {
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            RecordComponent component = COMPONENTS[i];
            types[i] = component.getType();
            COMPONENT_NAMES[i] = ConfigurationPropertyName.of(
                    PREFIX + "." + DataObjectPropertyName.toDashedForm(component.getName()));
            COMPONENT_BINDABLES[i] = Bindable.of(ResolvableType.forType(component.getGenericType()))
                    .withAnnotations(component.getAnnotations());
        }
        try {
            CANONICAL = WebsiteConfig.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private WebsitesFile() {}

    /**
     * What tells one content of the file from another: its SHA-256 (the file is read whole; a
     * modification time alone misses a change within its resolution). "missing" when it cannot be read.
     */
    static String version(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "missing";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where entry {@code index} of {@code file} is, as problems name it. */
    static String at(Path file, int index) {
        return "relay.websites-file " + file + ": websites[" + index + "]";
    }

    /** The websites of {@code file}, in its order. */
    static List<WebsiteConfig> read(Path file) {
        Map<Integer, Map<String, Object>> entries = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> property : properties(file).entrySet()) {
            Matcher entry = ENTRY.matcher(property.getKey());
            if (!entry.matches()) {
                problems.add("relay.websites-file " + file + ": " + property.getKey()
                        + " is not in a website: the file holds a list of websites under 'websites:'");
                continue;
            }
            String field = entry.group(2) != null ? "." + entry.group(2) : entry.group(3);
            entries.computeIfAbsent(Integer.valueOf(entry.group(1)), i -> new java.util.LinkedHashMap<>())
                    .put(field, property.getValue());
        }
        List<WebsiteConfig> websites = new ArrayList<>(entries.size());
        SharedValues shared = new SharedValues();
        int expected = 0;
        for (Map.Entry<Integer, Map<String, Object>> entry : entries.entrySet()) {
            if (entry.getKey() != expected) {
                problems.add(at(file, expected) + " is missing: the list has a gap");
                break;
            }
            expected++;
            bind(at(file, entry.getKey()), entry.getValue(), shared, problems).ifPresent(websites::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(
                    problems, "Correct the websites file above (docs/configuration.md, 'Many websites in one file').");
        }
        return websites;
    }

    /** One entry's fields as written ({@code .shop.url}, {@code .apiToken}) and their values. */
    private static Optional<WebsiteConfig> bind(
            String at, Map<String, Object> fields, SharedValues shared, List<String> problems) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        fields.forEach((field, value) -> source.put(PREFIX + field, value));
        Set<ConfigurationPropertyName> bound = new HashSet<>();
        Binder binder = new Binder(source);
        BindHandler tracking = new BoundPropertiesTrackingBindHandler(property -> bound.add(property.getName()));
        Object[] arguments = new Object[COMPONENTS.length];
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                // Only what the entry sets is bound; the rest is the settings' default, bound once.
                // (Binding every nested default for each entry made 10,000 websites take 8 s.)
                ConfigurationPropertyName name = COMPONENT_NAMES[i];
                boolean set = source.getConfigurationProperty(name) != null
                        || source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT;
                arguments[i] = set
                        ? shared.one(binder.bindOrCreate(name, COMPONENT_BINDABLES[i], tracking))
                        : COMPONENTS[i].getAccessor().invoke(DEFAULTS);
            }
        } catch (BindException e) {
            ConfigurationProperty property = e.getProperty();
            String field = property != null ? field(property.getName()) : field(e.getName());
            problems.add(at + field + ": " + rootMessage(e));
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        int before = problems.size();
        for (String field : fields.keySet()) {
            if (!bound.contains(ConfigurationPropertyName.adapt(PREFIX + field, '.'))) {
                // Named as written (apiTokn, not the canonical apitokn).
                problems.add(at + field + " is not a website setting (see relay.websites[N] in docs/configuration.md)");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(CANONICAL.newInstance(arguments));
        } catch (InvocationTargetException e) {
            problems.add(at + ": " + rootMessage(e));
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code website.shop.url} as {@code .shop.url}. */
    private static String field(ConfigurationPropertyName name) {
        String text = name.toString();
        return text.length() > PREFIX.length() ? text.substring(PREFIX.length()) : "";
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** The file's properties, flattened as Spring Boot flattens application.yml ({@code websites[0].shop.url}). */
    private static Map<String, Object> properties(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidSettingsException(
                    List.of("relay.websites-file " + file + " is not a file the relay can read"),
                    "Point relay.websites-file at the YAML or JSON file that lists the websites.");
        }
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader().load(file.toString(), new PathResource(file));
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingsException(
                    List.of("relay.websites-file " + file + " is not YAML or JSON: " + rootMessage(e)),
                    "Correct the websites file (docs/configuration.md, 'Many websites in one file').");
        }
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        for (PropertySource<?> document : documents) {
            if (document instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    properties.put(name, enumerable.getProperty(name));
                }
            }
        }
        return properties;
    }

    /**
     * One instance of each distinct setting value: websites of one file mostly share their return
     * rules, delivery and security settings, and 10,000 copies of the same return rules were 14 MB
     * of a 192 MB heap. The values are records (immutable, compared by value).
     */
    private static final class SharedValues {
        private final Map<Object, Object> values = new java.util.HashMap<>();

        Object one(Object value) {
            return value == null || !value.getClass().isRecord() ? value : values.computeIfAbsent(value, v -> v);
        }
    }
}
