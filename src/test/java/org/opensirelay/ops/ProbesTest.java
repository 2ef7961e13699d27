package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.RequiresPostgres;
import org.opensirelay.support.TcpLink;

/**
 * The probes as an orchestrator sees them on a PostgreSQL node with the probes on a port of their own
 * (issue 35, 2): readiness is UP when the database answers, whatever the (absent) data directory;
 * liveness does not depend on the database; the management port keeps every access rule of the main one.
 */
@RequiresPostgres
class ProbesTest {

    private static final String ADMIN_TOKEN = "probes-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private static Path notCreated;
    private static TcpLink database;
    private static RelayProcess relay;

    @BeforeAll
    static void start() throws IOException {
        // Nothing of the relay's is written locally on PostgreSQL: the data directory is never made.
        notCreated = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "probes-")
                .resolve("never-created");
        String schema = Postgres.newSchema();
        Matcher server = Pattern.compile("//([^/:]+):(\\d+)/").matcher(schema);
        assertThat(server.find()).as(schema).isTrue();
        database = TcpLink.to(server.group(1), Integer.parseInt(server.group(2)));
        String throughLink = schema.substring(0, server.start()) + "//127.0.0.1:" + database.port() + "/"
                + schema.substring(server.end());
        List<String> args = new java.util.ArrayList<>(List.of(Postgres.relayArgs(throughLink)));
        args.addAll(List.of(
                "--management.server.port=0",
                "--relay.admin.token=" + ADMIN_TOKEN,
                "--relay.websites[0].code=PROBED",
                "--relay.websites[0].key=9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
                // A database that is gone is said so within a second, not after Hikari's default 30 s.
                "--spring.datasource.hikari.connection-timeout=1000"));
        relay = RelayProcess.start(notCreated, args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void readinessIsUpOnPostgresAlthoughTheDataDirectoryDoesNotExist() {
        HttpResponse<String> readiness = management("/actuator/health/readiness", null);

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(Files.exists(notCreated)).as("the data directory was made").isFalse();
    }

    @Test
    void theManagementPortKeepsTheAdminTokenInFrontOfTheMetrics() {
        assertThat(management("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/prometheus", "not-the-admin-token-at-all")
                        .statusCode())
                .isEqualTo(401);
        assertThat(management("/actuator/health/../prometheus", null).statusCode())
                .isEqualTo(401);
        assertThat(management("/actuator/%70rometheus", null).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = management("/actuator/prometheus", ADMIN_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_", "application=\"opensi-relay\"");
        // The probes and metrics are on the management port only.
        assertThat(call(relay.port(), "/actuator/prometheus", ADMIN_TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void livenessStaysUpWhileTheDatabaseIsGoneAndReadinessSaysItIsNot() {
        database.cut();
        try {
            Eventually.within(Duration.ofSeconds(15), "readiness DOWN without the database", () -> {
                HttpResponse<String> readiness = management("/actuator/health/readiness", null);
                return readiness.statusCode() == 503 && readiness.body().contains("\"status\":\"DOWN\"");
            });
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> liveness = management("/actuator/health/liveness", null);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(liveness.statusCode()).isEqualTo(200);
                assertThat(liveness.body()).contains("\"status\":\"UP\"");
                assertThat(took).isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            database.restore();
        }
        Eventually.within(
                Duration.ofSeconds(20),
                "readiness UP once the database is back",
                () -> management("/actuator/health/readiness", null).statusCode() == 200);
    }

    private static HttpResponse<String> management(String path, String token) {
        return call(relay.managementPort(), path, token);
    }

    private static HttpResponse<String> call(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " on port " + port + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
