package org.opensirelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OutboxStatusTest {

    @Test
    void aStatusIsNamedInAnyLetterCase() {
        assertThat(OutboxStatus.parse("dead")).contains(OutboxStatus.DEAD);
        assertThat(OutboxStatus.parse(" Pending ")).contains(OutboxStatus.PENDING);
        assertThat(OutboxStatus.parse("DELIVERED")).contains(OutboxStatus.DELIVERED);
    }

    @Test
    void anythingElseIsNoStatus() {
        assertThat(OutboxStatus.parse("gone")).isEmpty();
        assertThat(OutboxStatus.parse("")).isEmpty();
        assertThat(OutboxStatus.parse(null)).isEmpty();
    }
}
