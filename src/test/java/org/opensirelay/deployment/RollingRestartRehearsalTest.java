package org.opensirelay.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ErpLoad;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.HaProxy;
import org.opensirelay.support.JarProcess;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.PostgresServer;
import org.opensirelay.support.RequiresPostgres;
import org.opensirelay.support.RequiresPrograms;
import org.opensirelay.support.SoapHttp;
import org.opensirelay.support.StubShop;
import org.opensirelay.support.WebhookReceiver;

/**
 * The production setup of docs/operations.md, rehearsed: two nodes of the packaged jar on one PostgreSQL
 * database, configured by environment variables only, behind Debian's HAProxy checking each node's
 * readiness probe. An ERP posts without pause through HAProxy while both nodes are restarted one after
 * the other (SIGTERM, back to ready) and then one is killed outright (SIGKILL); the shops read only
 * {@code Content-Length}. Then a backup taken during the load (PostgreSQL's own {@code pg_dump}, as the
 * README says) is restored into a fresh database and a fresh node, which serves the same websites:
 * the configured one, and one made at run time whose shop key is sealed in the database and whose
 * webhook subscription signs with the secret given when it was made.
 */
@RequiresPostgres
@RequiresPrograms({RequiresPrograms.Program.HAPROXY, RequiresPrograms.Program.POSTGRES_SERVER})
class RollingRestartRehearsalTest {

    private static final String SHOP1_KEY = "9b1f0c3e5a7d4b2e8c6f1a3d5e7b9c0a";
    private static final String ADMIN_TOKEN = "rehearsal-admin-token-5e1d9c";
    private static final String SECRETS_KEY = "rehearsal-secrets-key-0123456789abcdef0123456789";
    private static final String SIGNING_KEY = "rehearsal-signing-key-fedcba9876543210fedcba9876";
    private static final String SHOP1_SHOP_KEY = "shop1-connector-key-from-env";
    private static final String SHOP2_SHOP_KEY = "shop2-connector-key-sealed-at-run-time";
    private static final int CLIENTS = 2;
    private static final int ITEMS_PER_ENVELOPE = 5;
    /**
     * Each client posts at most every 50 ms (40 envelopes a second in all): steady traffic through
     * both restarts, and a number of items the shop can be sent within the deadline below whatever the
     * machine's speed (unpaced, a quiet machine posted 51,045 items and their delivery ran past it).
     */
    private static final Duration PACE = Duration.ofMillis(50);
    /** HAProxy's check: every 500 ms, up after 2 good answers, down after 2 bad ones. */
    private static final Duration BACK_IN_ROTATION = Duration.ofMillis(1500);

    @Test
    void twoNodesBehindHaproxyRestartUnderLoadWithoutAFailedOrLostRequestAndABackupRestoresThem(@TempDir Path root)
            throws Exception {
        String schemaUrl = Postgres.newSchema();
        List<JarProcess> nodes = new ArrayList<>();
        try (StubShop shop1 = StubShop.start();
                StubShop shop2 = StubShop.start();
                WebhookReceiver receiver = WebhookReceiver.start()) {
            Map<String, String> environment = environment(schemaUrl, shop1);
            HaProxy.Node node1 = new HaProxy.Node(JarProcess.freePort(), JarProcess.freePort());
            HaProxy.Node node2 = new HaProxy.Node(JarProcess.freePort(), JarProcess.freePort());
            nodes.addAll(startAll(root, environment, List.of(node1, node2)));
            try (HaProxy haproxy = HaProxy.start(root, List.of(node1, node2), "/actuator/health/readiness")) {
                URI endpoint = URI.create("http://127.0.0.1:" + haproxy.port() + "/soap/opensi");
                Eventually.within(
                        Duration.ofSeconds(20),
                        "HAProxy sends requests to a ready node",
                        () -> new SoapHttp(endpoint).get("?wsdl").status() == 200);

                // A website made at run time through the load balancer: its shop key is sealed in the database.
                JsonHttp admin = new JsonHttp(haproxy.port(), ADMIN_TOKEN);
                JsonHttp.Answer created = admin.post("/api/websites", """
                        {"code": "SHOP2", "shop": {"url": "%s", "key": "%s"}, "delivery": {"interval": "PT1S", "immediate": true}}""".formatted(shop2.url(), SHOP2_SHOP_KEY));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String shop2Key = created.json().get("key").asString();
                JsonHttp.Answer subscribed = admin.post(
                        "/api/websites/SHOP2/webhooks",
                        "{\"url\": \"" + receiver.url() + "\", \"events\": [\"comment.stored\"]}");
                assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
                String webhookSecret = subscribed.json().get("secret").asString();

                Path dump = root.resolve("relay.dump");
                Instant rollingStarted;
                Instant rollingEnded;
                Instant killed;
                Instant killRecovered;
                ErpLoad load = ErpLoad.start(endpoint, SHOP1_KEY, "SHOP1", CLIENTS, ITEMS_PER_ENVELOPE, 1, PACE);
                try {
                    pause(Duration.ofSeconds(3));
                    // The rolling restart: each node stopped as a service manager stops it, then started again.
                    rollingStarted = Instant.now();
                    for (int i = 0; i < nodes.size(); i++) {
                        JarProcess node = nodes.get(i);
                        int logged = node.log().length();
                        Instant stopping = Instant.now();
                        assertThat(node.stop())
                                .as(node.name() + "'s exit code after SIGTERM")
                                .isIn(0, 143);
                        Instant stopped = Instant.now();
                        assertThat(warnings(node.log().substring(logged)))
                                .as(node.name() + " stopped without a warning")
                                .isEmpty();
                        nodes.set(i, start(root, environment, i == 0 ? node1 : node2, "node" + (i + 1) + "-restarted"));
                        System.out.printf(
                                "rehearsal: %s stopped %d ms after SIGTERM, ready again %d ms later (%s)%n",
                                node.name(),
                                Duration.between(stopping, stopped).toMillis(),
                                Duration.between(stopped, Instant.now()).toMillis(),
                                nodes.get(i)
                                        .log()
                                        .lines()
                                        .filter(l -> l.contains("Started OpensiRelayApplication"))
                                        .map(l -> l.substring(l.indexOf("Started")))
                                        .findFirst()
                                        .orElse("no start line"));
                        pause(BACK_IN_ROTATION);
                    }
                    rollingEnded = Instant.now();

                    // A backup while the ERP posts: the database's own tool, as docs/operations.md says for PostgreSQL.
                    pgDump(schemaUrl, dump);

                    // A crash: one node killed outright, then started again.
                    killed = Instant.now();
                    nodes.get(0).kill();
                    pause(Duration.ofSeconds(1));
                    nodes.set(0, start(root, environment, node1, "node1-after-kill"));
                    pause(BACK_IN_ROTATION);
                    killRecovered = Instant.now();
                    pause(Duration.ofSeconds(2));
                } finally {
                    load.close();
                }

                List<ErpLoad.Failure> failures = load.failures();
                List<ErpLoad.Failure> duringRestart = load.failuresBetween(rollingStarted, rollingEnded);
                List<ErpLoad.Failure> duringKill = load.failuresBetween(killed, killRecovered);
                Set<Integer> acknowledged = load.acknowledged();
                System.out.printf(
                        "rehearsal: %d requests (%d items acknowledged) through HAProxy; rolling restart of 2 nodes in %d ms:"
                                + " %d failed; SIGKILL of one node: %d failed; %d failed in all; slowest answer %d ms%n",
                        load.requests(),
                        acknowledged.size(),
                        Duration.between(rollingStarted, rollingEnded).toMillis(),
                        duringRestart.size(),
                        duringKill.size(),
                        failures.size(),
                        load.slowestMillis());
                failures.forEach(f -> System.out.println("rehearsal: failed " + f));
                assertThat(duringRestart)
                        .as("ERP requests failed during the rolling restart")
                        .isEmpty();
                assertThat(failures)
                        .as("ERP requests failed at any time, the SIGKILL included")
                        .isEmpty();

                // Nothing acknowledged is lost, and the shop reading only Content-Length gets every item, once stored.
                Set<Integer> stored = commentIds(schemaUrl, "SHOP1");
                Set<Integer> lost = new HashSet<>(acknowledged);
                lost.removeAll(stored);
                assertThat(lost)
                        .as("acknowledged comments missing from the database")
                        .isEmpty();
                Eventually.within(Duration.ofSeconds(60), "every acknowledged comment at the shop", () -> {
                    // One copy of what the shop holds per look: a copy per comment made each look
                    // quadratic, and with some 40,000 acknowledged one look outlasted the deadline.
                    Map<String, Map<String, String>> applied = shop1.applied();
                    return acknowledged.stream().allMatch(id -> applied.containsKey("comment " + id));
                });
                assertThat(shop1.requests())
                        .as("the shop got the key of its connector")
                        .allSatisfy(r -> assertThat(r.key()).isEqualTo(SHOP1_SHOP_KEY));
                System.out.printf(
                        "rehearsal: %d acknowledged, 0 lost, %d delivered to the Content-Length shop (%d sent again and"
                                + " answered 2001)%n",
                        acknowledged.size(), shop1.itemsApplied(), shop1.duplicatesAnswered());

                // The backup, restored into a fresh database, served by a fresh node configured the same way.
                String restoredUrl = pgRestore(dump, schemaUrl);
                Map<String, String> restoredEnvironment = new LinkedHashMap<>(environment);
                restoredEnvironment.put("RELAY_DB_URL", restoredUrl);
                try (JarProcess fresh = start(
                        root,
                        restoredEnvironment,
                        new HaProxy.Node(JarProcess.freePort(), JarProcess.freePort()),
                        "restored")) {
                    SoapHttp direct = fresh.soap();
                    // The configured website: a comment acknowledged before the backup is there already.
                    direct.post(ErpLoad.envelope(SHOP1_KEY, "SHOP1", 1, 1), "text/xml; charset=utf-8")
                            .xml()
                            .valueByXPath("//xsd:Code")
                            .isEqualTo("2001");
                    assertThat(commentIds(restoredUrl, "SHOP1"))
                            .as("the backup holds what was acknowledged before it")
                            .contains(1, 2, 3, 4, 5);
                    // The website made at run time: its key opens it, its sealed shop key reaches its shop,
                    // and its webhook signs with the secret given when the subscription was made.
                    receiver.clear();
                    int restoredComment = 900_001;
                    direct.post(org.opensirelay.support.Envelope.fixture("setComments-seed.xml", shop2Key, "SHOP2")
                                    .repeat(
                                            1,
                                            (i, item) -> org.opensirelay.support.Envelope.field(item, "CommentId")
                                                    .setTextContent(Integer.toString(restoredComment))))
                            .xml()
                            .valueByXPath("//xsd:Code")
                            .isEqualTo("1001");
                    Eventually.within(
                            Duration.ofSeconds(20),
                            "the restored node delivers SHOP2's comment with the sealed shop key",
                            () -> shop2.requests().stream()
                                    .anyMatch(r -> SHOP2_SHOP_KEY.equals(r.key())
                                            && r.items().stream()
                                                    .anyMatch(item -> Integer.toString(restoredComment)
                                                            .equals(item.get("CommentId")))));
                    Eventually.within(
                            Duration.ofSeconds(20),
                            "the restored node's webhook about that comment",
                            () -> receiver.received().stream()
                                    .anyMatch(m -> m.body().contains(Integer.toString(restoredComment))));
                    WebhookReceiver.Received message = receiver.received().stream()
                            .filter(m -> m.body().contains(Integer.toString(restoredComment)))
                            .findFirst()
                            .orElseThrow();
                    assertThat(WebhookReceiver.verify(webhookSecret, message, message.body()))
                            .as("the webhook's signature verifies with the subscription's original secret")
                            .isTrue();
                    assertThat(fresh.stop()).isIn(0, 143);
                } finally {
                    dropDatabase(restoredUrl);
                }
            }
        } finally {
            nodes.forEach(JarProcess::close);
        }
    }

    /** What an operator puts in the environment of each node (docs/operations.md). */
    private static Map<String, String> environment(String schemaUrl, StubShop shop1) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("RELAY_DB_URL", schemaUrl);
        env.put("RELAY_DB_USER", Postgres.USER);
        env.put("RELAY_DB_PASSWORD", Postgres.PASSWORD);
        env.put("RELAY_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("RELAY_SECRETS_KEY", SECRETS_KEY);
        env.put("RELAY_WEBHOOKS_SIGNING_KEY", SIGNING_KEY);
        env.put("RELAY_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "SHOP2");
        env.put("RELAY_PUBLIC_URL", "https://returns.shop1.example");
        env.put("RELAY_WEBSITES_0_CODE", "SHOP1");
        env.put("RELAY_WEBSITES_0_KEY", SHOP1_KEY);
        env.put("RELAY_WEBSITES_0_SHOP_URL", shop1.url());
        env.put("RELAY_WEBSITES_0_SHOP_KEY", SHOP1_SHOP_KEY);
        env.put("RELAY_WEBSITES_0_DELIVERY_INTERVAL", "PT2S");
        env.put("RELAY_WEBSITES_0_DELIVERY_IMMEDIATE", "true");
        env.put("SERVER_FORWARD_HEADERS_STRATEGY", "native");
        env.put("RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_0", "Shop One, service retours");
        env.put("RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_1", "1 quai des Retours, 69002 Lyon");
        return env;
    }

    private static List<JarProcess> startAll(Path root, Map<String, String> env, List<HaProxy.Node> ports)
            throws Exception {
        List<CompletableFuture<JarProcess>> starting = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            String name = "node" + (i + 1);
            HaProxy.Node port = ports.get(i);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return start(root, env, port, name);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<JarProcess> nodes = new ArrayList<>();
        for (CompletableFuture<JarProcess> node : starting) {
            nodes.add(node.get(150, TimeUnit.SECONDS));
        }
        return nodes;
    }

    /**
     * A node on {@code port}, with the README's heap flags, its data directory one that does not exist
     * yet (as on a new machine: on PostgreSQL the relay writes nothing there), ready before it returns.
     */
    private static JarProcess start(Path root, Map<String, String> env, HaProxy.Node ports, String name)
            throws Exception {
        Path home = Files.createDirectories(root.resolve(name));
        JarProcess node = JarProcess.in(home)
                .name(name)
                .jvmFlags(JarProcess.README_JVM_FLAGS)
                // As docs/operations.md advises for rolling restarts: the shorter a node's start, the
                // shorter the other carries everything alone.
                .withClassDataArchive()
                // A node restarted beside one under the ERP's load shares two cores with it, HAProxy and the
                // load: 36-41 s on an earlier machine, over 90 s on a slower one (Tomcat's start alone 31 s).
                // The rehearsal is about what the ERP sees meanwhile, not how fast a start is.
                .liveWithin(Duration.ofSeconds(180))
                .env(env)
                .env("RELAY_DATA_DIR", home.resolve("data").toString())
                .env("SERVER_PORT", Integer.toString(ports.port()))
                .env("MANAGEMENT_SERVER_PORT", Integer.toString(ports.probePort()))
                .start();
        try {
            node.await("/actuator/health/readiness", 200, Duration.ofSeconds(120));
        } catch (RuntimeException notReady) {
            node.close();
            throw notReady;
        }
        return node;
    }

    private static List<String> warnings(String log) {
        return log.lines()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .toList();
    }

    private static Set<Integer> commentIds(String url, String website) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT c.comment_id FROM order_comment c JOIN website w ON w.id = c.website_id"
                                + " WHERE w.code = '" + website + "'")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    /** {@code pg_dump} of the relay's schema, in PostgreSQL's custom format. */
    private static void pgDump(String schemaUrl, Path file) {
        PostgresServer.runTool(
                "pg_dump",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(
                        URI.create(Postgres.URL.substring("jdbc:".length())).getPort()),
                "-U",
                Postgres.USER,
                "-n",
                schemaOf(schemaUrl),
                "-F",
                "c",
                "-f",
                file.toString(),
                databaseOf(schemaUrl));
    }

    /** A new database holding the dump; returns the URL of its schema. */
    private static String pgRestore(Path dump, String schemaUrl) {
        String database = "relay_restored_" + System.currentTimeMillis();
        int port = URI.create(Postgres.URL.substring("jdbc:".length())).getPort();
        PostgresServer.runTool(
                "createdb", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", Postgres.USER, database);
        PostgresServer.runTool(
                "pg_restore",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                Postgres.USER,
                "-d",
                database,
                dump.toString());
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?currentSchema=" + schemaOf(schemaUrl);
    }

    private static void dropDatabase(String url) {
        try (Connection c = DriverManager.getConnection(Postgres.URL, Postgres.USER, Postgres.PASSWORD)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + databaseOf(url) + " WITH (FORCE)");
        } catch (SQLException e) {
            System.out.println("rehearsal: could not drop " + databaseOf(url) + ": " + e.getMessage());
        }
    }

    private static String schemaOf(String url) {
        return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    }

    private static String databaseOf(String url) {
        String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String path = URI.create(withoutQuery.substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
