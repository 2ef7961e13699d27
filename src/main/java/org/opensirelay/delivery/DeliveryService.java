package org.opensirelay.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.opensirelay.ingest.CommentOrder;
import org.opensirelay.ingest.OrderComment;
import org.opensirelay.ingest.ReturnDocument;
import org.opensirelay.ingest.StoredItems;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.website.ShopConnector;
import org.opensirelay.website.Website;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers a website's due items to its shop, batch after batch, until none is due or the shop
 * cannot be reached. Rows are claimed under a lease before sending and settled only from the
 * shop's answer: 1001/1002/1003/2001 delivered (2001 means the shop had it already, which makes a
 * replay harmless), 3002 retried later (the order may not have reached the shop yet), other 3xxx
 * dead with the shop's message; no answer for an item, a fault, an HTTP error or a timeout: retried.
 */
@Service
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final Outbox outbox;
    private final StoredItems items;
    private final ShopClients shops;
    private final DeliveryProperties properties;
    private final RetryPolicy retry;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    private final MeterRegistry meters;

    DeliveryService(Outbox outbox, StoredItems items, ShopClients shops, DeliveryProperties properties,
                    TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.outbox = outbox;
        this.items = items;
        this.shops = shops;
        this.properties = properties;
        this.retry = new RetryPolicy(properties, RandomGenerator.getDefault());
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What one run did. */
    public record Run(int batches, int delivered, int retried, int dead, boolean shopUnavailable) {

        Run plus(Run other) {
            return new Run(batches + other.batches, delivered + other.delivered, retried + other.retried,
                    dead + other.dead, shopUnavailable || other.shopUnavailable);
        }
    }

    /** Delivers everything due now for {@code website}; returns when nothing is due or the shop is unreachable. */
    public Run deliverDue(Website website) {
        ShopConnector shop = website.delivery().shop();
        Run total = new Run(0, 0, 0, 0, false);
        if (shop == null) {
            return total;
        }
        outbox.refreshStatisticsIfStale();
        boolean progressed = true;
        while (progressed && !total.shopUnavailable()) {
            progressed = false;
            for (String kind : List.of(StoredItems.RETURN_DOCUMENT, StoredItems.COMMENT)) {
                Run batch = deliverBatch(website, shop, kind);
                if (batch.batches() > 0) {
                    progressed = true;
                    total = total.plus(batch);
                }
                if (batch.shopUnavailable()) {
                    break;
                }
            }
        }
        if (total.batches() > 1) {
            log.info("delivery run website={} batches={} delivered={} retried={} dead={}{}", website.code(), total.batches(),
                    total.delivered(), total.retried(), total.dead(), total.shopUnavailable() ? " (shop unavailable, stopped)" : "");
        }
        return total;
    }

    private Run deliverBatch(Website website, ShopConnector shop, String kind) {
        Instant now = clock.instant();
        String owner = instance + "-" + UUID.randomUUID();
        long started = System.nanoTime();
        List<OutboxRow> rows = outbox.claim(website.id(), kind, properties.batchSize(), owner, now, now.plus(properties.lease()));
        if (rows.isEmpty()) {
            return new Run(0, 0, 0, 0, false);
        }
        Batch<?> batch = StoredItems.COMMENT.equals(kind)
                ? comments(website, rows)
                : returnDocuments(website, rows);
        long claimed = System.nanoTime();
        Run run;
        String failure = "";
        long sent;
        try {
            List<ShopAnswer> answers = batch.send(shop);
            sent = System.nanoTime();
            run = transactions.execute(status -> settle(website, kind, owner, batch, answers));
        } catch (ShopUnavailableException e) {
            sent = System.nanoTime();
            failure = " error=\"" + e.getMessage() + "\"";
            int gaveUp = transactions.execute(status -> {
                int dead = 0;
                for (OutboxRow row : rows) {
                    dead += failed(row, owner, null, e.getMessage()) ? 1 : 0;
                }
                return dead;
            });
            run = new Run(1, 0, rows.size() - gaveUp, gaveUp, true);
        }
        long settled = System.nanoTime();
        count(website, kind, run);
        log.info("delivery batch website={} kind={} items={} delivered={} retried={} dead={} claimMs={} sendMs={} settleMs={}{}",
                website.code(), kind, batch.size(), run.delivered(), run.retried(), run.dead(), (claimed - started) / 1_000_000,
                (sent - claimed) / 1_000_000, (settled - sent) / 1_000_000, failure);
        return run;
    }

    private void count(Website website, String kind, Run run) {
        Counter.builder("relay.delivery.batches").description("SOAP requests to shops, by whether the shop answered")
                .tags("website", website.code(), "kind", kind, "result", run.shopUnavailable() ? "unavailable" : "answered")
                .register(meters).increment();
        outcome(website, kind, "delivered", run.delivered());
        outcome(website, kind, "retried", run.retried());
        outcome(website, kind, "dead", run.dead());
    }

    private void outcome(Website website, String kind, String outcome, int items) {
        if (items > 0) {
            Counter.builder("relay.delivery.items").description("Delivery attempts of items, by outcome")
                    .tags("website", website.code(), "kind", kind, "outcome", outcome).register(meters).increment(items);
        }
    }

    /** Accepted-to-delivered time of delivered rows. */
    private Timer latency(Website website) {
        return Timer.builder("relay.delivery.latency").description("From acceptance from the ERP to the shop's answer")
                .tags("website", website.code()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofDays(1)).register(meters);
    }

    private Run settle(Website website, String kind, String owner, Batch<?> batch, List<ShopAnswer> answers) {
        Instant now = clock.instant();
        int delivered = 0;
        int retried = 0;
        int dead = 0;
        List<ShopAnswer> matched = batch.match(answers);
        Map<Integer, List<Long>> deliveredRowsByCode = new HashMap<>();
        Map<String, Integer> deliveredVersions = new HashMap<>();
        Timer latency = latency(website);
        for (int i = 0; i < batch.size(); i++) {
            Batch.Entry<?> entry = batch.entries.get(i);
            ShopAnswer answer = matched.get(i);
            if (answer != null && isSuccess(answer.code())) {
                entry.rows.forEach(row -> deliveredRowsByCode.computeIfAbsent(answer.code(), c -> new ArrayList<>()).add(row.id()));
                entry.rows.forEach(row -> latency.record(Duration.between(row.createdAt(), now)));
                deliveredVersions.put(entry.key, entry.version);
                delivered++;
            } else if (answer != null && answer.code() != 3002 && answer.code() >= 3000 && answer.code() < 4000) {
                for (OutboxRow row : entry.rows) {
                    outbox.dead(row.id(), owner, answer.code(), answer.code() + " " + answer.message());
                }
                dead++;
            } else {
                String error = answer == null ? "the shop's answer had no entry for this item"
                        : answer.code() + " " + answer.message();
                boolean gaveUp = false;
                for (OutboxRow row : entry.rows) {
                    gaveUp |= failed(row, owner, answer == null ? null : answer.code(), error);
                }
                if (gaveUp) {
                    dead++;
                } else {
                    retried++;
                }
            }
        }
        deliveredRowsByCode.forEach((code, ids) -> outbox.delivered(ids, owner, code, now));
        outbox.supersede(website.id(), kind, deliveredVersions, now);
        // Rows of items that are no longer stored cannot be delivered; they only happen by hand-made data.
        for (OutboxRow orphan : batch.orphans) {
            outbox.dead(orphan.id(), owner, null, "the item is no longer stored");
            dead++;
        }
        return new Run(1, delivered, retried, dead, false);
    }

    /** Reschedules a failed row, or gives it up: returns whether it is now dead. */
    private boolean failed(OutboxRow row, String owner, Integer code, String error) {
        Instant now = clock.instant();
        if (retry.exhausted(row.attempts(), row.createdAt(), now)) {
            outbox.dead(row.id(), owner, code, "gave up after " + row.attempts() + " attempts: " + error);
            return true;
        }
        outbox.retryLater(row.id(), owner, code, error, now.plus(retry.delayAfter(row.attempts())));
        return false;
    }

    private static boolean isSuccess(int code) {
        return code == 1001 || code == 1002 || code == 1003 || code == 2001;
    }

    private Batch<ReturnDocument> returnDocuments(Website website, List<OutboxRow> rows) {
        Map<String, VersionedItem<ReturnDocument>> current = items.returnDocuments(website.id(), keys(rows));
        // Return slips have no order among themselves: they go in arrival order (the sort is stable).
        return new Batch<>(rows, current, (a, b) -> 0,
                (shop, documents) -> shops.sendReturnDocuments(shop, documents),
                d -> List.of(d.returnNumber(), d.webReturnNumber()));
    }

    private Batch<OrderComment> comments(Website website, List<OutboxRow> rows) {
        Map<String, VersionedItem<OrderComment>> current = items.comments(website.id(), keys(rows));
        // The comments of one order go in CommentDate, then CommentId order.
        Comparator<OrderComment> byOrderThenDate = Comparator.comparing(CommentOrder::orderKey)
                .thenComparing(CommentOrder::sortKey);
        return new Batch<>(rows, current, byOrderThenDate,
                (shop, comments) -> shops.sendComments(shop, comments),
                c -> List.of(String.valueOf(c.commentId()), c.webOrderNumber()));
    }

    private static List<String> keys(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::itemKey).distinct().toList();
    }

    @FunctionalInterface
    private interface Sender<T> {
        List<ShopAnswer> send(ShopConnector shop, List<T> items) throws ShopUnavailableException;
    }

    /** The items of claimed rows, each once in its current version, in sending order. */
    private static final class Batch<T> {

        record Entry<T>(String key, T item, int version, List<OutboxRow> rows) {
        }

        private final List<Entry<T>> entries = new ArrayList<>();
        private final List<OutboxRow> orphans = new ArrayList<>();
        private final Sender<T> sender;
        private final Function<T, List<String>> identifiers;

        Batch(List<OutboxRow> rows, Map<String, VersionedItem<T>> current, Comparator<T> order, Sender<T> sender,
              Function<T, List<String>> identifiers) {
            this.sender = sender;
            this.identifiers = identifiers;
            Map<String, List<OutboxRow>> rowsByKey = new LinkedHashMap<>();
            for (OutboxRow row : rows) {
                if (current.containsKey(row.itemKey())) {
                    rowsByKey.computeIfAbsent(row.itemKey(), k -> new ArrayList<>()).add(row);
                } else {
                    orphans.add(row);
                }
            }
            rowsByKey.forEach((key, keyRows) -> {
                VersionedItem<T> item = current.get(key);
                entries.add(new Entry<>(key, item.item(), item.version(), keyRows));
            });
            entries.sort(Comparator.comparing(Entry::item, order));
        }

        int size() {
            return entries.size();
        }

        List<ShopAnswer> send(ShopConnector shop) throws ShopUnavailableException {
            if (entries.isEmpty()) {
                return List.of();
            }
            return sender.send(shop, entries.stream().map(Entry::item).toList());
        }

        /**
         * The answer entry of each item, or null. OpenSi connectors answer one entry per item in
         * request order, but their Key is not always the same identifier (ReturnNumber or
         * WebReturnNumber, CommentId or WebOrderNumber): with as many entries as items, entries pair
         * by position; otherwise by any of the item's identifiers, each entry used once.
         */
        List<ShopAnswer> match(List<ShopAnswer> answers) {
            List<ShopAnswer> matched = new ArrayList<>();
            if (answers.size() == entries.size()) {
                matched.addAll(answers);
                return matched;
            }
            List<ShopAnswer> unused = new ArrayList<>(answers);
            for (Entry<T> entry : entries) {
                List<String> ids = identifiers.apply(entry.item());
                ShopAnswer found = unused.stream().filter(a -> ids.contains(a.key())).findFirst().orElse(null);
                unused.remove(found);
                matched.add(found);
            }
            return matched;
        }
    }
}
