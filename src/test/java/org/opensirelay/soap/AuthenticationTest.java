package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensirelay.soap.FieldRulesTest.assertClientFault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The header key opens exactly one website. Every refusal is a Client fault, stores nothing, and is
 * audited with its precise reason, which the caller does not learn.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTest extends RelayIntegrationTest {

    private static final String FIXTURE = "setComments-seed.xml";

    @Test
    void wrongKey() {
        refused(
                Envelope.fixture(FIXTURE, "0123456789abcdef0123456789abcdef", SHOP1),
                "AUTHENTICATION_FAILED",
                "WRONG_KEY");
    }

    @Test
    void keyOfAnotherWebsite() {
        Answer answer =
                refused(Envelope.fixture(FIXTURE, SHOP2_KEY, SHOP1), "AUTHENTICATION_FAILED", "KEY_OF_ANOTHER_WEBSITE");
        answer.xml()
                .valueByXPath("//faultstring")
                .isEqualTo("Authentification failed, please check your credentials! (Website_Code 'SHOP1')");
    }

    @Test
    void unknownWebsite() {
        refused(Envelope.fixture(FIXTURE, SHOP1_KEY, "NOSUCHSHOP"), "AUTHENTICATION_FAILED", "UNKNOWN_WEBSITE");
    }

    @Test
    void missingHeader() {
        Answer answer = refused(shop1(FIXTURE).withoutHeader(), "MISSING_KEY", null);
        answer.xml().valueByXPath("//faultstring").asString().contains("key is missing");
    }

    @Test
    void emptyKey() {
        refused(Envelope.fixture(FIXTURE, "", SHOP1), "MISSING_KEY", null);
    }

    @Test
    void missingWebsiteCode() {
        Envelope envelope = shop1(FIXTURE);
        var code = envelope.request()
                .getElementsByTagNameNS(Envelope.NS, "Website_Code")
                .item(0);
        code.getParentNode().removeChild(code);
        refused(envelope, "MISSING_WEBSITE_CODE", null);
    }

    @Test
    void authenticationIsCheckedBeforeTheContent() {
        // An invalid request with a wrong key learns nothing about the contract's rules.
        refused(
                Envelope.fixture(FIXTURE, SHOP2_KEY, SHOP1).set("CommentId", "abc"),
                "AUTHENTICATION_FAILED",
                "KEY_OF_ANOTHER_WEBSITE");
    }

    @Test
    void theRightKeyIsAccepted() {
        soap.post(Envelope.fixture(FIXTURE, SHOP2_KEY, SHOP2))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
    }

    @Test
    void keysNeverReachTheLogOrTheDatabase(CapturedOutput output) {
        soap.post(shop1(FIXTURE));
        soap.post(Envelope.fixture(FIXTURE, SHOP2_KEY, SHOP1));
        soap.post(Envelope.fixture(FIXTURE, "wrong-key-that-is-long-enough", SHOP1));
        assertThat(output.getAll())
                .contains("outcome=ACCEPTED", "outcome=AUTHENTICATION_FAILED")
                .doesNotContain(SHOP1_KEY, SHOP2_KEY, "wrong-key-that-is-long-enough");
        String everything = String.join(
                "|",
                jdbc.queryForList(
                        "SELECT CONCAT(code, key_sha256) FROM website UNION ALL SELECT COALESCE(detail, '') FROM inbound_request",
                        String.class));
        assertThat(everything).doesNotContain(SHOP1_KEY, SHOP2_KEY, "wrong-key-that-is-long-enough");
    }

    private Answer refused(Envelope envelope, String reason, String auditDetail) {
        Answer answer = soap.post(envelope);
        assertClientFault(answer, reason);
        assertThat(storedRows()).isZero();
        var audit = jdbc.queryForMap("SELECT outcome, detail, operation FROM inbound_request");
        assertThat(audit).containsEntry("OUTCOME", reason).containsEntry("OPERATION", "setComments");
        if (auditDetail != null) {
            assertThat(audit).containsEntry("DETAIL", auditDetail);
        }
        return answer;
    }
}
