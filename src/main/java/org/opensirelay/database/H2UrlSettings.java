package org.opensirelay.database;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Adds to an H2 file URL the settings the relay needs and the URL does not choose itself. The
 * default URL has them; an operator who writes an H2 URL of their own (to put the file elsewhere, to
 * add an H2 option) would otherwise lose them without a word:
 * <ul>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the relay closes the database itself once everything using it
 * has stopped; H2's own shutdown hook would close it under requests and deliveries still
 * finishing.</li>
 * <li>{@code AUTO_COMPACT_FILL_RATE=50} (H2's is 90): at 90 the background compaction rewrites
 * chunks that are still 90 % live and takes the CPU the writer needs, which tripled the p99 of
 * 100-item envelopes on a grown database (docs/benchmarks.md, "H2's background compaction and the
 * tail"). H2 reads it only from the URL, when it opens the file, so it cannot be set afterwards as
 * {@code WRITE_DELAY} is ({@code H2Durability}).</li>
 * </ul>
 * A URL that names a setting keeps its own value. Applied to the pool before it opens its first
 * connection (Flyway, Quartz and the relay share that pool), after Spring Boot has bound
 * {@code spring.datasource.*} to it.
 */
final class H2UrlSettings implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2UrlSettings.class);

    static final List<String> SETTINGS = List.of("DB_CLOSE_ON_EXIT=FALSE", "AUTO_COMPACT_FILL_RATE=50");

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            completed(pool.getJdbcUrl()).ifPresent(url -> {
                // The additions only: a URL may carry a password.
                log.info(
                        "spring.datasource.url is an H2 file URL without {}: the relay adds it",
                        url.substring(pool.getJdbcUrl().length()).replaceFirst("^;", ""));
                pool.setJdbcUrl(url);
            });
        }
        return bean;
    }

    /** {@code url} with the relay's settings it does not choose, when it is an H2 file URL lacking any. */
    static Optional<String> completed(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return Optional.empty();
        }
        String chosen = url.toUpperCase(Locale.ROOT).replace(" ", "");
        StringBuilder completed = new StringBuilder(url);
        for (String setting : SETTINGS) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            if (!chosen.contains(";" + name)) {
                completed
                        .append(completed.charAt(completed.length() - 1) == ';' ? "" : ";")
                        .append(setting);
            }
        }
        return completed.length() == url.length() ? Optional.empty() : Optional.of(completed.toString());
    }
}
