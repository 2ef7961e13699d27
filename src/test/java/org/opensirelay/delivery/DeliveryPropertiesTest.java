package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.database.DatabaseDialect;

@Tag("unit")
class DeliveryPropertiesTest {

    private static DeliveryProperties concurrentBatches(Integer batches) {
        return new DeliveryProperties(
                100,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                50,
                Duration.ofDays(7),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                batches);
    }

    @Test
    void unsetTwoBatchesAreInFlightOnPostgresqlAndOneOnH2() {
        assertThat(concurrentBatches(null).concurrentBatchesOn(DatabaseDialect.POSTGRESQL))
                .isEqualTo(2);
        assertThat(concurrentBatches(null).concurrentBatchesOn(DatabaseDialect.H2))
                .isEqualTo(1);
    }

    @Test
    void anOperatorsSettingWinsOnEitherDatabase() {
        assertThat(concurrentBatches(1).concurrentBatchesOn(DatabaseDialect.POSTGRESQL))
                .isEqualTo(1);
        assertThat(concurrentBatches(3).concurrentBatchesOn(DatabaseDialect.H2)).isEqualTo(3);
    }

    @Test
    void aSettingOutsideOneToEightIsRefusedByName() {
        assertThatThrownBy(() -> concurrentBatches(0))
                .hasMessageContaining("relay.delivery.concurrent-batches must be between 1 and 8");
        assertThatThrownBy(() -> concurrentBatches(9))
                .hasMessageContaining("relay.delivery.concurrent-batches must be between 1 and 8");
    }
}
