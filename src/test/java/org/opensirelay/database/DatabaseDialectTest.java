package org.opensirelay.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DatabaseDialectTest {

    @Test
    void theDriverNameChoosesTheDialectOnce() {
        assertThat(DatabaseDialectConfiguration.of("H2")).isSameAs(DatabaseDialect.H2);
        assertThat(DatabaseDialectConfiguration.of("PostgreSQL")).isSameAs(DatabaseDialect.POSTGRESQL);
    }

    @Test
    void anotherDatabaseStopsTheStartNamingTheSettingAndTheDatabasesThereAre() {
        assertThatThrownBy(() -> DatabaseDialectConfiguration.of("MySQL"))
                .hasMessageContaining("spring.datasource.url points at MySQL")
                .hasMessageContaining("H2")
                .hasMessageContaining("PostgreSQL");
    }

    @Test
    void statementsWrittenPerDatabaseArePickedByTheDialect() {
        assertThat(DatabaseDialect.H2.choose("h2 form", "postgresql form")).isEqualTo("h2 form");
        assertThat(DatabaseDialect.POSTGRESQL.choose("h2 form", "postgresql form"))
                .isEqualTo("postgresql form");
    }

    @Test
    void onlyAServerDatabaseTakesMoreThanOneWriter() {
        assertThat(DatabaseDialect.H2.usefulWriters(4)).isEqualTo(1);
        assertThat(DatabaseDialect.POSTGRESQL.usefulWriters(4)).isEqualTo(4);
    }
}
