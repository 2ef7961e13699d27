package org.opensirelay.database;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database's kind as a bean: every statement that has a form per database asks it. */
@Configuration(proxyBeanMethods = false)
class DatabaseKindConfiguration {

    @Bean
    DatabaseKind databaseKind(DataSource dataSource) {
        return DatabaseKind.of(dataSource);
    }
}
