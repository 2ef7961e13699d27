package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opensirelay.contract.Fault;
import org.opensirelay.contract.GetVersionRequest;
import org.opensirelay.contract.GetVersionResponse;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.types.Comment;
import org.opensirelay.contract.types.OrderReturnDocument;
import org.opensirelay.contract.types.ReferenceResponse;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SpringWsErpClient;
import org.springframework.ws.soap.client.SoapFaultClientException;

/**
 * The relay (CXF) as an ERP client on the other SOAP stack (Spring-WS, JAXB) sees it: answers,
 * codes and faults with their contract detail, over real HTTP.
 */
class SpringWsErpClientTest extends RelayIntegrationTest {

    private SpringWsErpClient erp(String key) {
        return new SpringWsErpClient(soap.endpoint().toString(), key);
    }

    private static Comment comment(int id, String text) {
        Comment comment = new Comment();
        comment.setOrderNumber("CC20050001");
        comment.setWebOrderNumber("1");
        comment.setCommentId(id);
        comment.setComment(text);
        comment.setCommentDate("2020-05-01");
        comment.setSendMail(true);
        comment.setVisibleForCustomer(true);
        return comment;
    }

    private static SetCommentsRequest comments(Comment... items) {
        SetCommentsRequest request = new SetCommentsRequest();
        request.setWebsiteCode(SHOP1);
        request.getComment().addAll(List.of(items));
        return request;
    }

    @Test
    void commentsAreCreatedThenKnownThenUpdated() {
        SpringWsErpClient erp = erp(SHOP1_KEY);
        assertThat(erp.set(comments(comment(7, "Colis parti"))))
                .extracting(ReferenceResponses::getReturn)
                .asList()
                .singleElement()
                .satisfies(entry -> {
                    assertThat(((ReferenceResponse) entry).getKey()).isEqualTo("7");
                    assertThat(((ReferenceResponse) entry).getCode()).isEqualTo(1001);
                });
        assertThat(erp.set(comments(comment(7, "Colis parti")))
                        .getReturn()
                        .get(0)
                        .getCode())
                .isEqualTo(2001);
        assertThat(erp.set(comments(comment(7, "Colis livré")))
                        .getReturn()
                        .get(0)
                        .getCode())
                .isEqualTo(1002);
        assertThat(jdbc.queryForObject("SELECT comment_text FROM order_comment WHERE comment_id = 7", String.class))
                .isEqualTo("Colis livré");
    }

    @Test
    void aReturnSlipIsStored() {
        SetOrderReturnDocumentsRequest request = new SetOrderReturnDocumentsRequest();
        request.setWebsiteCode(SHOP1);
        OrderReturnDocument slip = new OrderReturnDocument();
        slip.setReturnNumber("RET0001");
        slip.setWebReturnNumber("WEB-RET-1");
        slip.setUrl("https://erp.example/slips/RET0001.pdf");
        request.getOrderReturnDocument().add(slip);
        ReferenceResponse entry = erp(SHOP1_KEY).set(request).getReturn().get(0);
        assertThat(entry.getKey()).isEqualTo("RET0001");
        assertThat(entry.getCode()).isEqualTo(1001);
    }

    @Test
    void getVersionAnswersTheRelaysVersion() {
        GetVersionResponse version = (GetVersionResponse) erp(SHOP1_KEY).send(new GetVersionRequest());
        assertThat(version.getReturn()).startsWith("opensi-relay ");
    }

    @Test
    void aWrongKeyIsAClientFaultWithTheContractsDetail() {
        SpringWsErpClient erp = erp("not-the-key-of-any-website");
        SoapFaultClientException fault =
                catchThrowableOfType(SoapFaultClientException.class, () -> erp.set(comments(comment(8, "x"))));
        assertThat(fault.getFaultCode().getLocalPart()).isEqualTo("Client");
        assertThat(fault.getFaultStringOrReason())
                .isEqualTo("Authentification failed, please check your credentials! (Website_Code 'SHOP1')");
        assertThat(erp.detail(fault).getReason()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(storedRows()).isZero();
    }

    @Test
    void everyViolationReachesTheClientAsTypedDetail() {
        SpringWsErpClient erp = erp(SHOP1_KEY);
        Comment blank = comment(9, "   ");
        Comment tooLong = comment(10, "ok");
        tooLong.setWebOrderNumber("W".repeat(21));
        SoapFaultClientException fault =
                catchThrowableOfType(SoapFaultClientException.class, () -> erp.set(comments(blank, tooLong)));
        Fault detail = erp.detail(fault);
        assertThat(detail.getReason()).isEqualTo("INVALID_REQUEST");
        assertThat(detail.getViolation())
                .extracting(v -> v.getItem() + " " + v.getField() + " " + v.getRule())
                .containsExactly("1 Comment pattern", "2 WebOrderNumber maxLength");
        assertThat(storedRows()).isZero();
    }
}
