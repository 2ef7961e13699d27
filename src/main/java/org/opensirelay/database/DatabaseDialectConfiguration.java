package org.opensirelay.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database's dialect as a bean, found out once at start from the driver's product name. */
@Configuration(proxyBeanMethods = false)
class DatabaseDialectConfiguration {

    /** Static: a post-processor is made before the other beans, without this configuration's instance. */
    @Bean
    static BeanPostProcessor h2UrlSettings() {
        return new H2UrlSettings();
    }

    @Bean
    DatabaseDialect databaseDialect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the relay is on: " + e.getMessage(), e);
        }
    }

    /** The dialect of a database by its product name; the relay's statements are written for these two only. */
    static DatabaseDialect of(String productName) {
        return switch (productName) {
            case "H2" -> DatabaseDialect.H2;
            case "PostgreSQL" -> DatabaseDialect.POSTGRESQL;
            default ->
                throw new IllegalStateException(
                        "spring.datasource.url points at " + productName
                                + ": the relay runs on H2 (its default, embedded) or PostgreSQL, whose statements it is written and tested for");
        };
    }
}
