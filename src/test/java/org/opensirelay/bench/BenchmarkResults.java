package org.opensirelay.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one run measured. */
final class BenchmarkResults {

    final BenchmarkSettings settings;
    final ZonedDateTime date = ZonedDateTime.now();
    final Map<String, Duration> startup = new LinkedHashMap<>();
    final List<LoadResult> ingest = new ArrayList<>();
    /** The tails by wrk, relay and same-work peer, on H2 then on PostgreSQL. */
    final List<TailResult> tails = new ArrayList<>();
    /** Why there are no tails by wrk, or null. */
    String tailsSkipped;

    final List<DrainResult> drains = new ArrayList<>();
    /** The first drain after start-up, on cold code paths. */
    DrainResult coldDrain;

    ImmediateResult immediate;
    long relayStoredItems;
    long relayPeakRssKb;
    /** The relay's H2 file at the end of its runs, and once the relay has closed it. */
    long relayFileBytes;

    long relayFileBytesAfterClose;
    /** The items the relay held when each of its ingest runs began ("size:concurrency"). */
    final Map<String, Long> relayItemsBefore = new LinkedHashMap<>();
    /** Filling the relay up to {@code flatItems} (100-item envelopes, c=8), and the 100-item c=8 run after it. */
    LoadResult flatFill;

    LoadResult flatAfter;
    long flatItemsBefore;
    /** c=1 runs right after every server sat idle. */
    final List<LoadResult> afterIdle = new ArrayList<>();

    final List<DrainResult> drainsPostgres = new ArrayList<>();
    /** Filling the relay on PostgreSQL up to {@code postgresFlatItems}, and its 100-item c=8 run after it. */
    LoadResult postgresFlatAfter;

    long postgresFlatItemsBefore;
    /** The items the relay on PostgreSQL held when its 100-item c=8 run began. */
    long postgresItemsAtYoung100;

    DrainResult coldDrainPostgres;
    long postgresPeakRssKb;
    /** Why there are no PostgreSQL numbers, or null. */
    String postgresSkipped;

    String postgresVersion;

    BenchmarkResults(BenchmarkSettings settings) {
        this.settings = settings;
    }

    Optional<LoadResult> ingest(String server, int size, int concurrency) {
        return ingest.stream()
                .filter(r -> r.server().equals(server) && r.size() == size && r.concurrency() == concurrency)
                .findFirst();
    }

    Optional<TailResult> tail(String server, int size, int concurrency) {
        return tails.stream()
                .filter(r -> r.server().equals(server) && r.size() == size && r.concurrency() == concurrency)
                .findFirst();
    }
}
