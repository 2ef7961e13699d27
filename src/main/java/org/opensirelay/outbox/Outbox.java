package org.opensirelay.outbox;

import static org.opensirelay.database.SqlTimes.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.text.Sql;
import org.opensirelay.text.Text;
import org.opensirelay.website.PendingWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox, and the only code that knows its table: rows are appended in the
 * transaction that accepts their items, claimed under a lease before they are sent, settled from the
 * shop's answer, counted for metrics and shown to operators. Every settling update checks the lease,
 * so a run whose lease expired changes nothing.
 *
 * <p><b>Why one class of this size</b> (≈520 lines): it is the only code that knows the outbox table
 * (its claim, its settling updates with their lease check, its counts and reads for the console and
 * the metrics), so that a change to the table or to one of its indexes is checked against every
 * statement that uses it in one place ({@code HotPathPlansTest} reads them all).
 */
@Component
public class Outbox implements PendingWork {

    /** The size of {@code outbox.shop_message}. */
    static final int SHOP_MESSAGE_MAX = 200;

    /** The size of {@code outbox.last_error}. */
    private static final int ERROR_MAX = 1000;

    /*
     * Due, unleased rows in arrival order (ordered by the whole outbox_claim index, so that the
     * database reads it in order and stops at the limit instead of sorting the backlog). A comment is held back while an earlier comment (by
     * CommentDate, CommentId) of the same shop order is still pending and will not go in this batch
     * or before it: not due yet, leased by another run, or later in arrival order.
     */
    private static final String DUE_H2 = """
            SELECT o.id, o.item_key, o.item_version, o.attempts, o.created_at FROM outbox o
            WHERE o.website_id = ? AND o.item_kind = ? AND o.status = 'PENDING' AND o.next_attempt_at <= ?
              AND (o.lease_until IS NULL OR o.lease_until < ?)
              AND NOT EXISTS (
                  SELECT 1 FROM outbox e
                  WHERE e.website_id = o.website_id AND e.order_key = o.order_key AND e.status = 'PENDING'
                    AND e.item_kind = o.item_kind AND e.item_key <> o.item_key AND e.sort_key < o.sort_key
                    AND (e.next_attempt_at > ? OR e.lease_until >= ? OR e.id > o.id))
            ORDER BY o.website_id, o.item_kind, o.status, o.id
            FETCH FIRST ? ROWS ONLY
            """;

    /**
     * The same claim as PostgreSQL must be asked for it, so that its plan does not depend on fresh
     * statistics, and so that nodes claiming side by side skip each other's rows:
     * <ul>
     * <li>A range on status, so that only the claim index can give the order. With
     * {@code status = 'PENDING'} the planner sees the order (website, kind, status, id) as "by id"
     * and may walk the primary key instead, filtering out every row already delivered (a drain of
     * 100,000 items slowed to 3,400/s, 48 ms a claim at 90,000 delivered rows).</li>
     * <li>{@code OFFSET 0} fences the order check: PostgreSQL cannot turn it into an anti-join, so
     * it stays a sub-plan run per candidate row, reading that row's order by its key. As an
     * anti-join, a backlog the statistics had not seen yet (expected: one row) was read whole for
     * every row claimed: 541 ms a claim at 10,000 pending, against 1.4 ms fenced. A delivery run
     * used to ANALYZE the outbox first to avoid it, a quarter of a second at a million rows.</li>
     * <li>{@code FOR UPDATE SKIP LOCKED}: H2 takes the same words but then locks every row it reads
     * (60 ms per claim at 10,000 pending); there the lease update's own re-check is enough for one
     * process.</li>
     * </ul>
     * Written out whole rather than derived from {@link #DUE_H2}: the two are read side by side.
     */
    private static final String DUE_POSTGRESQL = """
            SELECT o.id, o.item_key, o.item_version, o.attempts, o.created_at FROM outbox o
            WHERE o.website_id = ? AND o.item_kind = ? AND o.status >= 'PENDING' AND o.status <= 'PENDING'
              AND o.next_attempt_at <= ?
              AND (o.lease_until IS NULL OR o.lease_until < ?)
              AND NOT EXISTS (
                  SELECT 1 FROM outbox e
                  WHERE e.website_id = o.website_id AND e.order_key = o.order_key AND e.status = 'PENDING'
                    AND e.item_kind = o.item_kind AND e.item_key <> o.item_key AND e.sort_key < o.sort_key
                    AND (e.next_attempt_at > ? OR e.lease_until >= ? OR e.id > o.id)
                  OFFSET 0)
            ORDER BY o.website_id, o.item_kind, o.status, o.id
            FETCH FIRST ? ROWS ONLY
            FOR UPDATE SKIP LOCKED
            """;

    /** Takes the rows found due, unless another run leased them in between. */
    private static final String LEASE = "UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
            + " WHERE id IN (%s) AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String due;
    private final DatabaseDialect database;
    private final Object[] claimLocks = new Object[64];
    /** Every item kind there is: backlog reads name them, so that the (website, kind, status) indexes serve them. */
    private final List<String> kinds;

    private static final String APPEND =
            "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts,"
                    + " next_attempt_at, created_at, order_key, sort_key) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)";

    Outbox(JdbcTemplate jdbc, TransactionTemplate transactions, DatabaseDialect database, List<OutboxKind> kinds) {
        this.kinds = kinds.stream().map(OutboxKind::name).distinct().sorted().toList();
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.due = database.choose(DUE_H2, DUE_POSTGRESQL);
        this.database = database;
        for (int i = 0; i < claimLocks.length; i++) {
            claimLocks[i] = new Object();
        }
    }

    /**
     * Appends one pending row per accepted item version, due now. Call it inside the transaction
     * that stores the items, so that rows and items commit (or roll back) together.
     */
    private final Set<Long> withRows = ConcurrentHashMap.newKeySet();

    private volatile LongConsumer firstRows = websiteId -> {};

    public void append(long websiteId, List<NewOutboxRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(now);
        List<Object[]> batch = new ArrayList<>(rows.size());
        for (NewOutboxRow row : rows) {
            batch.add(new Object[] {
                websiteId, row.kind(), row.itemKey(), row.itemVersion(), at, at, row.orderKey(), row.sortKey()
            });
        }
        jdbc.batchUpdate(APPEND, batch);
        if (withRows.add(websiteId)) {
            firstRows.accept(websiteId);
        }
    }

    /** Calls {@code listener} the first time rows are appended for a website since start (once per website). */
    void onFirstRows(LongConsumer listener) {
        this.firstRows = listener;
    }

    /**
     * Deletes up to {@code limit} rows delivered or superseded before {@code before}; returns how
     * many. Two statements, as for claims: H2 runs a DELETE with a limited sub-select row by row.
     */
    public int purgeSettledBefore(Instant before, int limit) {
        return transactions.execute(status -> {
            List<Long> ids = jdbc.queryForList(
                    "SELECT id FROM outbox WHERE status IN ('DELIVERED', 'SUPERSEDED') AND delivered_at < ?"
                            + " FETCH FIRST " + limit + " ROWS ONLY",
                    Long.class,
                    utc(before));
            if (ids.isEmpty()) {
                return 0;
            }
            return jdbc.update("DELETE FROM outbox WHERE id IN (" + Sql.markers(ids.size()) + ")", ids.toArray());
        });
    }

    /**
     * Leases up to {@code limit} due rows of one kind for {@code owner}, and returns them. An item goes
     * in one batch at a time: a row is not taken while another version of its item is out with
     * another run (its lease), or being claimed by one at this moment (its row lock, PostgreSQL). A
     * batch sends the item as it is now, whichever version was claimed: two versions claimed by two
     * workers (or two nodes) sent it twice at once (seen on PostgreSQL, "comment 1" at the shop twice
     * from one run). On the embedded database, claims of one website are made one at a time (a lock
     * of the JVM: one process, one writer). A claim that gave rows back to a claim under way at the
     * same moment is made again after a pause of a few milliseconds, so that a small backlog is not
     * left for the next run when two claims gave way to each other.
     */
    public List<OutboxRow> claim(
            long websiteId, String kind, int limit, String owner, Instant now, Instant leaseUntil) {
        for (int attempt = 1; ; attempt++) {
            Claim claim = database.embedded()
                    ? claimAlone(websiteId, kind, limit, owner, now, leaseUntil)
                    : claimOnce(websiteId, kind, limit, owner, now, leaseUntil);
            if (!claim.gaveWay() || !claim.rows().isEmpty() || attempt == CLAIM_ATTEMPTS) {
                return claim.rows();
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + 4L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** Rows claimed, and whether some were left to a claim being made at the same moment. */
    private record Claim(List<OutboxRow> rows, boolean gaveWay) {}

    private static final int CLAIM_ATTEMPTS = 4;

    /** One claim, in a transaction of its own. */
    private Claim claimOnce(long websiteId, String kind, int limit, String owner, Instant now, Instant leaseUntil) {
        return transactions.execute(
                status -> claimInTransaction(websiteId, kind, limit, owner, utc(now), utc(leaseUntil)));
    }

    /** {@link #claimOnce} while no other claim of the website runs in this JVM (the embedded database). */
    private Claim claimAlone(long websiteId, String kind, int limit, String owner, Instant now, Instant leaseUntil) {
        synchronized (claimsOf(websiteId)) {
            return claimOnce(websiteId, kind, limit, owner, now, leaseUntil);
        }
    }

    /** The JVM's lock on one website's claims (a few websites share one: claims are short). */
    private Object claimsOf(long websiteId) {
        return claimLocks[(int) Math.floorMod(websiteId, (long) claimLocks.length)];
    }

    private Claim claimInTransaction(
            long websiteId, String kind, int limit, String owner, OffsetDateTime at, OffsetDateTime leaseUntil) {
        // Two statements: H2 evaluates "UPDATE ... WHERE id IN (SELECT ... FETCH FIRST n)" row by row
        // over the whole outbox (a 10,000-row backlog drained at 72 items/s that way).
        List<OutboxRow> found = jdbc.query(this.due, Outbox::outboxRow, websiteId, kind, at, at, at, at, limit);
        if (found.isEmpty()) {
            return new Claim(List.of(), false);
        }
        Busy busy = itemsBusyElsewhere(websiteId, kind, found, at);
        if (!busy.keys().isEmpty()) {
            found = found.stream()
                    .filter(r -> !busy.keys().contains(r.itemKey()))
                    .toList();
            if (found.isEmpty()) {
                return new Claim(List.of(), busy.beingClaimed());
            }
        }
        List<Long> due = found.stream().map(OutboxRow::id).toList();
        List<Object> args = new ArrayList<>(List.of(owner, leaseUntil));
        args.addAll(due);
        args.add(at);
        String ids = Sql.markers(due.size());
        int claimed = jdbc.update(LEASE.formatted(ids), args.toArray());
        if (claimed == due.size()) {
            // All ours (the usual case): as read, with this attempt counted.
            return new Claim(
                    found.stream()
                            .map(r -> new OutboxRow(
                                    r.id(), r.itemKey(), r.itemVersion(), r.attempts() + 1, r.createdAt()))
                            .toList(),
                    busy.beingClaimed());
        }
        if (claimed == 0) {
            return new Claim(List.of(), busy.beingClaimed());
        }
        // Another run leased some of them in between: read back which are ours.
        List<Object> byId = new ArrayList<>(due);
        byId.add(owner);
        return new Claim(
                jdbc.query(
                        "SELECT id, item_key, item_version, attempts, created_at FROM outbox WHERE id IN (" + ids
                                + ") AND lease_owner = ? ORDER BY id",
                        Outbox::outboxRow,
                        byId.toArray()),
                busy.beingClaimed());
    }

    /** Items of a claim to leave alone, and whether one of them is being claimed elsewhere at this moment. */
    private record Busy(Set<String> keys, boolean beingClaimed) {

        static final Busy NONE = new Busy(Set.of(), false);
    }

    /**
     * The items among {@code found} that have another version out with a run (leased), or, on
     * PostgreSQL, being claimed by another transaction right now (locked: this claim cannot lock it
     * too). Read by the item index alone: no status is named, so that no other index can serve it
     * (with {@code status = 'PENDING'}, PostgreSQL, its statistics taken while every row was delivered,
     * read a check of this kind by the claim index, every pending row of the website each time).
     * Most items have one version: then it is one index probe per item and nothing more. The other
     * versions it locks stay locked until this claim commits, when its own leases are visible.
     */
    private Busy itemsBusyElsewhere(long websiteId, String kind, List<OutboxRow> found, OffsetDateTime at) {
        List<String> keys = found.stream().map(OutboxRow::itemKey).distinct().toList();
        Set<Long> ours = new HashSet<>();
        found.forEach(r -> ours.add(r.id()));
        Set<String> busy = new HashSet<>();
        Map<Long, String> otherPending = new HashMap<>();
        RowCallbackHandler versions = rs -> {
            long id = rs.getLong("id");
            if (ours.contains(id) || !"PENDING".equals(rs.getString("status"))) {
                return;
            }
            OffsetDateTime lease = rs.getObject("lease_until", OffsetDateTime.class);
            if (lease != null && !lease.isBefore(at)) {
                busy.add(rs.getString("item_key"));
            } else {
                otherPending.put(id, rs.getString("item_key"));
            }
        };
        if (database.bindsArrays()) {
            // One array, a lookup per key (a row-value IN made PostgreSQL read every row of the website).
            jdbc.query(
                    connection -> {
                        PreparedStatement statement =
                                connection.prepareStatement("SELECT id, item_key, status, lease_until FROM outbox"
                                        + " WHERE website_id = ? AND item_kind = ? AND item_key = ANY(?)");
                        statement.setLong(1, websiteId);
                        statement.setString(2, kind);
                        statement.setArray(3, connection.createArrayOf("varchar", keys.toArray()));
                        return statement;
                    },
                    versions);
        } else {
            // The keys as a VALUES table joined to the item index, a lookup per key. H2 reads
            // "item_key IN (?, ?, ...)" by the index's first two columns alone (every row of the website's
            // kind); a row-value IN on three of its four columns by the first alone; "IN (SELECT ... FROM
            // VALUES ...)" took 0.7 s for 100 keys among 20,000 rows, the join 4 ms.
            List<Object> args = new ArrayList<>(Sql.paddedToPowerOfTwo(keys));
            int slots = args.size();
            args.add(websiteId);
            args.add(kind);
            jdbc.query(
                    "SELECT o.id, o.item_key, o.status, o.lease_until FROM (VALUES (CAST(? AS VARCHAR(200)))"
                            + ", (?)".repeat(slots - 1) + ") AS k(item_key)"
                            + " JOIN outbox o ON o.website_id = ? AND o.item_kind = ? AND o.item_key = k.item_key",
                    versions,
                    args.toArray());
        }
        otherPending.values().removeIf(busy::contains);
        boolean beingClaimed = false;
        if (!otherPending.isEmpty() && !database.embedded()) {
            List<Long> ids = List.copyOf(otherPending.keySet());
            Set<Long> locked = new HashSet<>(jdbc.queryForList(
                    "SELECT id FROM outbox WHERE id IN (" + Sql.markers(ids.size()) + ") FOR UPDATE SKIP LOCKED",
                    Long.class,
                    ids.toArray()));
            for (Long id : ids) {
                if (!locked.contains(id)) {
                    busy.add(otherPending.get(id));
                    beingClaimed = true;
                }
            }
        }
        return busy.isEmpty() ? Busy.NONE : new Busy(busy, beingClaimed);
    }

    private static OutboxRow outboxRow(ResultSet rs, int row) throws SQLException {
        return new OutboxRow(
                rs.getLong("id"),
                rs.getString("item_key"),
                rs.getInt("item_version"),
                rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /**
     * Delivered, with what the shop answered: its code and its own words ({@code message}, kept for the
     * console's story of an item: "what did the shop say?"; null when it said none).
     */
    public void delivered(Collection<Long> ids, String owner, int code, String message, Instant now) {
        settle(
                "status = 'DELIVERED', delivered_at = ?, last_code = ?, last_error = NULL, shop_message = ?",
                ids,
                owner,
                utc(now),
                code,
                message == null || message.isBlank() ? null : Text.abbreviate(message.strip(), SHOP_MESSAGE_MAX));
    }

    public void retryLater(long id, String owner, Integer code, String error, Instant nextAttempt) {
        settle(
                "next_attempt_at = ?, last_code = ?, last_error = ?",
                List.of(id),
                owner,
                utc(nextAttempt),
                code,
                cut(error));
    }

    /** Given up for good; {@code next_attempt_at} keeps when (no attempt follows), which the console's charts read. */
    public void dead(long id, String owner, Integer code, String error, Instant now) {
        settle(
                "status = 'DEAD', next_attempt_at = ?, last_code = ?, last_error = ?",
                List.of(id),
                owner,
                utc(now),
                code,
                cut(error));
    }

    /** Claimed rows given back unsent (their attempt uncounted): due again at once, behind anything held before them. */
    public void release(Collection<Long> ids, String owner) {
        settle("attempts = attempts - 1", ids, owner);
    }

    /** Older pending versions of delivered items need no delivery of their own. */
    public void supersede(long websiteId, String kind, Map<String, Integer> deliveredVersions, Instant now) {
        OffsetDateTime at = utc(now);
        List<Object[]> batch = new ArrayList<>();
        // A first version has no older one to supersede (most items are never changed): no statement for it.
        deliveredVersions.forEach((key, version) -> {
            if (version > 1) {
                batch.add(new Object[] {at, websiteId, kind, key, version, at});
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "UPDATE outbox SET status = 'SUPERSEDED', delivered_at = ? WHERE website_id = ? AND item_kind = ?"
                        + " AND item_key = ? AND status = 'PENDING' AND item_version <= ? AND (lease_until IS NULL OR lease_until < ?)",
                batch);
    }

    /** Rows of a website, newest first, for the operator. */
    public List<DeliveryView> list(long websiteId, OutboxStatus status, int limit) {
        return jdbc.query(
                "SELECT id, item_kind, item_key, item_version, status, attempts, next_attempt_at, last_code,"
                        + " last_error, shop_message, created_at, delivered_at FROM outbox WHERE website_id = ? AND status = ?"
                        + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                Outbox::deliveryView,
                websiteId,
                status.name(),
                limit);
    }

    /** Rows of one kind of a website, whatever their status, newest first (each status an index range, merged). */
    public List<DeliveryView> listKind(long websiteId, String kind, int limit) {
        List<DeliveryView> rows = new ArrayList<>();
        for (OutboxStatus status : OutboxStatus.values()) {
            rows.addAll(jdbc.query(
                    "SELECT id, item_kind, item_key, item_version, status, attempts, next_attempt_at, last_code,"
                            + " last_error, shop_message, created_at, delivered_at FROM outbox WHERE website_id = ? AND item_kind = ? AND status = ?"
                            + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                    Outbox::deliveryView,
                    websiteId,
                    kind,
                    status.name(),
                    limit));
        }
        rows.sort(Comparator.comparingLong(DeliveryView::id).reversed());
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    /**
     * Every row of these items of one kind of a website, whatever their status, oldest first: each
     * version the item had and how its delivery went (an order's story on the console). Read by the
     * item index (website, kind, key).
     */
    public List<DeliveryView> ofItems(long websiteId, String kind, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(websiteId, kind));
        args.addAll(keys);
        List<DeliveryView> rows = new ArrayList<>(jdbc.query(
                "SELECT id, item_kind, item_key, item_version, status, attempts, next_attempt_at, last_code,"
                        + " last_error, shop_message, created_at, delivered_at FROM outbox WHERE website_id = ? AND item_kind = ?"
                        + " AND item_key IN (" + Sql.markers(keys.size()) + ")",
                Outbox::deliveryView,
                args.toArray()));
        rows.sort(Comparator.comparingLong(DeliveryView::id));
        return rows;
    }

    private static DeliveryView deliveryView(ResultSet rs, int n) throws SQLException {
        return new DeliveryView(
                rs.getLong("id"),
                rs.getString("item_kind"),
                rs.getString("item_key"),
                rs.getInt("item_version"),
                OutboxStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
                (Integer) rs.getObject("last_code"),
                rs.getString("last_error"),
                rs.getString("shop_message"),
                instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("delivered_at", OffsetDateTime.class)));
    }

    /** How many rows of the website are in each status (every status listed, zero included). */
    public Map<OutboxStatus, Integer> countsByStatus(long websiteId) {
        Map<OutboxStatus, Integer> counts = new EnumMap<>(OutboxStatus.class);
        for (OutboxStatus status : OutboxStatus.values()) {
            counts.put(status, 0);
        }
        jdbc.query(
                "SELECT status, COUNT(*) AS n FROM outbox WHERE website_id = ? GROUP BY status",
                rs -> {
                    counts.put(OutboxStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                },
                websiteId);
        return counts;
    }

    /** When the website's shop last took an item. */
    public Optional<Instant> lastDelivered(long websiteId) {
        return Optional.ofNullable(instant(jdbc.queryForObject(
                "SELECT MAX(delivered_at) FROM outbox WHERE website_id = ? AND status = 'DELIVERED'",
                OffsetDateTime.class,
                websiteId)));
    }

    /**
     * Per minute of the last {@code minutes} before {@code now}: items delivered in it, items waiting
     * at its end (accepted, not yet delivered nor given up; an item that died later counts while it
     * waited), and items given up in it, from the outbox's own timestamps.
     */
    public record History(Instant since, int[] delivered, int[] waiting, int[] dead) {}

    public History history(long websiteId, Instant now, int minutes) {
        Instant since = now.minusSeconds(60L * minutes);
        int[] delivered = new int[minutes];
        int[] waiting = new int[minutes];
        int[] dead = new int[minutes];
        // A dead row's next_attempt_at is when it died (dead() sets it; no attempt follows).
        jdbc.query(
                "SELECT created_at, delivered_at, next_attempt_at, status FROM outbox WHERE website_id = ? AND created_at <= ?"
                        + " AND (delivered_at IS NULL OR delivered_at >= ?) AND (status <> 'DEAD' OR next_attempt_at >= ?)",
                rs -> {
                    Instant created =
                            rs.getObject("created_at", OffsetDateTime.class).toInstant();
                    boolean died = "DEAD".equals(rs.getString("status"));
                    Instant ended = died
                            ? instant(rs.getObject("next_attempt_at", OffsetDateTime.class))
                            : instant(rs.getObject("delivered_at", OffsetDateTime.class));
                    for (int m = 0; m < minutes; m++) {
                        Instant end = since.plusSeconds(60L * (m + 1));
                        if (!created.isAfter(end) && (ended == null || ended.isAfter(end))) {
                            waiting[m]++;
                        }
                    }
                    if (ended != null && ended.isAfter(since) && !ended.isAfter(now)) {
                        // Minute m ends at since + m + 1 minutes, the instant its waiting count is taken at.
                        int minute = (int) Math.min(
                                minutes - 1, (Duration.between(since, ended).toMillis() - 1) / 60_000);
                        if (died) {
                            dead[minute]++;
                        } else if ("DELIVERED".equals(rs.getString("status"))) {
                            delivered[minute]++;
                        }
                    }
                },
                websiteId,
                utc(now),
                utc(since),
                utc(since));
        return new History(since, delivered, waiting, dead);
    }

    /** Items of the website waiting for the shop. */
    /**
     * The websites with an item waiting, in one statement: read once at start (it reads the outbox's
     * claim index whole, which is why nothing on a request's path calls it).
     */
    public Set<Long> websitesWithPending() {
        return Set.copyOf(
                jdbc.queryForList("SELECT DISTINCT website_id FROM outbox WHERE status = 'PENDING'", Long.class));
    }

    @Override
    public long pendingFor(long websiteId) {
        return pendingCount(websiteId);
    }

    public long pendingCount(long websiteId) {
        // Kind by kind, each an index range of (website, kind, status): with "website_id = ? AND
        // status = ?" alone no index fits, and PostgreSQL scanned the whole outbox on every metrics
        // scrape, for every website; H2 does not bound an index by an IN list (HotPathPlansTest).
        Long count = jdbc.queryForObject(
                "SELECT "
                        + String.join(
                                " + ",
                                Collections.nCopies(
                                        kinds.size(),
                                        "(SELECT COUNT(*) FROM outbox WHERE website_id = ? AND item_kind = ? AND status = 'PENDING')")),
                Long.class,
                perKind(websiteId));
        return count == null ? 0 : count;
    }

    /** When the oldest item still waiting for the shop was accepted. */
    public Optional<Instant> oldestPending(long websiteId) {
        return Optional.ofNullable(instant(jdbc.queryForObject(
                "SELECT MIN(oldest) FROM ("
                        + String.join(
                                " UNION ALL ",
                                Collections.nCopies(
                                        kinds.size(),
                                        "SELECT MIN(created_at) AS oldest FROM outbox WHERE website_id = ? AND item_kind = ?"
                                                + " AND status = 'PENDING'"))
                        + ") pending",
                OffsetDateTime.class,
                perKind(websiteId))));
    }

    /** Pending rows waiting out a retry delay become due now (the operator fixed the shop). Returns how many. */
    public int makeDueNow(long websiteId, Instant now) {
        int made = 0;
        for (String kind : kinds) {
            made += jdbc.update(
                    "UPDATE outbox SET next_attempt_at = ? WHERE website_id = ? AND item_kind = ? AND status = 'PENDING'"
                            + " AND next_attempt_at > ?",
                    utc(now),
                    websiteId,
                    kind,
                    utc(now));
        }
        return made;
    }

    /** (website, kind) for each kind, in order. */
    private Object[] perKind(long websiteId) {
        Object[] args = new Object[kinds.size() * 2];
        for (int i = 0; i < kinds.size(); i++) {
            args[2 * i] = websiteId;
            args[2 * i + 1] = kinds.get(i);
        }
        return args;
    }

    /** The status of one row of the website, if it has that row. */
    public Optional<OutboxStatus> status(long websiteId, long id) {
        return jdbc
                .queryForList("SELECT status FROM outbox WHERE website_id = ? AND id = ?", String.class, websiteId, id)
                .stream()
                .findFirst()
                .map(OutboxStatus::valueOf);
    }

    /** Dead rows back to pending, due now, with a fresh count of attempts. Returns how many. */
    public int revive(long websiteId, Long id, Instant now) {
        String sql = "UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?, lease_owner = NULL,"
                + " lease_until = NULL WHERE website_id = ? AND status = 'DEAD'";
        return id == null
                ? jdbc.update(sql, utc(now), websiteId)
                : jdbc.update(sql + " AND id = ?", utc(now), websiteId, id);
    }

    private void settle(String assignments, Collection<Long> ids, String owner, Object... values) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(Arrays.asList(values));
        args.addAll(ids);
        args.add(owner);
        jdbc.update(
                "UPDATE outbox SET " + assignments + ", lease_owner = NULL, lease_until = NULL WHERE id IN ("
                        + Sql.markers(ids.size()) + ") AND lease_owner = ?",
                args.toArray());
    }

    private static String cut(String error) {
        return Text.abbreviate(error, ERROR_MAX);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
