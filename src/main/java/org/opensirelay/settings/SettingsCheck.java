package org.opensirelay.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checked before anything starts (as soon as the settings are read, before the database is
 * touched): every {@code relay.*} setting is one the relay knows (a typo would otherwise be ignored
 * in silence: items kept and never delivered), and the data directory of the embedded database can
 * be written. A problem stops the start with a short paragraph (registered in META-INF/spring.factories).
 */
public class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    static void check(ConfigurableEnvironment environment) {
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(name -> !name.isEmpty() && "relay".equals(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM)))
                    .filter(name -> seen.add(name.toString()))
                    .forEach(name -> KnownSettings.check(name.toString()).ifPresent(u -> unknown.add(describe(u, source.getConfigurationProperty(name)))));
        }
        if (!unknown.isEmpty()) {
            throw new InvalidSettingsException(unknown, "Correct the setting" + (unknown.size() > 1 ? "s" : "")
                    + " above; every setting is listed in the README, 'Configuration'.");
        }
        checkDataDirectory(environment);
    }

    private static String describe(KnownSettings.Unknown unknown, ConfigurationProperty property) {
        String origin = property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
        return "Unknown setting " + unknown.name() + origin
                + unknown.nearest().map(n -> ": did you mean " + n + "?").orElse(": no setting of the relay has a name like it");
    }

    /** With the embedded database in relay.data-dir, that directory must exist or be creatable, and be writable. */
    private static void checkDataDirectory(ConfigurableEnvironment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        String dataDir = environment.getProperty("relay.data-dir", "./data");
        if (!url.startsWith("jdbc:h2:file:")) {
            return;
        }
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        Optional<String> problem = Optional.empty();
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            problem = Optional.of("relay.data-dir " + directory + " cannot be used for the database: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        if (problem.isPresent()) {
            throw new InvalidSettingsException(List.of(problem.get()),
                    "Give --relay.data-dir a directory this user can create and write (default ./data), or use PostgreSQL.");
        }
    }
}
