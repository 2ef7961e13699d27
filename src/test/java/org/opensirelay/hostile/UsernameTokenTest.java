package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp;
import org.opensirelay.support.SoapHttp.Answer;
import org.opensirelay.support.UsernameTokens;

/**
 * WS-Security per website: UT opens only by UsernameToken, BOTH needs the token and the key, KEY
 * only the key. Wrong passwords, replayed nonces and stale tokens get a WS-Security fault.
 */
class UsernameTokenTest {

    private static final String SEED = "setComments-seed.xml";
    private static final String BOTH_KEY = "b6d767d2f8ed5d21a44b0e5886680cb9";
    private static final String KEY_KEY = "37693cfc748049e45d87b8c7d8b9aacd";

    @TempDir
    static Path dataDir;

    private static RelayProcess relay;
    private static SoapHttp soap;

    @BeforeAll
    static void start() {
        relay = RelayProcess.start(
                dataDir,
                "--relay.websites[0].code=UT",
                "--relay.websites[0].security=username-token",
                "--relay.websites[0].username=erp-ut",
                "--relay.websites[0].password=ut-password-1",
                "--relay.websites[1].code=BOTH",
                "--relay.websites[1].key=" + BOTH_KEY,
                "--relay.websites[1].security=both",
                "--relay.websites[1].username=erp-both",
                "--relay.websites[1].password=both-password-2",
                "--relay.websites[2].code=KEY",
                "--relay.websites[2].key=" + KEY_KEY);
        soap = relay.soap();
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @Test
    void aValidTokenOpensItsWebsiteWithoutAKey() {
        // A comment no other test of this relay posts: created here, so 1001 and nothing else.
        Answer answer = post(UsernameTokens.envelope(SEED, null, "UT", UsernameTokens.header("erp-ut", "ut-password-1"))
                .replace(">1</xsd:CommentId>", ">901</xsd:CommentId>"));
        assertThat(answer.status()).isEqualTo(200);
        answer.xml().valueByXPath("//xsd:Key").isEqualTo("901");
        answer.xml().valueByXPath("//xsd:Code").isEqualTo("1001");
    }

    @Test
    void theKeyAloneDoesNotOpenATokenWebsite() {
        Answer answer = post(UsernameTokens.envelope(SEED, BOTH_KEY, "UT", ""));
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("AUTHENTICATION_FAILED");
    }

    @Test
    void aWrongPasswordIsAWsSecurityFault() {
        Answer answer =
                post(UsernameTokens.envelope(SEED, null, "UT", UsernameTokens.header("erp-ut", "not-the-password")));
        assertWsSecurityFault(answer);
    }

    @Test
    void aReplayedNonceIsAWsSecurityFault() {
        String once = UsernameTokens.envelope(SEED, null, "UT", UsernameTokens.header("erp-ut", "ut-password-1"));
        assertThat(post(once).status()).isEqualTo(200);
        assertWsSecurityFault(post(once));
    }

    @Test
    void aStaleTokenIsAWsSecurityFault() {
        String stale = UsernameTokens.header(
                "erp-ut",
                "ut-password-1",
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                Instant.now().minus(Duration.ofMinutes(10)),
                true);
        assertWsSecurityFault(post(UsernameTokens.envelope(SEED, null, "UT", stale)));
    }

    @Test
    void aPlainTextPasswordDoesNotCount() {
        String plain = UsernameTokens.header(
                "erp-ut", "ut-password-1", new byte[] {9, 8, 7, 6, 5, 4, 3, 2}, Instant.now(), false);
        Answer answer = post(UsernameTokens.envelope(SEED, null, "UT", plain));
        // WSS4J accepts the token's form, but only a verified digest opens a website: no credentials then.
        assertThat(answer.status()).isEqualTo(500);
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("MISSING_KEY");
        assertThat(answer.body()).doesNotContain("ut-password-1");
    }

    @Test
    void bothMeansTheTokenAndTheKey() {
        String token = UsernameTokens.header("erp-both", "both-password-2");
        post(UsernameTokens.envelope(SEED, BOTH_KEY, "BOTH", token))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        post(UsernameTokens.envelope(SEED, null, "BOTH", UsernameTokens.header("erp-both", "both-password-2")))
                .xml()
                .valueByXPath("//open:fault/open:reason")
                .isEqualTo("AUTHENTICATION_FAILED");
        post(UsernameTokens.envelope(SEED, BOTH_KEY, "BOTH", ""))
                .xml()
                .valueByXPath("//open:fault/open:reason")
                .isEqualTo("AUTHENTICATION_FAILED");
    }

    @Test
    void anotherWebsitesTokenOpensNothing() {
        Answer answer =
                post(UsernameTokens.envelope(SEED, null, "UT", UsernameTokens.header("erp-both", "both-password-2")));
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("AUTHENTICATION_FAILED");
        post(UsernameTokens.envelope(SEED, KEY_KEY, "KEY", ""))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
    }

    @Test
    void passwordsNeverReachTheAuditWhichKeepsThePreciseReason() {
        post(UsernameTokens.envelope(SEED, null, "UT", UsernameTokens.header("erp-ut", "not-the-password")));
        assertThat(relay.jdbc()
                        .queryForList(
                                "SELECT COALESCE(detail, '') FROM inbound_request WHERE outcome = 'WS_SECURITY'",
                                String.class))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d).startsWith("WS-Security: "));
        assertThat(relay.jdbc().queryForList("SELECT COALESCE(detail, '') FROM inbound_request", String.class))
                .noneMatch(
                        d -> d.contains("password-1") || d.contains("not-the-password") || d.contains("both-password"));
    }

    private static void assertWsSecurityFault(Answer answer) {
        assertThat(answer.status()).isEqualTo(500);
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("WS_SECURITY");
        // WSS4J's fault code (ns1:SecurityError in http://ws.apache.org/wss4j), not a contract one.
        answer.xml()
                .valueByXPath("string(//faultcode/namespace::*[name() = substring-before(//faultcode, ':')])")
                .isEqualTo("http://ws.apache.org/wss4j");
        answer.xml().valueByXPath("//faultstring").asString().startsWith("WS-Security: ");
    }

    private static Answer post(String envelope) {
        return soap.post(envelope, "text/xml; charset=utf-8");
    }
}
