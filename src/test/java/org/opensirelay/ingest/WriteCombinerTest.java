package org.opensirelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Requests that arrive while a write is under way go into the next write together, and fail alone. */
@Tag("unit")
class WriteCombinerTest {

    private final List<List<String>> writes = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    private WriteCombiner<String, String> combiner;

    /** Writes "stored:x" for each request, refuses "bad" (and so the whole batch holding it). */
    private List<String> write(List<String> batch) {
        if (writes.isEmpty()) {
            firstWriteStarted.countDown();
            await(releaseFirstWrite);
        }
        writes.add(List.copyOf(batch));
        if (batch.contains("bad")) {
            throw new IllegalArgumentException("bad request");
        }
        return batch.stream().map(r -> "stored:" + r).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        releaseFirstWrite.countDown();
        if (combiner != null) {
            combiner.close();
        }
        callers.shutdownNow();
    }

    private Future<String> submit(String request) {
        return callers.submit(() -> combiner.write(request));
    }

    /** Submits "a" and returns once its write has started: the writer holds it until {@code releaseFirstWrite}. */
    private Future<String> firstWriteHeld() {
        Future<String> first = submit("a");
        await(firstWriteStarted);
        return first;
    }

    /** Submits {@code requests} behind the held first write and returns once all of them wait in the queue. */
    private List<Future<String>> queuedBehind(String... requests) throws InterruptedException {
        List<Future<String>> futures = new ArrayList<>();
        for (String request : requests) {
            futures.add(submit(request));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (combiner.queued() < futures.size() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(combiner.queued()).isEqualTo(futures.size());
        assertThat(futures).noneMatch(Future::isDone);
        return futures;
    }

    @Test
    void requestsArrivingDuringAWriteShareTheNextOne() throws Exception {
        combiner = new WriteCombiner<>("test-writer", this::write, r -> 1, 100);
        Future<String> first = firstWriteHeld();
        List<Future<String>> waiting = queuedBehind("b", "c", "d", "e");
        releaseFirstWrite.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored:a");
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get(5, TimeUnit.SECONDS))
                    .isEqualTo("stored:" + List.of("b", "c", "d", "e").get(i));
        }
        assertThat(writes).hasSize(2);
        assertThat(writes.get(1)).containsExactlyInAnyOrder("b", "c", "d", "e");
    }

    @Test
    void withSeveralWritersAWriteUnderWayDoesNotHoldTheNextOne() throws Exception {
        // Only the write holding "a" waits for the release.
        combiner = new WriteCombiner<>(
                "test-writer",
                batch -> {
                    if (batch.contains("a")) {
                        firstWriteStarted.countDown();
                        await(releaseFirstWrite);
                    }
                    return batch.stream().map(r -> "stored:" + r).toList();
                },
                r -> 1,
                100,
                2,
                1);
        Future<String> first = submit("a");
        await(firstWriteStarted);

        // The first writer is held inside its write; the second one takes the next request meanwhile.
        assertThat(submit("b").get(5, TimeUnit.SECONDS)).isEqualTo("stored:b");
        assertThat(first).isNotDone();
        releaseFirstWrite.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored:a");
    }

    @Test
    void aSecondWriterLeavesSmallRequestsToTheFirst() throws Exception {
        combiner = new WriteCombiner<>("test-writer", this::write, r -> 1, 100, 2, 10);
        Future<String> first = firstWriteHeld();
        List<Future<String>> waiting = queuedBehind("b", "c");

        // Two items wait, fewer than ten: the second writer leaves them to be combined by the first.
        Thread.sleep(50);
        assertThat(waiting).noneMatch(Future::isDone);
        releaseFirstWrite.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored:a");
        assertThat(waiting.get(1).get(5, TimeUnit.SECONDS)).isEqualTo("stored:c");
        assertThat(writes).hasSize(2);
        assertThat(writes.get(1)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aBatchHoldsAtMostTheMaximumItems() throws Exception {
        combiner = new WriteCombiner<>("test-writer", this::write, r -> 10, 20);
        Future<String> first = firstWriteHeld();
        List<Future<String>> waiting = queuedBehind("b", "c", "d", "e", "f");
        releaseFirstWrite.countDown();
        first.get(5, TimeUnit.SECONDS);
        for (Future<String> f : waiting) {
            f.get(5, TimeUnit.SECONDS);
        }
        // 5 requests of 10 items with at most 20 per write: 2 + 2 + 1 after the first.
        assertThat(writes.subList(1, writes.size())).extracting(List::size).containsExactly(2, 2, 1);
    }

    @Test
    void aFailingRequestFailsAloneAndTheOthersAreStored() throws Exception {
        combiner = new WriteCombiner<>("test-writer", this::write, r -> 1, 100);
        Future<String> first = firstWriteHeld();
        List<Future<String>> queued = queuedBehind("b", "bad", "c");
        Future<String> before = queued.get(0);
        Future<String> bad = queued.get(1);
        Future<String> after = queued.get(2);
        releaseFirstWrite.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored:a");
        assertThat(before.get(5, TimeUnit.SECONDS)).isEqualTo("stored:b");
        assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("stored:c");
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad request");
        // The combined write failed as a whole (nothing of it kept), then each request alone.
        assertThat(writes.get(1)).hasSize(3).contains("bad");
        assertThat(writes.subList(2, writes.size())).extracting(List::size).containsOnly(1);
    }

    @Test
    void closingWritesWhatIsQueuedThenRefuses() throws Exception {
        combiner = new WriteCombiner<>("test-writer", this::write, r -> 1, 100);
        Future<String> first = firstWriteHeld();
        Future<String> queued = queuedBehind("b").get(0);
        Thread closer = new Thread(combiner::close);
        closer.start();
        releaseFirstWrite.countDown();
        closer.join(5_000);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored:a");
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("stored:b");
        assertThatThrownBy(() -> combiner.write("late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing was stored");
    }
}
