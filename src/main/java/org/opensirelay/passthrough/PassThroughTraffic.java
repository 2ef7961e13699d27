package org.opensirelay.passthrough;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What passed through for each website over the last 24 hours, per operation, and its last failures,
 * for the console. Kept in memory by each node (a pass-through call never touches the database), in
 * hourly slots: constant memory per website and operation.
 */
@Component
public class PassThroughTraffic {

    /**
     * One operation's calls over the last 24 h; {@code cut} of the failures are answers broken off
     * part-way (the ERP's connection closed mid-answer).
     */
    public record OperationTraffic(
            String operation,
            long calls,
            long failures,
            long cut,
            long bytesToShop,
            long bytesFromShop,
            long slowestShopMillis) {}

    /** A call that did not end with the shop's answer going back. */
    public record Failure(Instant at, String operation, String outcome, String message) {}

    static final int HOURS = 24;
    static final int FAILURES_KEPT = 20;
    /** Operations told apart per website; an ERP inventing names shares one line beyond that. */
    static final int OPERATIONS_KEPT = 64;

    static final String OTHER_OPERATIONS = "(other)";

    private final Clock clock;
    private final Map<String, WebsiteTraffic> byWebsite = new ConcurrentHashMap<>();

    PassThroughTraffic(Clock clock) {
        this.clock = clock;
    }

    void record(
            String websiteCode,
            String operation,
            Outcome outcome,
            long shopMillis,
            long bytesToShop,
            long bytesFromShop,
            String message) {
        byWebsite
                .computeIfAbsent(websiteCode, c -> new WebsiteTraffic())
                .record(clock.instant(), operation, outcome, shopMillis, bytesToShop, bytesFromShop, message);
    }

    /** The website's calls of the last 24 hours, by operation, busiest first. */
    public List<OperationTraffic> last24Hours(String websiteCode) {
        WebsiteTraffic traffic = byWebsite.get(websiteCode);
        return traffic == null ? List.of() : traffic.summary(clock.instant());
    }

    /** The website's last failed calls, newest first. */
    public List<Failure> lastFailures(String websiteCode) {
        WebsiteTraffic traffic = byWebsite.get(websiteCode);
        return traffic == null ? List.of() : traffic.failures();
    }

    private static final class WebsiteTraffic {

        private final Map<String, long[][]> slotsByOperation = new LinkedHashMap<>();
        private final Deque<Failure> failures = new ArrayDeque<>();

        // Per slot: the hour it holds, calls, failures, bytes to the shop, bytes from it, answers cut, slowest shop
        // time (the last: every count before it is summed over the hours, the slowest is their maximum).
        private static final int HOUR = 0;
        private static final int CALLS = 1;
        private static final int FAILED = 2;
        private static final int TO_SHOP = 3;
        private static final int FROM_SHOP = 4;
        private static final int CUT = 5;
        private static final int SLOWEST = 6;
        private static final int FIELDS = 7;

        synchronized void record(
                Instant at,
                String operation,
                Outcome outcome,
                long shopMillis,
                long toShop,
                long fromShop,
                String message) {
            String name = slotsByOperation.containsKey(operation) || slotsByOperation.size() < OPERATIONS_KEPT
                    ? operation
                    : OTHER_OPERATIONS;
            long hour = hourOf(at);
            long[] slot = slotsByOperation.computeIfAbsent(name, n -> new long[HOURS][FIELDS])[(int) (hour % HOURS)];
            if (slot[HOUR] != hour) {
                Arrays.fill(slot, 0);
                slot[HOUR] = hour;
            }
            slot[CALLS]++;
            slot[FAILED] += outcome.failure() ? 1 : 0;
            slot[TO_SHOP] += toShop;
            slot[FROM_SHOP] += fromShop;
            slot[CUT] += outcome == Outcome.CUT ? 1 : 0;
            slot[SLOWEST] = Math.max(slot[SLOWEST], shopMillis);
            if (outcome.failure()) {
                failures.addFirst(new Failure(at, operation, outcome.label(), message));
                while (failures.size() > FAILURES_KEPT) {
                    failures.removeLast();
                }
            }
        }

        synchronized List<OperationTraffic> summary(Instant now) {
            long hour = hourOf(now);
            List<OperationTraffic> rows = new ArrayList<>();
            slotsByOperation.forEach((operation, slots) -> {
                long[] sum = new long[FIELDS];
                for (long[] slot : slots) {
                    if (slot[CALLS] > 0 && slot[HOUR] > hour - HOURS && slot[HOUR] <= hour) {
                        for (int i = CALLS; i < SLOWEST; i++) {
                            sum[i] += slot[i];
                        }
                        sum[SLOWEST] = Math.max(sum[SLOWEST], slot[SLOWEST]);
                    }
                }
                if (sum[CALLS] > 0) {
                    rows.add(new OperationTraffic(
                            operation, sum[CALLS], sum[FAILED], sum[CUT], sum[TO_SHOP], sum[FROM_SHOP], sum[SLOWEST]));
                }
            });
            rows.sort(Comparator.comparingLong(OperationTraffic::calls)
                    .reversed()
                    .thenComparing(OperationTraffic::operation));
            return rows;
        }

        synchronized List<Failure> failures() {
            return List.copyOf(failures);
        }

        private static long hourOf(Instant at) {
            return at.getEpochSecond() / Duration.ofHours(1).toSeconds();
        }
    }
}
