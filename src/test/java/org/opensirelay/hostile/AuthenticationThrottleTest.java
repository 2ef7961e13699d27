package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp.Answer;

/** Guessing keys from one address gets that address refused for a while; each failure is audited. */
class AuthenticationThrottleTest {

    private static final String KEY = "45c48cce2e2d7fbdeb4d5d6f1cd3e6b7";
    private static final String OTHER_KEY = "d3d9446802a44259755d38e6d163e820";

    @Test
    void repeatedFailuresLockTheAddressOut(@TempDir Path dataDir) {
        try (RelayProcess relay = RelayProcess.start(dataDir, "--relay.websites[0].code=GUARDED", "--relay.websites[0].key=" + KEY,
                "--relay.websites[1].code=OTHER", "--relay.websites[1].key=" + OTHER_KEY,
                "--relay.auth.max-failures=3", "--relay.auth.window=PT1M", "--relay.auth.lock=PT5M")) {
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "GUARDED")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
            for (int guess = 0; guess < 3; guess++) {
                relay.soap().post(Envelope.fixture("setComments-seed.xml", "guess-number-" + guess + "-0000000", "GUARDED")).xml()
                        .valueByXPath("//open:fault/open:reason").isEqualTo("AUTHENTICATION_FAILED");
            }
            Answer locked = relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "GUARDED"));
            assertThat(locked.status()).isEqualTo(429);
            locked.xml().valueByXPath("//open:fault/open:reason").isEqualTo("TOO_MANY_FAILURES");
            locked.xml().valueByXPath("//faultstring").asString().contains("try again in").contains("for Website_Code 'GUARDED'");

            // Another website behind the same address (a real ERP beside a QA suite) is not locked out.
            relay.soap().post(Envelope.fixture("setComments-seed.xml", OTHER_KEY, "OTHER")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");

            assertThat(relay.jdbc().queryForObject(
                    "SELECT COUNT(*) FROM inbound_request WHERE outcome = 'AUTHENTICATION_FAILED'", Integer.class)).isEqualTo(3);
            assertThat(relay.jdbc().queryForList("SELECT COALESCE(detail, '') FROM inbound_request", String.class))
                    .noneMatch(detail -> detail.contains("guess-number") || detail.contains(KEY));
        }
    }
}
