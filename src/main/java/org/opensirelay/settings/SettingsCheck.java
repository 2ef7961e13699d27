package org.opensirelay.settings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.PlaceholderResolutionException;

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
        List<String> unknown =
                new ArrayList<>(EnvironmentSettings.sourceOf(environment).problems());
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            // The environment's relay variables are judged by their own rule (EnvironmentSettings), not
            // by the names Spring Boot reads into them (RELAY_DATA_DIR as relay.data.dir).
            if (!(source instanceof IterableConfigurationPropertySource iterable) || isEnvironment(source)) {
                continue;
            }
            iterable.stream()
                    .filter(name -> !name.isEmpty()
                            && "relay".equals(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM)))
                    .filter(name -> seen.add(name.toString()))
                    .forEach(name -> KnownSettings.check(name.toString())
                            .ifPresent(u -> unknown.add(describe(u, source.getConfigurationProperty(name)))));
        }
        List<String> unresolved = unresolvedPlaceholders(environment);
        if (!unknown.isEmpty() || !unresolved.isEmpty()) {
            List<String> problems = new ArrayList<>(unknown);
            problems.addAll(unresolved);
            List<String> actions = new ArrayList<>();
            if (!unknown.isEmpty()) {
                actions.add("Correct the setting" + (unknown.size() > 1 ? "s" : "")
                        + " above; every setting is listed in docs/configuration.md with its environment"
                        + " variable.");
            }
            if (!unresolved.isEmpty()) {
                actions.add("Set what each placeholder above names (an environment variable, or its _FILE"
                        + " form for a RELAY_ variable), give the setting a value, or a default: ${NAME:default}.");
            }
            throw new InvalidSettingsException(problems, String.join(" ", actions));
        }
        checkPort(environment);
        checkDataDirectory(environment);
    }

    /** The system environment as Spring Boot reads it, or the relay's reading of it. */
    private static boolean isEnvironment(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return underlying instanceof PropertySource<?> propertySource
                && (StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(propertySource.getName())
                        || EnvironmentSettings.SOURCE_NAME.equals(propertySource.getName()));
    }

    /**
     * Every relay setting (and the database's) whose value still holds a {@code ${…}} nothing resolves:
     * Spring Boot would bind the text itself ({@code ${RELAY_ADMIN_TOKEN}} as the admin token, open to
     * whoever reads the README). Only the value that is used counts (the first property source that has
     * the setting); the value itself is never shown, only the placeholder's name.
     */
    private static List<String> unresolvedPlaceholders(ConfigurableEnvironment environment) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean systemEnvironment = source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                    && StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
            iterable.stream()
                    .filter(SettingsCheck::isCheckedForPlaceholders)
                    // The relay's variables are in EnvironmentSettings' source, by their own names.
                    .filter(name -> !(systemEnvironment && isRelay(name)))
                    .filter(name -> seen.add(name.toString()))
                    .forEach(name -> {
                        ConfigurationProperty property = source.getConfigurationProperty(name);
                        if (property != null && property.getValue() instanceof String text && text.contains("${")) {
                            unresolved(environment, text)
                                    .ifPresent(placeholder -> problems.add(name
                                            + origin(property) + " holds the placeholder ${" + placeholder
                                            + "}, and nothing sets " + placeholder
                                            + ": the relay would take the text itself as the value"));
                        }
                    });
        }
        return problems;
    }

    private static boolean isRelay(ConfigurationPropertyName name) {
        return !name.isEmpty() && "relay".equals(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM));
    }

    private static boolean isCheckedForPlaceholders(ConfigurationPropertyName name) {
        return isRelay(name)
                || (name.getNumberOfElements() > 1
                        && "spring".equals(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM))
                        && "datasource".equals(name.getElement(1, ConfigurationPropertyName.Form.UNIFORM)));
    }

    /** The first placeholder in {@code text} that nothing resolves, if any. */
    private static Optional<String> unresolved(ConfigurableEnvironment environment, String text) {
        try {
            environment.resolveRequiredPlaceholders(text);
            return Optional.empty();
        } catch (PlaceholderResolutionException e) {
            return Optional.of(e.getPlaceholder());
        } catch (IllegalArgumentException e) {
            // A placeholder that resolves to itself, or one left open: not a value either.
            String name = text.substring(text.indexOf("${") + 2).replaceAll("[}:].*", "");
            return Optional.of(name.length() > 64 ? name.substring(0, 64) + "…" : name);
        }
    }

    private static String origin(ConfigurationProperty property) {
        return property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
    }

    /**
     * The HTTP port must be free: found taken this early, nothing is written yet (no data directory,
     * no database, no demo key), and the message says what to do. A port taken in the moments between
     * this check and the server's start still gets Spring Boot's own message.
     */
    private static void checkPort(ConfigurableEnvironment environment) {
        Integer port;
        try {
            port = environment.getProperty("server.port", Integer.class, 8080);
        } catch (RuntimeException notANumber) {
            return;
        }
        if (port == null || port <= 0) {
            return;
        }
        String address = environment.getProperty("server.address");
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(
                    address == null || address.isBlank()
                            ? new InetSocketAddress(port)
                            : new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new InvalidSettingsException(
                    List.of("server.port " + port + " is taken: another program listens on it (" + e.getMessage()
                            + "); nothing was written"),
                    "Stop the program that listens on port " + port
                            + ", or start the relay on another port: --server.port=9090 (or SERVER_PORT=9090).");
        }
    }

    /**
     * The database holds every item, and the demo's secrets sit beside it: a directory the relay
     * creates is its owner's alone (rwx------), and the database files and secret files in it are
     * made owner-only at every start (an existing directory an operator set up keeps its mode).
     */
    private static void ownerOnly(Path directory, boolean created) throws IOException {
        if (created) {
            OwnerOnly.directory(directory);
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(SettingsCheck::isRelayFile)
                    .toList()) {
                OwnerOnly.file(file);
            }
        }
    }

    private static boolean isRelayFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".mv.db")
                || name.endsWith(".trace.db")
                || name.endsWith(".key")
                || name.endsWith(".token");
    }

    private static String describe(KnownSettings.Unknown unknown, ConfigurationProperty property) {
        return "Unknown setting " + unknown.name() + origin(property)
                + unknown.nearest()
                        .map(n -> ": did you mean " + n + "?")
                        .orElse(": no setting of the relay has a name like it");
    }

    /**
     * The files H2 writes for the database of {@code url} ({@code jdbc:h2:file:<path>;<options>}): the
     * database, {@code <path>.mv.db}, and the trace of its errors, {@code <path>.trace.db}.
     */
    static List<Path> h2Files(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return List.of();
        }
        String path = url.substring("jdbc:h2:file:".length());
        int options = path.indexOf(';');
        path = options < 0 ? path : path.substring(0, options);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        try {
            return path.isBlank() ? List.of() : List.of(Path.of(path + ".mv.db"), Path.of(path + ".trace.db"));
        } catch (InvalidPathException e) {
            return List.of();
        }
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
            boolean created = !Files.exists(directory);
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".write-check", ".tmp");
            Files.delete(probe);
            ownerOnly(directory, created);
            // H2 would create its files with the process's umask (rw-r--r--, in a world-writable volume
            // too): made empty and owner-only first, the database file is H2's new database from its
            // first byte, and the trace file (written when the database meets an error, even at a stop)
            // is appended to.
            for (Path file : h2Files(url)) {
                // A URL may put the file elsewhere than relay.data-dir: its folder is made as H2 would make it.
                Path folder = file.toAbsolutePath().getParent();
                if (folder != null && !Files.isDirectory(folder)) {
                    Files.createDirectories(folder);
                }
                OwnerOnly.createFile(file);
            }
        } catch (IOException | SecurityException e) {
            problem = Optional.of("relay.data-dir " + directory + " cannot be used for the database: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        if (problem.isPresent()) {
            throw new InvalidSettingsException(
                    List.of(problem.get()),
                    "Give --relay.data-dir a directory this user can create and write (default ./data), or use PostgreSQL.");
        }
    }
}
