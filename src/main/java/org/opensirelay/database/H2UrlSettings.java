package org.opensirelay.database;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Completes an H2 file URL with what the relay needs and the URL does not say. The default URL has
 * it all; an operator who writes an H2 URL or a data directory of their own would otherwise lose it
 * without a word:
 * <ul>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the relay closes the database itself once everything using it
 * has stopped; H2's own shutdown hook would close it under requests and deliveries still
 * finishing.</li>
 * <li>{@code AUTO_COMPACT_FILL_RATE=50} (H2's is 90): at 90 the background compaction rewrites
 * chunks that are still 90 % live and takes the CPU the writer needs, which tripled the p99 of
 * 100-item envelopes on a grown database (docs/benchmarks.md, "H2's background compaction and the
 * tail"). H2 reads it only from the URL, when it opens the file, so it cannot be set afterwards as
 * {@code WRITE_DELAY} is ({@code H2Durability}).</li>
 * <li>A file path relative to the working directory without {@code ./} ({@code RELAY_DATA_DIR=data},
 * as operators write it) is read as {@code ./data}: H2 refuses such a path ("implicitly relative",
 * error 90011), and the relay did not start, with a stack of bean errors.</li>
 * </ul>
 * A URL that names a setting keeps its own value. Applied to the pool before it opens its first
 * connection (Flyway, Quartz and the relay share that pool), after Spring Boot has bound
 * {@code spring.datasource.*} to it.
 */
final class H2UrlSettings implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2UrlSettings.class);

    private static final List<String> SETTINGS = List.of("DB_CLOSE_ON_EXIT=FALSE", "AUTO_COMPACT_FILL_RATE=50");

    private static final String FILE = "jdbc:h2:file:";

    /** An H2 file URL completed: the URL to use, whether its path was made explicit, the settings added. */
    private record Completion(String url, boolean madeExplicit, List<String> added) {}

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            completion(pool.getJdbcUrl()).ifPresent(completion -> {
                // What changed, never the whole URL: it may carry a password.
                log.info(
                        "spring.datasource.url is an H2 file URL{}{}",
                        completion.madeExplicit() ? " whose path is relative: read from ./" : "",
                        completion.added().isEmpty() ? "" : "; the relay adds " + String.join(";", completion.added()));
                pool.setJdbcUrl(completion.url());
            });
        }
        return bean;
    }

    /** {@code url} completed, when it is an H2 file URL that needs it. */
    static Optional<String> completed(String url) {
        return completion(url).map(Completion::url);
    }

    private static Optional<Completion> completion(String url) {
        if (!url.startsWith(FILE)) {
            return Optional.empty();
        }
        boolean relative = implicitlyRelative(path(url));
        List<String> missing = missing(url);
        if (!relative && missing.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder completed = new StringBuilder(url);
        if (relative) {
            completed.insert(FILE.length(), "./");
        }
        for (String setting : missing) {
            completed
                    .append(completed.charAt(completed.length() - 1) == ';' ? "" : ";")
                    .append(setting);
        }
        return Optional.of(new Completion(completed.toString(), relative, missing));
    }

    /** The relay's settings {@code url} does not name (in any case). */
    private static List<String> missing(String url) {
        String named = url.toUpperCase(Locale.ROOT).replace(" ", "");
        return SETTINGS.stream()
                .filter(setting -> !named.contains(";" + setting.substring(0, setting.indexOf('=') + 1)))
                .toList();
    }

    private static String path(String url) {
        return url.substring(FILE.length()).split(";", 2)[0];
    }

    /** H2's rule for error 90011: not absolute, not from the home directory, no "./" in it. */
    private static boolean implicitlyRelative(String path) {
        return !path.isEmpty()
                && !path.startsWith("/")
                && !path.startsWith("\\")
                && !path.startsWith("~")
                && !path.contains("./")
                && !path.contains(".\\")
                && !path.contains(":/")
                && !path.contains(":\\");
    }
}
