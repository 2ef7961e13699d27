package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.outbox.OutboxRow;

/** What a batch's answer writes to the outbox, and how items (not rows) are counted. */
@Tag("unit")
class SettlementTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final RetryPolicy RETRY = new RetryPolicy(
            new DeliveryProperties(
                    100,
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(1),
                    Duration.ofHours(1),
                    3,
                    Duration.ofDays(7),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    1),
            RandomGenerator.of("L64X128MixRandom"));

    private static OutboxRow row(long id, String key, int version, int attempts) {
        return new OutboxRow(id, key, version, attempts, NOW.minusSeconds(60));
    }

    private static ShopBatch<String> batch(List<OutboxRow> rows, Map<String, VersionedItem<String>> current) {
        return ShopBatch.of(rows, current, Comparator.naturalOrder());
    }

    @Test
    void eachVerdictBecomesItsWriteAndItemsCountOnce() {
        // Item A has two rows (versions 1 and 2): delivered once, both rows settled, version 2 recorded.
        ShopBatch<String> batch = batch(
                List.of(row(1, "A", 1, 1), row(2, "A", 2, 1), row(3, "B", 1, 1), row(4, "C", 1, 1), row(5, "D", 1, 1)),
                Map.of(
                        "A",
                        new VersionedItem<>("a", 2),
                        "B",
                        new VersionedItem<>("b", 1),
                        "C",
                        new VersionedItem<>("c", 1),
                        "D",
                        new VersionedItem<>("d", 1)));
        Settlement settlement = Settlement.answered(
                batch,
                List.of(List.of("A"), List.of("B"), List.of("C"), List.of("D")),
                List.of(
                        new ItemAnswer("A", 1002, "Updated"), new ItemAnswer("B", 3002, "Order not found"),
                        new ItemAnswer("C", 3005, "No carrier"), new ItemAnswer("D", 2001, "Already there")),
                RETRY,
                NOW);

        // Delivered rows keep what the shop said of them: its code and its words.
        Settlement.ShopSaid updated = new Settlement.ShopSaid(1002, "Updated");
        assertThat(settlement.delivered()).containsOnlyKeys(updated, new Settlement.ShopSaid(2001, "Already there"));
        assertThat(settlement.delivered().get(updated))
                .extracting(OutboxRow::id)
                .containsExactly(1L, 2L);
        assertThat(settlement.deliveredVersions()).containsExactly(Map.entry("A", 2), Map.entry("D", 1));
        assertThat(settlement.retries()).singleElement().satisfies(r -> {
            assertThat(r.row().id()).isEqualTo(3);
            assertThat(r.code()).isEqualTo(3002);
            assertThat(r.error()).isEqualTo("3002 Order not found");
            assertThat(r.at()).isBetween(NOW.plusSeconds(30), NOW.plusSeconds(60));
        });
        assertThat(settlement.deaths()).singleElement().satisfies(d -> {
            assertThat(d.row().id()).isEqualTo(4);
            assertThat(d.error()).isEqualTo("3005 No carrier");
        });
        assertThat(List.of(settlement.deliveredItems(), settlement.retriedItems(), settlement.deadItems()))
                .containsExactly(2, 1, 1);
    }

    @Test
    void aFailureOnTheLastAllowedAttemptGivesUp() {
        ShopBatch<String> batch = batch(List.of(row(1, "A", 1, 3)), Map.of("A", new VersionedItem<>("a", 1)));
        Settlement settlement = Settlement.answered(batch, List.of(List.of("A")), List.of(), RETRY, NOW);
        assertThat(settlement.retries()).isEmpty();
        assertThat(settlement.deaths()).singleElement().satisfies(d -> {
            assertThat(d.code()).isNull();
            assertThat(d.error()).isEqualTo("gave up after 3 attempts: the shop's answer had no entry for this item");
        });
        assertThat(settlement.deadItems()).isEqualTo(1);
    }

    @Test
    void rowsWhoseItemIsGoneAreDead() {
        ShopBatch<String> batch = batch(List.of(row(1, "GONE", 1, 1)), Map.of());
        assertThat(batch.size()).isZero();
        Settlement settlement = Settlement.answered(batch, List.of(), List.of(), RETRY, NOW);
        assertThat(settlement.deaths())
                .singleElement()
                .satisfies(d -> assertThat(d.error()).isEqualTo("the item is no longer stored"));
    }

    @Test
    void anUnavailableShopRetriesEveryRowWithTheReason() {
        List<OutboxRow> rows = List.of(row(1, "A", 1, 1), row(2, "B", 1, 3));
        Settlement settlement = Settlement.unavailable(rows, "connection refused", RETRY, NOW);
        assertThat(settlement.retries()).extracting(r -> r.row().id()).containsExactly(1L);
        assertThat(settlement.deaths())
                .extracting(Settlement.Death::error)
                .containsExactly("gave up after 3 attempts: connection refused");
        assertThat(settlement.delivered()).isEmpty();
    }

    @Test
    void aBatchSendsEachItemOnceInItsOrderKeepingClaimOrderAmongEquals() {
        ShopBatch<String> batch = ShopBatch.of(
                List.of(row(1, "k3", 1, 1), row(2, "k1", 1, 1), row(3, "k2", 1, 1), row(4, "k1", 2, 1)),
                Map.of(
                        "k1",
                        new VersionedItem<>("b", 2),
                        "k2",
                        new VersionedItem<>("a", 1),
                        "k3",
                        new VersionedItem<>("b", 1)),
                Comparator.naturalOrder());
        assertThat(batch.items()).containsExactly("a", "b", "b");
        assertThat(batch.entries()).extracting(ShopBatch.Entry::key).containsExactly("k2", "k3", "k1");
        assertThat(batch.entries().get(2).rows()).extracting(OutboxRow::id).containsExactly(2L, 4L);
    }
}
