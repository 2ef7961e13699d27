package org.opensirelay.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ErpLoad;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JarProcess;
import org.opensirelay.support.PostgresServer;
import org.opensirelay.support.RequiresPrograms;
import org.opensirelay.support.StubShop;

/**
 * The replicated PostgreSQL of docs/operations.md, rehearsed: a primary with a synchronous standby (made with
 * {@code pg_basebackup}), one relay node on a multi-host JDBC URL that asks for the primary. Under an
 * ERP's load the primary is stopped at once (as its machine would die) and the standby promoted (what
 * Patroni does). The relay is not restarted: it finds the new primary by itself, and nothing it
 * acknowledged is lost, since a commit waits for the synchronous standby.
 */
@RequiresPrograms({RequiresPrograms.Program.POSTGRES_SERVER})
class ReplicatedPostgresRehearsalTest {

    private static final String KEY = "3c59dc048e8850243be8079a5c74d079";

    @Test
    void theRelayRidesAFailoverToASynchronousStandbyWithoutLosingAnAcknowledgedItem(@TempDir Path root)
            throws Exception {
        try (PostgresServer primary = PostgresServer.primary(root);
                StubShop shop = StubShop.start()) {
            primary.createDatabase("relay");
            try (PostgresServer standby = primary.standby(root, "standby1")) {
                primary.requireSynchronousStandby("standby1");
                PostgresServer.await(
                        "the standby is the primary's synchronous standby",
                        Duration.ofSeconds(30),
                        () -> primary.queryLong(
                                        "postgres",
                                        "SELECT COUNT(*) FROM pg_stat_replication WHERE application_name = 'standby1'"
                                                + " AND sync_state = 'sync'")
                                == 1);
                String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                        + "/relay?targetServerType=primary";
                Path home = Files.createDirectories(root.resolve("relay"));
                try (JarProcess relay = JarProcess.in(home)
                        .jvmFlags(JarProcess.README_JVM_FLAGS)
                        .env("SPRING_PROFILES_ACTIVE", "postgres")
                        .env("RELAY_DB_URL", url)
                        .env("RELAY_DB_USER", "postgres")
                        .env("RELAY_SECRETS_KEY", "replicated-secrets-key-0123456789abcdef012345")
                        .env("RELAY_WEBHOOKS_SIGNING_KEY", "replicated-signing-key-0123456789abcdef01234")
                        .env("RELAY_WEBSITES_0_CODE", "SHOP1")
                        .env("RELAY_WEBSITES_0_KEY", KEY)
                        .env("RELAY_WEBSITES_0_SHOP_URL", shop.url())
                        .env("RELAY_WEBSITES_0_SHOP_KEY", "replicated-shop-connector-key")
                        .env("RELAY_WEBSITES_0_DELIVERY_INTERVAL", "PT2S")
                        .env("RELAY_WEBSITES_0_DELIVERY_IMMEDIATE", "true")
                        .start()) {
                    relay.await("/actuator/health/readiness", 200, Duration.ofSeconds(60));
                    Instant failedOver;
                    ErpLoad load = ErpLoad.start(URI.create(relay.baseUrl() + "/soap/opensi"), KEY, "SHOP1", 2, 5, 1);
                    try {
                        pause(Duration.ofSeconds(4));
                        failedOver = Instant.now();
                        primary.stopImmediately();
                        standby.promote();
                        PostgresServer.await("the standby is promoted", Duration.ofSeconds(30), standby::isPrimary);
                        pause(Duration.ofSeconds(6));
                    } finally {
                        load.close();
                    }
                    Duration pause = load.longestPauseSince(failedOver);
                    System.out.printf(
                            "replicated PostgreSQL: %d requests, %d items acknowledged, %d failed; the ERP waited at most"
                                    + " %d ms for an answer around the failover; the relay was not restarted%n",
                            load.requests(),
                            load.acknowledged().size(),
                            load.failures().size(),
                            pause.toMillis());
                    load.failures().forEach(f -> System.out.println("replicated PostgreSQL: failed " + f));
                    assertThat(relay.isAlive()).isTrue();
                    assertThat(load.failures())
                            .as("requests refused while no primary answered (the ERP sends them again)")
                            .hasSizeLessThanOrEqualTo(10);
                    load.resendFailed(Duration.ofSeconds(30));

                    // Every acknowledged comment is on the promoted standby: the commit waited for it.
                    Set<Integer> stored = new HashSet<>();
                    try (Connection c = DriverManager.getConnection(standby.url("relay"), "postgres", "");
                            ResultSet rs = c.createStatement().executeQuery("SELECT comment_id FROM order_comment")) {
                        while (rs.next()) {
                            stored.add(rs.getInt(1));
                        }
                    }
                    Set<Integer> lost = new HashSet<>(load.acknowledged());
                    lost.removeAll(stored);
                    assertThat(lost)
                            .as("acknowledged comments missing after the failover")
                            .isEmpty();
                    Eventually.within(
                            Duration.ofSeconds(60),
                            () -> "every acknowledged comment at the shop; missing: "
                                    + load.acknowledged().stream()
                                            .filter(id -> !shop.applied().containsKey("comment " + id))
                                            .sorted()
                                            .toList()
                                    + "; the relay's warnings:\n"
                                    + String.join(
                                            "\n",
                                            relay.log()
                                                    .lines()
                                                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                                                    .map(l -> l.length() > 400 ? l.substring(0, 400) : l)
                                                    .toList()),
                            () -> load.acknowledged().stream()
                                    .allMatch(id -> shop.applied().containsKey("comment " + id)));
                    relay.await("/actuator/health/readiness", 200, Duration.ofSeconds(10));
                }
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
