package org.opensirelay.settings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
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
            iterable.stream()
                    .filter(name -> !name.isEmpty()
                            && "relay".equals(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM)))
                    .filter(name -> seen.add(name.toString()))
                    .forEach(name -> KnownSettings.check(name.toString())
                            .ifPresent(u -> unknown.add(describe(u, source.getConfigurationProperty(name)))));
        }
        if (!unknown.isEmpty()) {
            throw new InvalidSettingsException(
                    unknown,
                    "Correct the setting" + (unknown.size() > 1 ? "s" : "")
                            + " above; every setting is listed in the README, 'Configuration'.");
        }
        checkPort(environment);
        checkDataDirectory(environment);
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
        String origin = property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
        return "Unknown setting " + unknown.name() + origin
                + unknown.nearest()
                        .map(n -> ": did you mean " + n + "?")
                        .orElse(": no setting of the relay has a name like it");
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
