package org.opensirelay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.opensirelay.OpensiRelayApplication;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.StubShop;
import org.springframework.util.FileSystemUtils;

/**
 * The benchmark: the relay, the no-op endpoint of the same stack and WireMock, started side by side
 * on this machine and driven with the same load from a separate process; then the relay's delivery
 * drains and its immediate-mode latency. Writes {@code BENCHMARKS.md} and a PNG chart.
 *
 * <p>Run it with {@code bench/run} (see docs/benchmarks.md); {@code BenchmarkSmokeTest} runs it in its smoke
 * mode (a few seconds per step) as part of {@code ./mvnw verify}.
 */
public final class Benchmark {

    static final String INGEST = "BENCH";
    /** Each drain has a website of its own (DRAIN0 for the cold one, then one per backlog): one's delivery run cannot pick up the next one's backlog. */
    static final String DRAIN = "DRAIN";

    static final String LIVE = "LIVE";
    static final String RELAY = "relay";
    static final String RELAY_POSTGRES = "relay on PostgreSQL";
    static final String TEXTBOOK_DURABLE = "textbook, durable";
    static final String TEXTBOOK = "textbook, H2 default";
    static final String SAME_WORK = "same-work textbook, durable";
    static final String SAME_WORK_POSTGRES = "same-work textbook on PostgreSQL";
    static final String NOOP = "no-op (same stack)";
    static final String WIREMOCK = "WireMock";
    private static final String RELAY_PATH = "/soap/opensi";

    private final BenchmarkSettings settings;
    private final String classpath = System.getProperty("java.class.path");
    private final String java =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Map<String, String> keys = new HashMap<>();
    private final String adminToken = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();
    private long nextCommentId = 1;
    /** How many items the relay was sent (and stored: every one is new). */
    private long relayItems;

    private int relayPort;

    Benchmark(BenchmarkSettings settings) {
        this.settings = settings;
        for (String website : List.of(INGEST, LIVE)) {
            keys.put(website, UUID.randomUUID().toString());
        }
        for (int i = 0; i <= settings.drains().size(); i++) {
            keys.put(DRAIN + i, UUID.randomUUID().toString());
        }
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--postgres-only")) {
            // For working on the PostgreSQL path: its cells, drains and fill alone, as progress lines, no report.
            String[] rest = List.of(args).stream()
                    .filter(a -> !a.equals("--postgres-only"))
                    .toArray(String[]::new);
            new Benchmark(BenchmarkSettings.fromArguments(rest)).runPostgresOnly();
            return;
        }
        BenchmarkSettings settings = BenchmarkSettings.fromArguments(args);
        BenchmarkResults results = new Benchmark(settings).run();
        BenchmarkReport.write(results, settings);
        System.out.println("wrote " + settings.markdown() + " and " + settings.chart());
    }

    void runPostgresOnly() throws Exception {
        Path work = settings.workDir();
        FileSystemUtils.deleteRecursively(work);
        Files.createDirectories(work);
        try (StubShop shop = StubShop.start()) {
            onPostgres(new BenchmarkResults(settings), work, shop);
        }
    }

    BenchmarkResults run() throws Exception {
        Path work = settings.workDir();
        FileSystemUtils.deleteRecursively(work);
        Files.createDirectories(work);
        BenchmarkResults results = new BenchmarkResults(settings);
        try (StubShop shop = StubShop.start()) {
            Map<String, Target> targets = new LinkedHashMap<>();
            try {
                // One after the other, so that each start-up time is measured on an idle machine.
                targets.put(
                        RELAY,
                        startRelay(
                                RELAY,
                                work,
                                shop,
                                List.of("--relay.data-dir="
                                        + work.resolve("relay-data").toAbsolutePath())));
                targets.put(TEXTBOOK_DURABLE, startTextbook(TEXTBOOK_DURABLE, work, ";WRITE_DELAY=0"));
                targets.put(TEXTBOOK, startTextbook(TEXTBOOK, work, ""));
                targets.put(SAME_WORK, startTextbook(SAME_WORK, work, ";WRITE_DELAY=0", "--textbook.same-work=true"));
                targets.put(NOOP, startNoop(work));
                targets.put(WIREMOCK, startWireMock(work));
                targets.values().forEach(t -> results.startup.put(t.server.name, t.server.startup));
                progress("started: " + results.startup);

                for (Target target : targets.values()) {
                    warmUp(target);
                }
                for (int size : settings.sizes()) {
                    for (int concurrency : settings.concurrencies()) {
                        for (Target target : targets.values()) {
                            if (target.server.name.equals(RELAY)) {
                                results.relayItemsBefore.put(size + ":" + concurrency, relayItems);
                            }
                            LoadResult result = load(target, size, concurrency, settings.warmup(), settings.duration());
                            results.ingest.add(result);
                            progress(result.toString());
                        }
                    }
                }
                tails(results, targets.get(RELAY), targets.get(SAME_WORK));
                afterIdle(results, targets.get(RELAY), targets.get(TEXTBOOK_DURABLE));
                Target relay = targets.get(RELAY);
                results.coldDrain = drains(relay.server, shop, "", results.drains);
                results.immediate = immediate(relay.server, shop);
                progress("immediate: " + results.immediate);
                // PostgreSQL before the big H2 fill, whose write-back to disk distorted its figures, and with
                // every H2 server stopped: an idle H2 relay holding a few million items still works in the
                // background (its file's upkeep), and the relay on PostgreSQL measured a tenth of its speed
                // beside it. The H2 relay starts again on its own data for the fill.
                long peakBefore = relay.server.lifetimePeakRssKb();
                ServerProcess.closeAll(
                        targets.values().stream().map(Target::server).toList());
                long h2Items = relayItems;
                onPostgres(results, work, shop);
                relay = startRelay(
                        RELAY,
                        work,
                        shop,
                        List.of("--relay.data-dir=" + work.resolve("relay-data").toAbsolutePath()));
                targets.put(RELAY, relay);
                relayItems = h2Items;
                // A new JVM: compiled again before it is measured against the young database's figure.
                warmUp(relay);
                if (settings.flatItems() > 0) {
                    flatWithSize(results, relay);
                }
                results.relayStoredItems = relayItems;
                results.relayPeakRssKb = Math.max(peakBefore, relay.server.lifetimePeakRssKb());
                results.relayFileBytes = h2FileBytes(work.resolve("relay-data"));
                progress("relay H2 file: " + results.relayFileBytes + " bytes for " + relayItems + " items");
            } finally {
                ServerProcess.closeAll(
                        targets.values().stream().map(Target::server).toList());
            }
            results.relayFileBytesAfterClose = h2FileBytes(work.resolve("relay-data"));
        }
        return results;
    }

    /**
     * The tails by the external load generator: each tail cell on the relay and on its same-work
     * peer, one after the other, each after a warm-up run of its own.
     */
    private void tails(BenchmarkResults results, Target relay, Target peer) throws IOException, InterruptedException {
        String missing = WrkLoad.missing();
        if (missing != null) {
            // As for PostgreSQL: said in the report, and required where CI=true (BenchmarkSmokeTest).
            results.tailsSkipped = missing;
            progress("tails not measured: " + missing);
            return;
        }
        for (BenchmarkSettings.Cell cell : settings.tailCells()) {
            for (Target target : List.of(relay, peer)) {
                if (!settings.warmup().isZero()) {
                    wrk(target, cell, settings.warmup());
                }
                long before = WrkLoad.fullCollections(target.server.pid());
                WrkLoad.Result measured = wrk(target, cell, settings.duration());
                long after = WrkLoad.fullCollections(target.server.pid());
                TailResult result = new TailResult(
                        target.server.name,
                        cell.size(),
                        cell.concurrency(),
                        measured,
                        before < 0 || after < 0 ? -1 : after - before);
                results.tails.add(result);
                progress(result.toString());
            }
        }
    }

    private WrkLoad.Result wrk(Target target, BenchmarkSettings.Cell cell, Duration duration)
            throws IOException, InterruptedException {
        URI url = target.urls.get(cell.size());
        WrkLoad.Result result =
                WrkLoad.run(url, INGEST, keys.get(INGEST), cell.size(), cell.concurrency(), nextCommentId, duration);
        // Each wrk thread counts up from its own start: the next run starts past the longest of them.
        nextCommentId += result.maxThreadIds();
        if (url.getPath().equals(RELAY_PATH) && url.getPort() == relayPort) {
            relayItems += result.ids();
        }
        return result;
    }

    /**
     * Flat with size: fills the relay up to {@code flatItems} stored items (100-item envelopes, c=8),
     * then runs the 100-item c=8 load again, to compare with the same run on the young database.
     */
    private void flatWithSize(BenchmarkResults results, Target relay) throws IOException, InterruptedException {
        long fill = settings.flatItems() - relayItems;
        if (fill > 0) {
            progress("filling the relay with " + fill + " more items");
            relay.server.peakRssKbAndReset();
            Map<String, String> fields = generate(relay.urls.get(100), INGEST, 100, 8, "--total-items=" + fill);
            results.flatFill = LoadResult.parse(RELAY, 100, 8, fields, relay.server.peakRssKbAndReset());
            if (results.flatFill.errors() > 0) {
                throw new IllegalStateException("filling the relay failed: " + fields);
            }
            progress("filled: " + results.flatFill);
        }
        results.flatItemsBefore = relayItems;
        results.flatAfter = load(relay, 100, 8, settings.warmup(), settings.duration());
        progress("after " + results.flatItemsBefore + " items: " + results.flatAfter);
    }

    /** A server and where the load generator posts envelopes of a given size to it. */
    private record Target(ServerProcess server, Map<Integer, URI> urls) {}

    private Target startRelay(String name, Path work, StubShop shop, List<String> storage)
            throws IOException, InterruptedException {
        int port = freePort();
        relayPort = port;
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(settings.serverJvmOptions());
        if (settings.relayJar() != null) {
            command.addAll(List.of("-jar", settings.relayJar().toString()));
        } else {
            command.addAll(List.of("-cp", classpath, OpensiRelayApplication.class.getName()));
        }
        command.add("--server.port=" + port);
        command.addAll(storage);
        // The websites through the environment, as an operator would set them: keys stay off the
        // command line that anyone can read with ps (and Spring binds a list from one source only).
        Map<String, String> environment = new HashMap<>();
        // Items kept, never delivered (no shop): the ingest path alone.
        environment.put("RELAY_WEBSITES_0_CODE", INGEST);
        environment.put("RELAY_WEBSITES_0_KEY", keys.get(INGEST));
        // Delivered right after each accepting transaction commits.
        environment.put("RELAY_WEBSITES_1_CODE", LIVE);
        environment.put("RELAY_WEBSITES_1_KEY", keys.get(LIVE));
        environment.put("RELAY_WEBSITES_1_SHOP_URL", shop.url());
        environment.put("RELAY_WEBSITES_1_SHOP_KEY", "shop-key-" + keys.get(LIVE));
        environment.put("RELAY_WEBSITES_1_DELIVERY_IMMEDIATE", "true");
        // Delivered only when the benchmark says "deliver now".
        for (int i = 0; i <= settings.drains().size(); i++) {
            String prefix = "RELAY_WEBSITES_" + (2 + i) + "_";
            environment.put(prefix + "CODE", DRAIN + i);
            environment.put(prefix + "KEY", keys.get(DRAIN + i));
            environment.put(prefix + "SHOP_URL", shop.url());
            environment.put(prefix + "SHOP_KEY", "shop-key-" + keys.get(DRAIN + i));
            environment.put(prefix + "DELIVERY_INTERVAL", "P1D");
        }
        environment.put("RELAY_ADMIN_TOKEN", adminToken);
        URI soap = URI.create("http://127.0.0.1:" + port + RELAY_PATH);
        ServerProcess server = ServerProcess.start(
                name, command, environment, URI.create(soap + "?wsdl"), work.resolve(name.replace(' ', '-') + ".log"));
        return new Target(server, Map.of(1, soap, 100, soap));
    }

    /** The Spring-WS application a team would write in a day ({@code textbook.TextbookOpensiServer}). */
    private Target startTextbook(String name, Path work, String h2Settings, String... more)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(settings.serverJvmOptions());
        String slug = name.replaceAll("[^a-z]+", "-");
        command.addAll(List.of(
                "-cp",
                classpath,
                "textbook.TextbookOpensiServer",
                "--server.port=" + port,
                "--textbook.data=" + work.resolve(slug).toAbsolutePath(),
                "--textbook.h2-settings=" + h2Settings));
        command.addAll(List.of(more));
        Map<String, String> environment = Map.of("TEXTBOOK_WEBSITE", INGEST, "TEXTBOOK_KEY", keys.get(INGEST));
        URI soap = URI.create("http://127.0.0.1:" + port + "/soap/opensi");
        ServerProcess server = ServerProcess.start(
                name, command, environment, URI.create(soap + ".wsdl"), work.resolve(slug + ".log"));
        return new Target(server, Map.of(1, soap, 100, soap));
    }

    private void warmUp(Target target) throws IOException, InterruptedException {
        for (int size : settings.sizes()) {
            load(target, size, 8, settings.initialWarmup(), Duration.ZERO);
        }
        target.server.peakRssKbAndReset();
    }

    /**
     * The ERP's normal pattern is a burst every 10 minutes: after every server has sat idle for the
     * pause, each in turn gets single 1-item requests (c=1) with no warm-up, measured from the first.
     */
    private void afterIdle(BenchmarkResults results, Target... servers) throws IOException, InterruptedException {
        progress("idle for " + settings.idlePause().toSeconds() + " s");
        Thread.sleep(settings.idlePause().toMillis());
        for (Target target : servers) {
            LoadResult result = load(target, 1, 1, Duration.ZERO, settings.idleProbe());
            results.afterIdle.add(result);
            progress("after idle: " + result);
        }
    }

    /**
     * The relay again, on PostgreSQL (a new schema), beside the same-work textbook on PostgreSQL (a
     * schema of its own): the ingest cells, the drains, and flat with size (filled up to
     * {@code postgresFlatItems}, then the 100-item c=8 run again).
     */
    private void onPostgres(BenchmarkResults results, Path work, StubShop shop)
            throws IOException, InterruptedException {
        if (!Postgres.reachable()) {
            results.postgresSkipped = "PostgreSQL is not reachable at " + Postgres.URL;
            progress(results.postgresSkipped);
            return;
        }
        results.postgresVersion = Postgres.serverVersion();
        long h2Items = relayItems;
        int h2Port = relayPort;
        relayItems = 0;
        Target relay = startRelay(RELAY_POSTGRES, work, shop, List.of(Postgres.relayArgs(Postgres.newSchema())));
        String peerSchema = Postgres.newSchema();
        Target peer = startTextbook(
                SAME_WORK_POSTGRES,
                work,
                "",
                "--textbook.same-work=true",
                "--spring.datasource.url=" + peerSchema,
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + Postgres.PASSWORD);
        // The relay keeps its own tables' planner statistics; the peer relies on autovacuum, which is
        // off on some servers (this machine's): its analyze is done for it, as autovacuum would.
        ScheduledExecutorService peerStatistics = Executors.newSingleThreadScheduledExecutor();
        peerStatistics.scheduleWithFixedDelay(() -> analyzeEveryTable(peerSchema), 0, 10, TimeUnit.SECONDS);
        try {
            results.startup.put(RELAY_POSTGRES, relay.server.startup);
            results.startup.put(SAME_WORK_POSTGRES, peer.server.startup);
            warmUp(relay);
            warmUp(peer);
            for (int size : settings.sizes()) {
                for (int concurrency : settings.concurrencies()) {
                    if (size == 100 && concurrency == 8) {
                        results.postgresItemsAtYoung100 = relayItems;
                    }
                    for (Target target : List.of(relay, peer)) {
                        LoadResult result = load(target, size, concurrency, settings.warmup(), settings.duration());
                        results.ingest.add(result);
                        progress(result.toString());
                    }
                }
            }
            tails(results, relay, peer);
            peerStatistics.shutdownNow();
            peer.server.close();
            shop.reset();
            results.coldDrainPostgres = drains(relay.server, shop, "PostgreSQL ", results.drainsPostgres);
            if (settings.postgresFlatItems() > 0) {
                long fill = settings.postgresFlatItems() - relayItems;
                if (fill > 0) {
                    progress("filling the relay on PostgreSQL with " + fill + " more items");
                    Map<String, String> fields = generate(relay.urls.get(100), INGEST, 100, 8, "--total-items=" + fill);
                    if (LoadResult.parse(RELAY_POSTGRES, 100, 8, fields, 0).errors() > 0) {
                        throw new IllegalStateException("filling the relay on PostgreSQL failed: " + fields);
                    }
                }
                results.postgresFlatItemsBefore = relayItems;
                results.postgresFlatAfter = load(relay, 100, 8, settings.warmup(), settings.duration());
                progress(
                        "PostgreSQL after " + results.postgresFlatItemsBefore + " items: " + results.postgresFlatAfter);
            }
            results.postgresPeakRssKb = relay.server.lifetimePeakRssKb();
        } finally {
            peerStatistics.shutdownNow();
            peer.server.close();
            relay.server.close();
            relayItems = h2Items;
            relayPort = h2Port;
        }
    }

    /** ANALYZE of every table in the schema of {@code jdbcUrl} (its currentSchema). */
    private static void analyzeEveryTable(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, Postgres.USER, Postgres.PASSWORD);
                Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                statement.execute("ANALYZE " + table);
            }
        } catch (SQLException e) {
            System.err.println("could not analyze the tables of " + jdbcUrl + ": " + e.getMessage());
        }
    }

    private static long h2FileBytes(Path dataDir) throws IOException {
        try (var files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".mv.db"))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    private Target startNoop(Path work) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(settings.serverJvmOptions());
        command.addAll(List.of("-cp", classpath, NoopOpensiServer.class.getName(), "--server.port=" + port));
        URI soap = URI.create("http://127.0.0.1:" + port + "/soap/opensi");
        ServerProcess server =
                ServerProcess.start(NOOP, command, Map.of(), URI.create(soap + "?wsdl"), work.resolve("noop.log"));
        return new Target(server, Map.of(1, soap, 100, soap));
    }

    /**
     * WireMock standalone with one canned setCommentsResponse per envelope size (one
     * {@code 1001} per item), at its own path; the request journal is off, as for any load test
     * (kept on, it grows without bound).
     */
    private Target startWireMock(Path work) throws IOException, InterruptedException {
        int port = freePort();
        Path root = work.resolve("wiremock");
        Files.createDirectories(root.resolve("mappings"));
        Files.createDirectories(root.resolve("__files"));
        Map<Integer, URI> urls = new HashMap<>();
        for (int size : settings.sizes()) {
            String path = "/soap/opensi/" + size;
            Files.writeString(root.resolve("__files/answer-" + size + ".xml"), cannedAnswer(size));
            Files.writeString(root.resolve("mappings/answer-" + size + ".json"), """
                    {"request": {"method": "POST", "urlPath": "%s"},
                     "response": {"status": 200, "headers": {"Content-Type": "text/xml; charset=utf-8"},
                                  "bodyFileName": "answer-%d.xml"}}
                    """.formatted(path, size));
            urls.put(size, URI.create("http://127.0.0.1:" + port + path));
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(settings.serverJvmOptions());
        command.addAll(List.of(
                "-jar",
                settings.wiremockJar().toString(),
                "--port",
                Integer.toString(port),
                "--root-dir",
                root.toString(),
                "--no-request-journal",
                "--disable-banner"));
        ServerProcess server = ServerProcess.start(
                WIREMOCK,
                command,
                Map.of(),
                URI.create("http://127.0.0.1:" + port + "/__admin/mappings"),
                work.resolve("wiremock.log"));
        return new Target(server, urls);
    }

    static String cannedAnswer(int items) {
        StringBuilder xml = new StringBuilder(
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                        + "<setCommentsResponse xmlns=\"http://www.opensi.fr\" xmlns:ns2=\"http://www.opensi.fr/xsd\">");
        for (int i = 1; i <= items; i++) {
            xml.append("<return><ns2:Key>")
                    .append(i)
                    .append("</ns2:Key><ns2:Code>1001</ns2:Code><ns2:Message>Created</ns2:Message></return>");
        }
        return xml.append("</setCommentsResponse></soap:Body></soap:Envelope>").toString();
    }

    /** One load run from a separate JVM; the server's peak memory is taken over this run alone. */
    private LoadResult load(Target target, int size, int concurrency, Duration warmup, Duration duration)
            throws IOException, InterruptedException {
        target.server.peakRssKbAndReset();
        Map<String, String> result = generate(
                target.urls.get(size),
                INGEST,
                size,
                concurrency,
                "--warmup=" + seconds(warmup),
                "--duration=" + seconds(duration));
        long peak = target.server.peakRssKbAndReset();
        return LoadResult.parse(target.server.name, size, concurrency, result, peak);
    }

    /**
     * The warm-up drain (returned), then each measured drain into {@code measured}, each backlog on
     * a website of its own; {@code label} names the database in the progress lines.
     */
    private DrainResult drains(ServerProcess relay, StubShop shop, String label, List<DrainResult> measured)
            throws IOException, InterruptedException {
        DrainResult warmUp = drain(relay, shop, settings.warmupDrain(), DRAIN + 0);
        progress(label + "warm-up " + warmUp);
        for (int i = 0; i < settings.drains().size(); i++) {
            DrainResult result = drain(relay, shop, settings.drains().get(i), DRAIN + (i + 1));
            measured.add(result);
            progress(label + result);
        }
        return warmUp;
    }

    /**
     * Fills {@code website} with {@code backlog} new comments (100-item envelopes), then asks for
     * delivery and times it until the stub shop holds them all.
     */
    private DrainResult drain(ServerProcess relay, StubShop shop, int backlog, String website)
            throws IOException, InterruptedException {
        URI soap = URI.create("http://127.0.0.1:" + relayPort + RELAY_PATH);
        Map<String, String> fill = generate(soap, website, 100, 4, "--total-items=" + backlog);
        if (!"0".equals(fill.get("errors"))) {
            throw new IllegalStateException("filling the backlog failed: " + fill);
        }
        int before = shop.itemsApplied();
        int duplicatesBefore = shop.duplicatesAnswered();
        relay.peakRssKbAndReset();
        long start = System.nanoTime();
        HttpResponse<String> trigger = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + relayPort + "/api/websites/" + website + "/deliver"))
                        .header("Authorization", "Bearer " + adminToken)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // Deliver now runs the delivery during the call (200 with what it did); the shop's count is
        // still what decides that the drain is over.
        if (trigger.statusCode() != 200) {
            throw new IllegalStateException("deliver-now answered " + trigger.statusCode() + ": " + trigger.body());
        }
        long deadline = start + Duration.ofMinutes(10).toNanos();
        int received;
        while ((received = shop.itemsApplied() - before) < backlog) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "drain of " + backlog + " stalled at " + received + "; see " + relay.log());
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new DrainResult(
                backlog, seconds, relay.peakRssKbAndReset(), shop.duplicatesAnswered() - duplicatesBefore);
    }

    /**
     * Ingest-to-shop latency in immediate mode: one-comment envelopes posted one at a time, a
     * little apart (as an ERP posts when something happens), each timed from the moment it is sent
     * to the moment the stub shop receives it.
     */
    private ImmediateResult immediate(ServerProcess relay, StubShop shop) throws IOException, InterruptedException {
        URI soap = URI.create("http://127.0.0.1:" + relayPort + RELAY_PATH);
        shop.reset();
        Map<String, Instant> sent = new HashMap<>();
        for (int i = 0; i < settings.immediateSamples(); i++) {
            long id = nextCommentId++;
            relayItems++;
            String envelope = LoadGenerator.envelope(LIVE, keys.get(LIVE), 1, id);
            sent.put(Long.toString(id), Instant.now());
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(soap)
                            .header("Content-Type", "text/xml; charset=utf-8")
                            .header("SOAPAction", "\"\"")
                            .POST(HttpRequest.BodyPublishers.ofString(envelope))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().contains("Code>1001<")) {
                throw new IllegalStateException(
                        "immediate-mode post answered " + answer.statusCode() + ": " + answer.body());
            }
            Thread.sleep(settings.immediateGap().toMillis());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (shop.itemsApplied() < sent.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "immediate mode: " + shop.itemsApplied() + " of " + sent.size() + " arrived");
            }
            Thread.sleep(10);
        }
        Histogram latency = new Histogram(3_600_000_000L, 3);
        for (StubShop.Request request : shop.requests()) {
            for (Map<String, String> item : request.items()) {
                Instant at = sent.get(item.get("CommentId"));
                latency.recordValue(Duration.between(at, request.at()).toNanos() / 1000);
            }
        }
        return new ImmediateResult(
                sent.size(),
                latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0);
    }

    /** Runs the load generator in a JVM of its own and returns its RESULT line as fields. */
    private Map<String, String> generate(URI url, String website, int size, int concurrency, String... more)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-cp",
                classpath,
                LoadGenerator.class.getName(),
                "--url=" + url,
                "--website=" + website,
                "--key=" + keys.get(website),
                "--items=" + size,
                "--concurrency=" + concurrency,
                "--first-id=" + nextCommentId));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (process.waitFor() != 0 || !output.contains("RESULT ")) {
            throw new IllegalStateException("load generator failed: " + output);
        }
        Map<String, String> fields = LoadResult.fields(output, "RESULT ");
        long ids = Long.parseLong(fields.get("ids"));
        nextCommentId += ids;
        if (url.getPath().equals(RELAY_PATH) && url.getPort() == relayPort) {
            relayItems += ids;
        }
        return fields;
    }

    private static String seconds(Duration duration) {
        return Double.toString(duration.toMillis() / 1000.0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void progress(String line) {
        System.out.println("[bench " + Instant.now() + "] " + line);
    }
}
