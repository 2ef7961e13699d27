package org.opensirelay.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SqlTest {

    @Test
    void markersAreCommaSeparatedBindMarkers() {
        assertThat(Sql.markers(1)).isEqualTo("?");
        assertThat(Sql.markers(3)).isEqualTo("?, ?, ?");
    }

    @Test
    void anEmptyInListIsRefusedRatherThanWrittenAsInvalidSql() {
        assertThatThrownBy(() -> Sql.markers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
