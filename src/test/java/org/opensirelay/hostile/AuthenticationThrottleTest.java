package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp.Answer;

/**
 * Guessing keys or tokens from one address gets that address refused for a while, at every
 * credential check: SOAP keys (each failure audited), the admin API, the website API and the
 * console's sign-in.
 */
class AuthenticationThrottleTest {

    private static final String KEY = "45c48cce2e2d7fbdeb4d5d6f1cd3e6b7";
    private static final String OTHER_KEY = "d3d9446802a44259755d38e6d163e820";
    private static final String ADMIN_TOKEN = "throttle-test-admin-token-0123";
    private static final String API_TOKEN = "throttle-test-api-token-456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theAdminApiTheWebsiteApiAndTheConsoleThrottleWrongTokensToo(@TempDir Path dataDir) throws Exception {
        try (RelayProcess relay = RelayProcess.start(
                dataDir,
                "--relay.websites[0].code=GUARDED",
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].api-token=" + API_TOKEN,
                "--relay.admin.token=" + ADMIN_TOKEN,
                "--relay.auth.max-failures=3",
                "--relay.auth.window=PT1M",
                "--relay.auth.lock=PT5M")) {
            int port = relay.port();
            for (int guess = 0; guess < 3; guess++) {
                assertThat(get(port, "/api/websites", "admin-guess-" + guess).statusCode())
                        .isEqualTo(401);
            }
            HttpResponse<String> locked = get(port, "/api/websites", ADMIN_TOKEN);
            assertThat(locked.statusCode())
                    .as("even the right token, while locked")
                    .isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
            assertThat(locked.body()).contains("TOO_MANY_FAILURES", "try again in");

            for (int guess = 0; guess < 3; guess++) {
                assertThat(get(port, "/api/v1/websites/GUARDED/returns", "api-guess-" + guess)
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(get(port, "/api/v1/websites/GUARDED/returns", API_TOKEN).statusCode())
                    .isEqualTo(429);

            for (int guess = 0; guess < 3; guess++) {
                assertThat(signIn(port, "console-guess-" + guess).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> console = signIn(port, ADMIN_TOKEN);
            assertThat(console.statusCode()).isEqualTo(429);
            assertThat(console.body()).contains("Too many failed sign-ins");

            // SOAP keeps its own count: the REST guesses above did not lock the ERP out.
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "GUARDED"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
        }
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> signIn(int port, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void repeatedFailuresLockTheAddressOut(@TempDir Path dataDir) {
        try (RelayProcess relay = RelayProcess.start(
                dataDir,
                "--relay.websites[0].code=GUARDED",
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[1].code=OTHER",
                "--relay.websites[1].key=" + OTHER_KEY,
                "--relay.auth.max-failures=3",
                "--relay.auth.window=PT1M",
                "--relay.auth.lock=PT5M")) {
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "GUARDED"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            for (int guess = 0; guess < 3; guess++) {
                relay.soap()
                        .post(Envelope.fixture("setComments-seed.xml", "guess-number-" + guess + "-0000000", "GUARDED"))
                        .xml()
                        .valueByXPath("//open:fault/open:reason")
                        .isEqualTo("AUTHENTICATION_FAILED");
            }
            Answer locked = relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "GUARDED"));
            assertThat(locked.status()).isEqualTo(429);
            locked.xml().valueByXPath("//open:fault/open:reason").isEqualTo("TOO_MANY_FAILURES");
            locked.xml()
                    .valueByXPath("//faultstring")
                    .asString()
                    .contains("try again in")
                    .contains("for Website_Code 'GUARDED'");

            // Another website behind the same address (a real ERP beside a QA suite) is not locked out.
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", OTHER_KEY, "OTHER"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");

            assertThat(relay.jdbc()
                            .queryForObject(
                                    "SELECT COUNT(*) FROM inbound_request WHERE outcome = 'AUTHENTICATION_FAILED'",
                                    Integer.class))
                    .isEqualTo(3);
            assertThat(relay.jdbc().queryForList("SELECT COALESCE(detail, '') FROM inbound_request", String.class))
                    .noneMatch(detail -> detail.contains("guess-number") || detail.contains(KEY));
        }
    }
}
