package org.opensirelay.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

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

    @Test
    void aListIsPaddedToThePowerOfTwoAboveItWithItsLastValue() {
        assertThat(Sql.paddedToPowerOfTwo(List.of("a"))).containsExactly("a");
        assertThat(Sql.paddedToPowerOfTwo(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(Sql.paddedToPowerOfTwo(List.of("a", "b", "c"))).containsExactly("a", "b", "c", "c");
        assertThat(Sql.paddedToPowerOfTwo(List.of(1, 2, 3, 4, 5))).containsExactly(1, 2, 3, 4, 5, 5, 5, 5);
    }
}
