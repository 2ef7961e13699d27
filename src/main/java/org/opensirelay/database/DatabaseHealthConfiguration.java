package org.opensirelay.database;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness asks the database a real question. Boot's default check is the driver's
 * {@code isValid()}, which an H2 connection answers true after its database has closed: readiness
 * said UP while every call failed.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfiguration {

    /** Named as Boot's own, which it replaces (the readiness group includes "db"). */
    @Bean
    DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DataSourceHealthIndicator(dataSource, "SELECT 1");
    }
}
