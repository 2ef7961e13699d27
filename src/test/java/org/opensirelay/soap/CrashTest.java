package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp;

/**
 * Nothing acknowledged is lost when the process dies: the relay runs in a child JVM that is killed
 * (SIGKILL, no shutdown hook, no clean close of the database) right after its last answer; every
 * item it answered 1001 for is in the database file when the relay starts again.
 */
class CrashTest {

    private static final String KEY = "8277e0910d750195b448797616e091ad";

    @Test
    void everyAcknowledgedItemSurvivesAKill(@TempDir Path dataDir) throws Exception {
        int acknowledged = 0;
        try (ChildRelay relay =
                ChildRelay.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            for (int batch = 0; batch < 20; batch++) {
                int first = batch * 10;
                Envelope envelope = Envelope.fixture("setComments-seed.xml", KEY, "CRASH")
                        .repeat(
                                10,
                                (i, item) -> Envelope.field(item, "CommentId")
                                        .setTextContent(String.valueOf(first + i + 1)));
                SoapHttp.Answer answer = relay.soap().post(envelope);
                answer.xml().nodesByXPath("//open:return[xsd:Code='1001']").hasSize(10);
                acknowledged += 10;
            }
        }
        assertThat(acknowledged).isEqualTo(200);

        try (RelayProcess restarted =
                RelayProcess.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class))
                    .isEqualTo(acknowledged);
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM outbox", Integer.class))
                    .isEqualTo(acknowledged);
        }
    }

    /**
     * Requests that arrive together share one write to the file (write-combining): killed while 8
     * senders are posting, the relay still has every item it answered 1001 for, whichever write
     * carried it.
     */
    @Test
    void everyItemAcknowledgedToConcurrentSendersSurvivesAKillInTheMiddle(@TempDir Path dataDir) throws Exception {
        KilledUnderLoad killed = killUnderLoad(dataDir, 8, 5, 1_000);

        try (RelayProcess restarted =
                RelayProcess.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            List<Integer> stored = restarted.jdbc().queryForList("SELECT comment_id FROM order_comment", Integer.class);
            assertThat(stored).containsAll(killed.acknowledged());
        }
    }

    /**
     * Write-combining: the requests that arrive together are stored in one transaction and made
     * durable with one write. Killed while 16 senders keep the writer busy with 20-item envelopes
     * (so that the kill cuts into a combined write), the restarted relay has every acknowledged
     * item, no request in part (a combined write is all or nothing for each of its requests), and an
     * outbox row for each stored item.
     */
    @Test
    void aCombinedWriteCutInTheMiddleLeavesNoRequestInPart(@TempDir Path dataDir) throws Exception {
        int perRequest = 20;
        KilledUnderLoad killed = killUnderLoad(dataDir, 16, perRequest, 4_000);

        try (RelayProcess restarted =
                RelayProcess.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            Set<Integer> stored =
                    Set.copyOf(restarted.jdbc().queryForList("SELECT comment_id FROM order_comment", Integer.class));
            assertThat(stored).containsAll(killed.acknowledged());
            for (int first : killed.sentFirstIds()) {
                long present = IntStream.range(first, first + perRequest)
                        .filter(stored::contains)
                        .count();
                assertThat(present)
                        .as("items stored of the request from CommentId %d", first)
                        .isIn(0L, (long) perRequest);
            }
            assertThat(restarted
                            .jdbc()
                            .queryForObject(
                                    "SELECT COUNT(*) FROM outbox o JOIN order_comment c"
                                            + " ON c.website_id = o.website_id AND CAST(c.comment_id AS VARCHAR(20)) = o.item_key",
                                    Integer.class))
                    .as("one outbox row per stored item")
                    .isEqualTo(stored.size());
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM outbox", Integer.class))
                    .isEqualTo(stored.size());
        }
    }

    /**
     * What was sent before the kill: the items answered 1001 (every answer that reached a sender was
     * sent before the kill), and the first CommentId of every request sent, answered or not.
     */
    private record KilledUnderLoad(List<Integer> acknowledged, Set<Integer> sentFirstIds) {}

    /**
     * Starts a relay, has {@code senders} threads post envelopes of {@code perRequest} new comments
     * (consecutive CommentIds per request) until {@code killAfter} items are acknowledged, then kills
     * it with SIGKILL. Before the kill every answer must be a full acknowledgement.
     */
    private static KilledUnderLoad killUnderLoad(Path dataDir, int senders, int perRequest, int killAfter)
            throws Exception {
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Integer> sentFirstIds = ConcurrentHashMap.newKeySet();
        AtomicInteger nextId = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> running = new ArrayList<>();
        try (ChildRelay relay =
                ChildRelay.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            for (int sender = 0; sender < senders; sender++) {
                running.add(pool.submit(() -> {
                    while (relay.isAlive()) {
                        int first = nextId.getAndAdd(perRequest) + 1;
                        Envelope envelope = Envelope.fixture("setComments-seed.xml", KEY, "CRASH")
                                .repeat(
                                        perRequest,
                                        (i, item) -> Envelope.field(item, "CommentId")
                                                .setTextContent(String.valueOf(first + i)));
                        sentFirstIds.add(first);
                        SoapHttp.Answer answer;
                        try {
                            answer = relay.soap().post(envelope);
                        } catch (RuntimeException connectionLostToTheKill) {
                            return;
                        }
                        // Before the kill every answer is a full acknowledgement; anything else fails the test.
                        assertThat(answer.status()).as("answer to a sender").isEqualTo(200);
                        answer.xml()
                                .nodesByXPath("//open:return[xsd:Code='1001']")
                                .hasSize(perRequest);
                        for (int i = 0; i < perRequest; i++) {
                            acknowledged.add(first + i);
                        }
                    }
                }));
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (acknowledged.size() < killAfter) {
                assertThat(Instant.now())
                        .as("%,d items acknowledged within 60 s (%d so far)", killAfter, acknowledged.size())
                        .isBefore(deadline);
                assertThat(running).as("senders still sending").noneMatch(Future::isDone);
                Thread.sleep(5);
            }
            relay.kill();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS))
                    .as("senders stopped")
                    .isTrue();
        }
        for (Future<?> sender : running) {
            // A sender's assertion error surfaces here, not lost in its future.
            sender.get();
        }
        return new KilledUnderLoad(List.copyOf(acknowledged), Set.copyOf(sentFirstIds));
    }
}
