package org.opensirelay.database;

import java.io.File;
import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.application.DiskSpaceHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * What readiness asks of the storage: that the node can take a request and keep it. The database
 * answers a real question (Boot's default check is the driver's {@code isValid()}, which an H2
 * connection answers true after its database has closed: readiness said UP while every call
 * failed), and there is room where the relay writes.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfiguration {

    /** Named as Boot's own, which it replaces (the readiness group includes "db"). */
    @Bean
    DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DataSourceHealthIndicator(dataSource, "SELECT 1");
    }

    /**
     * Named as Boot's own, which it replaces (the readiness group includes "diskSpace"). Room is
     * checked where the relay writes: the embedded database's directory. On PostgreSQL the relay
     * writes nothing locally (its data and its backups are the database server's) and does not make
     * the data directory, whose absence read as "Available: 0 bytes" and kept such a node out of
     * every load balancer.
     */
    @Bean
    HealthIndicator diskSpaceHealthIndicator(
            DatabaseDialect database,
            @Value("${management.health.diskspace.path:${relay.data-dir:./data}}") File dataDirectory,
            @Value("${management.health.diskspace.threshold:16MB}") DataSize threshold) {
        if (database.embedded()) {
            return new DiskSpaceHealthIndicator(dataDirectory, threshold);
        }
        Health nothingWrittenHere = Health.up().build();
        return () -> nothingWrittenHere;
    }
}
