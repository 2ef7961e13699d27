package org.opensirelay.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.support.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The relay's settings as operators give them in the environment: every {@code RELAY_*} variable read
 * by {@link EnvironmentVariableNames} ({@code RELAY_DATA_DIR} as well as Spring Boot's {@code
 * RELAY_DATADIR}, {@code RELAY_ADMIN_TOKEN_FILE=/run/secrets/admin}) into one property source of the
 * settings' own names, just above the environment itself: command-line arguments and system
 * properties still win over it, it wins over configuration files. All the environment's relay
 * settings are in it, whichever form each was written in, because Spring Boot takes a list (the
 * websites) from one property source only. What cannot be read (a typo, an ambiguous name, two
 * variables for one setting, a file that cannot be read) is kept as a problem, for {@link SettingsCheck}
 * to stop the start with. A value read from a file is also there under its variable's name without
 * {@code _FILE}, for the placeholders that read the variable.
 */
public class EnvironmentSettings implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source of the environment's relay settings. */
    public static final String SOURCE_NAME = "relayEnvironmentVariables";

    /** Once Spring Boot has put the system environment in place, before the configuration files are read. */
    public static final int ORDER = SystemEnvironmentPropertySourceEnvironmentPostProcessor.DEFAULT_ORDER + 1;

    /** A secret file is a few bytes; a larger one was named by mistake (or is a device that never ends). */
    static final int MAX_FILE_BYTES = 64 * 1024;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        Source source = read(variables(environment), EnvironmentVariableNames.known());
        sources.remove(SOURCE_NAME);
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }

    /** The environment's relay settings in {@code environment}: the source put there at start, else read now. */
    static Source sourceOf(ConfigurableEnvironment environment) {
        PropertySource<?> installed = environment.getPropertySources().get(SOURCE_NAME);
        return installed instanceof Source source
                ? source
                : read(variables(environment), EnvironmentVariableNames.known());
    }

    /** The system environment's variables that concern the relay, by name. */
    private static Map<String, String> variables(ConfigurableEnvironment environment) {
        Map<String, String> variables = new TreeMap<>();
        PropertySource<?> system =
                environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (system instanceof EnumerablePropertySource<?> enumerable) {
            for (String name : enumerable.getPropertyNames()) {
                Object value = enumerable.getProperty(name);
                if (EnvironmentVariableNames.concerns(name) && value != null) {
                    variables.put(name, value.toString());
                }
            }
        }
        return variables;
    }

    /** The relay settings {@code variables} give, and what is wrong with them (pure but for reading the named files). */
    static Source read(Map<String, String> variables, EnvironmentVariableNames names) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> setBy = new LinkedHashMap<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (!EnvironmentVariableNames.concerns(variable.getKey())) {
                continue;
            }
            EnvironmentVariableNames.Reading reading = names.read(variable.getKey());
            if (reading instanceof EnvironmentVariableNames.Unknown unknown) {
                problems.add(describe(unknown));
            } else if (reading instanceof EnvironmentVariableNames.Ambiguous ambiguous) {
                problems.add(describe(ambiguous));
            } else if (reading instanceof EnvironmentVariableNames.Setting setting) {
                String other = setBy.putIfAbsent(setting.name(), setting.variable());
                if (other != null) {
                    problems.add(other + " and " + setting.variable() + " both set " + setting.name() + ": keep one");
                    continue;
                }
                if (setting.fromFile()) {
                    Path file;
                    try {
                        file = Path.of(variable.getValue());
                        FileContent content = new FileContent(readSecret(file));
                        values.put(setting.name(), content);
                        // Also by the variable's own name, for a placeholder that reads it:
                        // ${RELAY_DB_PASSWORD:} (the postgres profile), ${RELAY_ADMIN_TOKEN} (the README's yml).
                        values.put(
                                setting.variable()
                                        .substring(
                                                0,
                                                setting.variable().length()
                                                        - EnvironmentVariableNames.FILE_SUFFIX.length()),
                                content);
                    } catch (IOException | InvalidPathException | SecurityException e) {
                        problems.add(setting.variable() + " names the file " + variable.getValue()
                                + ", which cannot be read for " + setting.name() + ": " + reason(e));
                        continue;
                    }
                    origins.put(setting.name(), new VariableOrigin(setting.variable(), file));
                } else {
                    values.put(setting.name(), variable.getValue());
                    origins.put(setting.name(), new VariableOrigin(setting.variable(), null));
                }
            }
        }
        return new Source(values, origins, problems);
    }

    private static String describe(EnvironmentVariableNames.Unknown unknown) {
        return "Unknown environment variable " + unknown.variable()
                + unknown.nearest()
                        .map(n -> ": did you mean " + n.variable() + " (" + n.setting() + ")?")
                        .orElse(": no setting of the relay has a name like it (variables starting with "
                                + EnvironmentVariableNames.PREFIX + " are the relay's settings)");
    }

    private static String describe(EnvironmentVariableNames.Ambiguous ambiguous) {
        return "Environment variable " + ambiguous.variable() + " could mean "
                + String.join(" or ", ambiguous.settings())
                + (ambiguous.unambiguous().isEmpty()
                        ? ": set the one meant on the command line (--"
                                + ambiguous.settings().get(0) + "=…)"
                        : ": write " + String.join(" or ", ambiguous.unambiguous())
                                + " (Spring Boot's form, a dash left out) for the one meant");
    }

    private static String reason(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    /** A secret file's content, without the line end(s) an editor or {@code echo} leaves at its end. */
    static String readSecret(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES + " bytes: not a secret file");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * A value read from a file. Not a {@code String}, so that binding does not read {@code ${…}} in it as
     * a placeholder (a secret is bound as written, as Spring's own {@code configtree:} values are).
     */
    record FileContent(String text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Where a setting came from, as a failure message shows it. */
    record VariableOrigin(String variable, Path file) implements Origin {
        @Override
        public String toString() {
            return file == null ? "environment variable " + variable : "file " + file + " of " + variable;
        }
    }

    /** The environment's relay settings, by their own names; the variables that could not be read, as problems. */
    public static final class Source extends MapPropertySource implements OriginLookup<String> {

        private final Map<String, Origin> origins;
        private final List<String> problems;

        Source(Map<String, Object> values, Map<String, Origin> origins, List<String> problems) {
            super(SOURCE_NAME, Map.copyOf(values));
            this.origins = Map.copyOf(origins);
            this.problems = List.copyOf(problems);
        }

        @Override
        public Origin getOrigin(String name) {
            return origins.get(name);
        }

        /** What is wrong with the environment's relay variables, one sentence each, naming the variable. */
        public List<String> problems() {
            return problems;
        }
    }
}
