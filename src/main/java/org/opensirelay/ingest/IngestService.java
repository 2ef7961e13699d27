package org.opensirelay.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.opensirelay.background.Workers;
import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.ingest.ItemTable.ConcurrentChangeException;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.outbox.NewOutboxRow;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.website.Website;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores accepted items and their outbox rows in one transaction, and says per item whether it was
 * created (1001), updated (1002) or already stored identically (2001).
 * <p>
 * Items of one request are applied in request order, as if sent one after the other: the same key
 * twice with identical content answers 1001 then 2001, with different content 1001 then 1002. Each
 * created or changed item gets one outbox row for its final version; a duplicate gets none.
 * <p>
 * Requests that arrive together are written together ({@link WriteCombiner}): one transaction and
 * one write to the file for all of them, the requests of one website and kind applied as one
 * sequence in arrival order. Each is answered as if it had been stored alone, after the others that
 * came before it; an item changed by several of them gets one outbox row, for its final version, as
 * within one request.
 */
@Service
public class IngestService implements SmartLifecycle {

    /**
     * Attempts in all when a concurrent request got in the way: it inserted one of our new keys
     * first, or the database broke a lock cycle. Reads lock the rows they find, so one retry
     * usually settles it.
     */
    private static final int ATTEMPTS = 5;
    /**
     * Items per combined transaction at most: large enough to take a burst of envelopes in one write,
     * small enough that a transaction stays a few megabytes.
     */
    private static final int MAX_BATCH_ITEMS = 2_000;
    /** Writer threads on PostgreSQL (its pool holds 10 connections; the audit and the deliveries need some too). */
    static final int POSTGRES_WRITERS = 4;
    /**
     * Items waiting before a second writer starts a batch: 1-item requests are best combined by one
     * writer (with four, 1-item c=32 fell from 1.93x to 1.27x the same-work peer), big ones written
     * side by side.
     */
    static final int EXTRA_WRITER_THRESHOLD = 200;

    private final JdbcTemplate jdbc;
    private final DatabaseDialect database;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final H2Durability durability;
    private final int writers;
    /** The writer threads ({@code relay-ingest-writer}): made at each start, ended at each stop. */
    private volatile WriteCombiner<Request, Stored> combiner;

    IngestService(
            JdbcTemplate jdbc,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            ApplicationEventPublisher events,
            H2Durability durability,
            DatabaseDialect database) {
        this.jdbc = jdbc;
        this.database = database;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.events = events;
        this.durability = durability;
        // H2 has one writer: one thread combining is all it takes. PostgreSQL runs transactions side by
        // side: with one writer it waited for each commit, and the same-work peer, one transaction per
        // request, was faster at 100-item c=8 (0.79x); the extra writers start only when a backlog of
        // big requests waits. Requests for the same key in two batches race as they do between two
        // nodes: the loser reads again (writeCombined).
        this.writers = database.usefulWriters(POSTGRES_WRITERS);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (combiner == null) {
            combiner = new WriteCombiner<>(
                    "relay-ingest-writer",
                    this::writeCombined,
                    r -> r.items().size(),
                    MAX_BATCH_ITEMS,
                    writers,
                    EXTRA_WRITER_THRESHOLD);
        }
    }

    /**
     * Once the web server has finished its requests: what they queued is written (each was answered
     * only once durable), then the writers end; a request after this is refused, nothing stored.
     */
    @Override
    public synchronized void stop() {
        WriteCombiner<Request, Stored> stopping = combiner;
        combiner = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    @Override
    public boolean isRunning() {
        return combiner != null;
    }

    @Override
    public int getPhase() {
        return Workers.AFTER_WEB_SERVER;
    }

    public List<ItemAnswer> storeReturnDocuments(Website website, List<ReturnDocument> documents) {
        return store(ItemTable.RETURN_DOCUMENTS, website, documents);
    }

    public List<ItemAnswer> storeComments(Website website, List<OrderComment> comments) {
        return store(ItemTable.COMMENTS, website, comments);
    }

    /**
     * A return slip the relay made itself, stored and queued for the shop like an ERP's, inside the
     * caller's transaction (and without telling listeners that the ERP sent it).
     */
    public void storeRelayMadeSlip(Website website, ReturnDocument document) {
        storeInTransaction(ItemTable.RETURN_DOCUMENTS, website, List.of(document), false);
    }

    private <T> List<ItemAnswer> store(ItemTable<T> table, Website website, List<T> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        WriteCombiner<Request, Stored> writer = combiner;
        if (writer == null) {
            throw new IllegalStateException("the relay is shutting down: nothing was stored");
        }
        Stored stored = writer.write(new Request(table, website, items));
        if (stored.changed() > 0) {
            events.publishEvent(new ItemsAccepted(website, stored.changed()));
        }
        return stored.outcomes();
    }

    /** One request's items, all of one kind, for one website. */
    private record Request(ItemTable<?> table, Website website, List<?> items) {}

    /**
     * Stores requests that arrived together in one transaction, then waits until it is in the
     * database file. The requests of one kind and website are applied as one sequence, in arrival
     * order: exactly what storing them one after the other would have done.
     */
    private List<Stored> writeCombined(List<Request> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Stored> answers = transactions.execute(status -> storeAll(batch));
                // Committed; on the callers' answers from here on, so in the file first.
                durability.awaitWritten();
                return answers;
            } catch (DuplicateKeyException | ConcurrentChangeException | PessimisticLockingFailureException raced) {
                // Another writer (a return's own slip, another node) stored one of these keys between
                // our read and our write: read again.
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Stored> storeAll(List<Request> batch) {
        Stored[] answers = new Stored[batch.size()];
        Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Request request = batch.get(i);
            groups.computeIfAbsent(List.of(request.table(), request.website().id()), g -> new ArrayList<>())
                    .add(i);
        }
        for (List<Integer> group : groups.values()) {
            Request first = batch.get(group.get(0));
            List<Object> items = new ArrayList<>();
            group.forEach(i -> items.addAll(batch.get(i).items()));
            List<ItemAnswer> outcomes = storeInTransaction((ItemTable) first.table(), first.website(), items, true)
                    .outcomes();
            int from = 0;
            for (int i : group) {
                List<ItemAnswer> own =
                        outcomes.subList(from, from + batch.get(i).items().size());
                from += own.size();
                int changed = (int) own.stream()
                        .filter(o -> o.code() != ItemAnswer.DUPLICATE)
                        .count();
                answers[i] = new Stored(List.copyOf(own), changed);
            }
        }
        return List.of(answers);
    }

    /** The answer per item, and how many items were created or changed (each with its outbox row). */
    private record Stored(List<ItemAnswer> outcomes, int changed) {}

    private <T> Stored storeInTransaction(ItemTable<T> table, Website website, List<T> items, boolean fromErp) {
        long websiteId = website.id();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        Set<Object> keys = new LinkedHashSet<>();
        items.forEach(item -> keys.add(table.keyOf(item)));
        // Which keys exist, without locks (a query H2 can keep parsed; it never caches a locking
        // one), then those found again, locked: a concurrent writer of one of them waits for us, and
        // one that creates a key we found missing makes our insert fail and the write retry.
        Map<Object, VersionedItem<T>> readBefore = table.find(jdbc, database, websiteId, keys, false);
        if (!readBefore.isEmpty()) {
            readBefore = table.find(jdbc, database, websiteId, readBefore.keySet(), true);
        }

        Map<Object, VersionedItem<T>> current = new HashMap<>(readBefore);
        Set<Object> changed = new LinkedHashSet<>();
        List<ItemAnswer> outcomes = new ArrayList<>(items.size());
        for (T item : items) {
            Object key = table.keyOf(item);
            String answerKey = String.valueOf(key);
            VersionedItem<T> stored = current.get(key);
            if (stored == null) {
                current.put(key, new VersionedItem<>(item, 1));
                changed.add(key);
                outcomes.add(ItemAnswer.created(answerKey));
            } else if (stored.item().equals(item)) {
                outcomes.add(ItemAnswer.duplicate(answerKey));
            } else {
                current.put(key, new VersionedItem<>(item, stored.version() + 1));
                changed.add(key);
                outcomes.add(ItemAnswer.updated(answerKey));
            }
        }

        Map<Object, VersionedItem<T>> inserts = new LinkedHashMap<>();
        List<VersionedItem<T>> updates = new ArrayList<>();
        List<NewOutboxRow> rows = new ArrayList<>(changed.size());
        for (Object key : changed) {
            VersionedItem<T> latest = current.get(key);
            if (readBefore.containsKey(key)) {
                updates.add(latest);
            } else {
                inserts.put(key, latest);
            }
            ItemTable.Ordering ordering = table.orderingOf(latest.item());
            rows.add(new NewOutboxRow(
                    table.kind(),
                    String.valueOf(key),
                    latest.version(),
                    ordering == null ? null : ordering.orderKey(),
                    ordering == null ? null : ordering.sortKey()));
        }
        table.insert(jdbc, websiteId, inserts.values(), now);
        table.update(jdbc, websiteId, updates, readBefore, now);
        if (fromErp && table == ItemTable.RETURN_DOCUMENTS && !changed.isEmpty()) {
            // Listeners (the returns these slips belong to) act in this same transaction.
            @SuppressWarnings("unchecked")
            List<ReturnDocument> documents = changed.stream()
                    .map(key -> (ReturnDocument) current.get(key).item())
                    .toList();
            events.publishEvent(new ReturnDocumentsStored(website, documents));
        }
        if (!changed.isEmpty()) {
            List<VersionedItem<?>> stored =
                    changed.stream().<VersionedItem<?>>map(current::get).toList();
            events.publishEvent(new ItemsStored(website, table.kind(), stored));
        }
        outbox.append(websiteId, rows, now.toInstant());
        return new Stored(outcomes, rows.size());
    }
}
