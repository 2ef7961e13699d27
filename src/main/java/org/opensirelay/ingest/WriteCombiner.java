package org.opensirelay.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-combining: one writer thread stores the requests that arrive together in one transaction
 * and makes them durable with one write, then answers each.
 * <p>
 * With a transaction and a durable write per request, concurrent requests queue behind each other's
 * commits and the shared checkpoint, and each pays them in full. Here, while the writer commits one
 * batch, the next requests gather in the queue and go into the following batch together: the more
 * requests arrive at once, the fewer writes per request, with no added wait when they do not (a lone
 * request is written as soon as it arrives). Nothing is answered before its batch is in the file.
 * <p>
 * When a combined batch fails, each of its requests is stored again on its own, so that one bad
 * request fails alone and the others are answered as if they had come one by one.
 *
 * @param <R> a request
 * @param <A> its answer
 */
final class WriteCombiner<R, A> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteCombiner.class);

    /** Writes a batch (several requests, in arrival order) and answers each, in the same order; all or nothing. */
    interface BatchWriter<R, A> {
        List<A> write(List<R> batch);
    }

    private record Pending<R, A>(R request, int size, CompletableFuture<A> answer) {}

    private final BlockingQueue<Pending<R, A>> queue = new LinkedBlockingQueue<>();
    private final BatchWriter<R, A> writer;
    private final Function<R, Integer> sizeOf;
    private final int maxBatchSize;
    private final List<Thread> threads = new ArrayList<>();
    /** Items waiting in the queue; the extra writers start a batch only while this many or more wait. */
    private final AtomicInteger queuedItems = new AtomicInteger();

    private final int extraWriterThreshold;
    private volatile boolean running = true;

    /**
     * @param sizeOf       the number of items of a request
     * @param maxBatchSize items per combined batch at most (a single larger request still goes alone)
     * @param writers      writer threads taking batches from the one queue: 1 where the database has
     *                     one writer anyway (H2), more where it runs transactions side by side
     *                     (PostgreSQL: while one batch commits, the next is being written)
     * @param extraWriterThreshold items that must be waiting before a writer other than the first
     *                     starts a batch: small requests are best combined by one writer (fewer
     *                     commits), a backlog of big ones is written side by side
     */
    WriteCombiner(
            String name,
            BatchWriter<R, A> writer,
            Function<R, Integer> sizeOf,
            int maxBatchSize,
            int writers,
            int extraWriterThreshold) {
        this.writer = writer;
        this.sizeOf = sizeOf;
        this.maxBatchSize = maxBatchSize;
        this.extraWriterThreshold = Math.max(1, extraWriterThreshold);
        for (int i = 0; i < Math.max(1, writers); i++) {
            boolean first = i == 0;
            Thread thread = new Thread(() -> run(first), writers == 1 ? name : name + "-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    WriteCombiner(String name, BatchWriter<R, A> writer, Function<R, Integer> sizeOf, int maxBatchSize) {
        this(name, writer, sizeOf, maxBatchSize, 1, 1);
    }

    /** Writes the request with whatever arrives with it and returns its answer once it is durable. */
    A write(R request) {
        if (!running) {
            throw new IllegalStateException("the relay is shutting down: nothing was stored");
        }
        CompletableFuture<A> answer = new CompletableFuture<>();
        Pending<R, A> pending = new Pending<>(request, sizeOf.apply(request), answer);
        queuedItems.addAndGet(pending.size());
        queue.add(pending);
        if (threads.stream().noneMatch(Thread::isAlive) && queue.remove(pending)) {
            // Closed between the check and the queueing: no writer will take it.
            throw new IllegalStateException("the relay is shutting down: nothing was stored");
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Requests waiting for the writer. */
    int queued() {
        return queue.size();
    }

    private void run(boolean firstWriter) {
        Pending<R, A> carried = null;
        while (running || carried != null || !queue.isEmpty()) {
            try {
                if (!firstWriter && carried == null && queuedItems.get() < extraWriterThreshold) {
                    // Not enough waiting to be worth a transaction of its own: the first writer takes it.
                    Thread.sleep(1);
                    continue;
                }
                Pending<R, A> first = carried != null ? carried : taken(queue.poll(100, TimeUnit.MILLISECONDS));
                carried = null;
                if (first == null) {
                    continue;
                }
                List<Pending<R, A>> batch = new ArrayList<>();
                batch.add(first);
                int size = first.size();
                Pending<R, A> next;
                while ((next = taken(queue.poll())) != null) {
                    if (size + next.size() > maxBatchSize) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    size += next.size();
                }
                writeBatch(batch);
            } catch (InterruptedException e) {
                // Nothing interrupts this thread on purpose; close() ends the loop through running,
                // once the queue is empty. Keep writing what is queued.
            }
        }
    }

    private Pending<R, A> taken(Pending<R, A> pending) {
        if (pending != null) {
            queuedItems.addAndGet(-pending.size());
        }
        return pending;
    }

    private void writeBatch(List<Pending<R, A>> batch) {
        try {
            List<A> answers = writer.write(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(answers.get(i));
            }
        } catch (Throwable combined) {
            if (batch.size() == 1) {
                batch.get(0).answer().completeExceptionally(combined);
                return;
            }
            log.debug("A combined write of {} requests failed; storing each on its own", batch.size(), combined);
            for (Pending<R, A> pending : batch) {
                try {
                    pending.answer()
                            .complete(writer.write(List.of(pending.request())).get(0));
                } catch (Throwable alone) {
                    pending.answer().completeExceptionally(alone);
                }
            }
        }
    }

    /** Writes what is already queued, then stops; later requests are refused (nothing stored). */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Pending<R, A> left;
        while ((left = queue.poll()) != null) {
            left.answer()
                    .completeExceptionally(new IllegalStateException("the relay is shutting down: nothing was stored"));
        }
    }
}
