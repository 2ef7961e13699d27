package org.opensirelay.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

import org.opensirelay.background.Workers;
import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.outbox.OutboxRow;
import org.opensirelay.website.ShopConnector;
import org.opensirelay.website.Website;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers a website's due items to its shop, batch after batch, until none is due or the shop
 * cannot be reached: claims rows under a lease, sends their items, and applies the
 * {@link Settlement} the shop's answer calls for. What an answer means is decided by
 * {@link AnswerPairing}, {@link AnswerPolicy} and {@link RetryPolicy}, plain functions.
 */
@Service
public class DeliveryService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final Outbox outbox;
    private final DeliveryProperties properties;
    private final RetryPolicy retry;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final ApplicationEventPublisher events;
    private final List<ShopItemKind<?>> kinds;
    private final ShopClients shops;
    private final int concurrentBatches;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    /** The extra workers of {@link #deliverDue} (the caller's thread is the first): {@code relay-delivery-worker-n}. */
    private final Workers workers;

    DeliveryService(
            Outbox outbox,
            List<ShopItemKind<?>> kinds,
            ShopClients shops,
            DeliveryProperties properties,
            TransactionTemplate transactions,
            Clock clock,
            DeliveryMetrics metrics,
            ApplicationEventPublisher events,
            DatabaseDialect database) {
        this.concurrentBatches = properties.concurrentBatchesOn(database);
        this.events = events;
        this.outbox = outbox;
        this.properties = properties;
        this.retry = new RetryPolicy(properties, RandomGenerator.getDefault());
        this.transactions = transactions;
        this.clock = clock;
        this.metrics = metrics;
        this.kinds = kinds;
        this.shops = shops;
        // A batch under way ends within a shop's exchange or so; its lease bounds it anyway.
        this.workers = Workers.growing("delivery-worker", properties.lease());
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        workers.start();
    }

    /**
     * After the runs' scheduler ({@link DeliveryScheduler}), which has waited for the runs under way:
     * a batch still under way finishes and records the shop's answer before the database closes.
     */
    @Override
    public void stop() {
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        return workers.running();
    }

    @Override
    public int getPhase() {
        return Workers.UNDER_REQUEST_WORK;
    }

    /** What one run did. */
    public record Run(int batches, int delivered, int retried, int dead, boolean shopUnavailable) {

        static final Run NOTHING = new Run(0, 0, 0, 0, false);

        Run plus(Run other) {
            return new Run(
                    batches + other.batches,
                    delivered + other.delivered,
                    retried + other.retried,
                    dead + other.dead,
                    shopUnavailable || other.shopUnavailable);
        }
    }

    /**
     * Delivers everything due now for {@code website}; returns when nothing is due or the shop is
     * unreachable. {@code relay.delivery.concurrent-batches} workers claim and send batches side by
     * side, as the nodes of a cluster do: a claim leases its rows, so no two workers hold the same
     * row, and a comment waits while an earlier one of its order is pending.
     */
    public Run deliverDue(Website website) {
        ShopConnector shop = website.delivery().shop();
        if (shop == null) {
            return Run.NOTHING;
        }
        giveBackWhatWasNot();
        // Once one worker finds the shop unreachable, the others stop after the batch they are on.
        AtomicBoolean unavailable = new AtomicBoolean();
        List<Future<Run>> helpers = new ArrayList<>();
        for (int i = 1; i < concurrentBatches; i++) {
            try {
                helpers.add(workers.executor().submit(() -> deliverUntilDone(website, shop, unavailable)));
            } catch (RejectedExecutionException stopping) {
                // The relay stops (or has not started): this thread delivers on its own.
                break;
            }
        }
        Run total = deliverUntilDone(website, shop, unavailable);
        for (Future<Run> helper : helpers) {
            try {
                total = total.plus(helper.get());
            } catch (ExecutionException e) {
                log.error("delivery website={}: a delivery worker failed", website.code(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (total.batches() > 1) {
            log.atInfo()
                    .addKeyValue("website", website.code())
                    .addKeyValue("batches", total.batches())
                    .addKeyValue("delivered", total.delivered())
                    .addKeyValue("retried", total.retried())
                    .addKeyValue("dead", total.dead())
                    .addKeyValue("shopUnavailable", total.shopUnavailable())
                    .log(
                            "delivery run website={} batches={} delivered={} retried={} dead={}{}",
                            website.code(),
                            total.batches(),
                            total.delivered(),
                            total.retried(),
                            total.dead(),
                            total.shopUnavailable() ? " (shop unavailable, stopped)" : "");
        }
        return total;
    }

    /** One worker: batch after batch, of every kind, until nothing is due or the shop is unreachable. */
    private Run deliverUntilDone(Website website, ShopConnector shop, AtomicBoolean unavailable) {
        Run total = Run.NOTHING;
        boolean progressed = true;
        while (progressed && !unavailable.get()) {
            progressed = false;
            for (ShopItemKind<?> kind : kinds) {
                Run batch = deliverBatch(website, shop, kind);
                if (batch.batches() > 0) {
                    progressed = true;
                    total = total.plus(batch);
                }
                if (batch.shopUnavailable()) {
                    unavailable.set(true);
                    break;
                }
            }
        }
        return total;
    }

    /** Rows claimed by a batch whose database went away, to give back (owner and ids). */
    private record Claimed(String owner, List<Long> ids) {}

    /** Claims not given back yet: the database was still away; tried again at the next run. */
    private final Queue<Claimed> notGivenBack = new ConcurrentLinkedQueue<>();

    private void giveBack(Website website, String kind, List<OutboxRow> rows, String owner, RuntimeException why) {
        Claimed claimed = new Claimed(owner, rows.stream().map(OutboxRow::id).toList());
        log.warn(
                "delivery website={} kind={}: the database went away during a batch of {} items ({}); they go again"
                        + " as soon as it is back",
                website.code(),
                kind,
                rows.size(),
                why.toString());
        if (!release(claimed)) {
            notGivenBack.add(claimed);
        }
    }

    /** Gives back what earlier batches could not; what still cannot be stays for the next run (or its lease). */
    private void giveBackWhatWasNot() {
        for (int i = notGivenBack.size(); i > 0; i--) {
            Claimed claimed = notGivenBack.poll();
            if (claimed == null) {
                return;
            }
            if (!release(claimed)) {
                notGivenBack.add(claimed);
                return;
            }
        }
    }

    private boolean release(Claimed claimed) {
        try {
            outbox.release(claimed.ids(), claimed.owner());
            return true;
        } catch (RuntimeException stillAway) {
            return false;
        }
    }

    private <T> Run deliverBatch(Website website, ShopConnector shop, ShopItemKind<T> kind) {
        Instant now = clock.instant();
        String owner = instance + "-" + UUID.randomUUID();
        long started = System.nanoTime();
        List<OutboxRow> rows = outbox.claim(
                website.id(), kind.name(), properties.batchSize(), owner, now, now.plus(properties.lease()));
        if (rows.isEmpty()) {
            return Run.NOTHING;
        }
        long claimed;
        long sent;
        int batchSize;
        Settlement settlement;
        String failure = null;
        try {
            List<String> keys = rows.stream().map(OutboxRow::itemKey).distinct().toList();
            ShopBatch<T> batch = ShopBatch.of(rows, kind.current().apply(website.id(), keys), kind.order());
            batchSize = batch.size();
            claimed = System.nanoTime();
            try {
                List<ItemAnswer> answers =
                        batch.size() == 0 ? List.of() : shops.send(shop, kind.operation(), batch.items());
                List<List<String>> identifiers =
                        batch.items().stream().map(kind.identifiers()).toList();
                settlement = Settlement.answered(batch, identifiers, answers, retry, clock.instant());
            } catch (ShopUnavailableException e) {
                failure = e.getMessage();
                settlement = Settlement.unavailable(rows, failure, retry, clock.instant());
            }
            sent = System.nanoTime();
            Settlement decided = settlement;
            transactions.executeWithoutResult(status -> apply(website, kind.name(), owner, decided));
        } catch (RuntimeException lost) {
            // The database went away between the claim and the settlement (a failover, a network blip):
            // the rows are given back as soon as it can be told, not left to their lease.
            giveBack(website, kind.name(), rows, owner, lost);
            throw lost;
        }
        long settled = System.nanoTime();
        Run run = new Run(
                1, settlement.deliveredItems(), settlement.retriedItems(), settlement.deadItems(), failure != null);
        metrics.batch(website, kind.name(), run, settlement, clock.instant());
        logBatch(
                website,
                kind.name(),
                batchSize,
                run,
                (claimed - started) / 1_000_000,
                (sent - claimed) / 1_000_000,
                (settled - sent) / 1_000_000,
                failure);
        return run;
    }

    private void apply(Website website, String kind, String owner, Settlement settlement) {
        Instant now = clock.instant();
        settlement
                .delivered()
                .forEach((said, rows) -> outbox.delivered(
                        rows.stream().map(OutboxRow::id).toList(), owner, said.code(), said.message(), now));
        outbox.supersede(website.id(), kind, settlement.deliveredVersions(), now);
        settlement.retries().forEach(r -> outbox.retryLater(r.row().id(), owner, r.code(), r.error(), r.at()));
        settlement.deaths().forEach(d -> {
            outbox.dead(d.row().id(), owner, d.code(), d.error(), now);
            events.publishEvent(new DeliveryGivenUp(website, kind, d.row().itemKey(), d.code(), d.error()));
        });
    }

    private static void logBatch(
            Website website,
            String kind,
            int items,
            Run run,
            long claimMs,
            long sendMs,
            long settleMs,
            String failure) {
        // What an alert on WARN and ERROR must see: a batch not delivered whole is a warning, an item
        // given up for good an error (logged once: an item dies once).
        LoggingEventBuilder event = (run.dead() > 0
                        ? log.atError()
                        : failure != null || run.retried() > 0 ? log.atWarn() : log.atInfo())
                .addKeyValue("website", website.code())
                .addKeyValue("kind", kind)
                .addKeyValue("items", items)
                .addKeyValue("delivered", run.delivered())
                .addKeyValue("retried", run.retried())
                .addKeyValue("dead", run.dead())
                .addKeyValue("claimMs", claimMs)
                .addKeyValue("sendMs", sendMs)
                .addKeyValue("settleMs", settleMs);
        if (failure != null) {
            event = event.addKeyValue("error", failure);
        }
        event.log(
                "delivery batch website={} kind={} items={} delivered={} retried={} dead={} claimMs={} sendMs={} settleMs={}{}",
                website.code(),
                kind,
                items,
                run.delivered(),
                run.retried(),
                run.dead(),
                claimMs,
                sendMs,
                settleMs,
                failure == null ? "" : " error=\"" + failure + "\"");
    }
}
