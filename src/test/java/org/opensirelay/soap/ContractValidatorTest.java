package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.w3c.dom.Element;

/**
 * How the schema's verdicts become violations naming the item, the field, the rule, the limit and
 * the length: the mapping a caller reads in every INVALID_REQUEST fault.
 */
@Tag("unit")
class ContractValidatorTest {

    private static final ContractValidator VALIDATOR = new ContractValidator();

    private static Envelope comments() {
        return Envelope.fixture("setComments-seed.xml", "k", "SHOP1");
    }

    private static Envelope slips() {
        return Envelope.fixture("setOrderReturnDocuments-seed.xml", "k", "SHOP1");
    }

    private static List<Violation> validate(Envelope envelope) {
        return VALIDATOR.validate(envelope.request());
    }

    @Test
    void theSeedEnvelopesAreValid() {
        assertThat(validate(comments())).isEmpty();
        assertThat(validate(slips())).isEmpty();
    }

    @Test
    void aTooLongFieldNamesItsLimitAndLength() {
        assertThat(validate(slips().set("ReturnNumber", "12345678901")))
                .singleElement()
                .isEqualTo(new Violation(
                        1,
                        "OrderReturnDocument",
                        "ReturnNumber",
                        "maxLength",
                        "10",
                        11,
                        "OrderReturnDocument[1]/ReturnNumber is 11 characters long; at most 10 are allowed"));
    }

    @Test
    void anEmptyFieldBreaksMinLength() {
        assertThat(validate(comments().set("OrderNumber", ""))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("OrderNumber");
            assertThat(v.rule()).isEqualTo("minLength");
            assertThat(v.message()).isEqualTo("Comment[1]/OrderNumber must not be empty");
        });
    }

    @Test
    void aMissingFieldIsNamed() {
        assertThat(validate(comments().remove("CommentDate"))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("CommentDate");
            assertThat(v.rule()).isEqualTo("required");
            assertThat(v.message()).startsWith("Comment[1]/CommentDate is missing");
        });
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatIsExpectedInWords() {
        assertThat(validate(comments().set("CommentDate", "01/05/2020")))
                .singleElement()
                .isEqualTo(
                        new Violation(
                                1,
                                "Comment",
                                "CommentDate",
                                "type",
                                "CommentDate",
                                null,
                                "Comment[1]/CommentDate '01/05/2020' is not a date YYYY-MM-DD or a date-time YYYY-MM-DDThh:mm:ss or YYYY-MM-DD hh:mm:ss"));
        assertThat(validate(comments().set("SendMail", "yes"))).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("type");
            assertThat(v.message()).isEqualTo("Comment[1]/SendMail 'yes' is not true, false, 1 or 0");
        });
    }

    @Test
    void patternsOfUnboundedFieldsAreCheckedToo() {
        assertThat(validate(slips().set("Url", "javascript:alert(1)")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.rule()).isEqualTo("pattern");
                    assertThat(v.message())
                            .isEqualTo(
                                    "OrderReturnDocument[1]/Url 'javascript:alert(1)' is not an http:// or https:// URL without spaces");
                });
        assertThat(validate(comments().set("Comment", " \n\t ")))
                .singleElement()
                .satisfies(v -> assertThat(v.message())
                        .startsWith("Comment[1]/Comment ' \n\t ' is not text that is not empty or only spaces"));
    }

    @Test
    void longValuesAreQuotedShortenedNotWhole() {
        String longUrl = "javascript:" + "x".repeat(500);
        assertThat(validate(slips().set("Url", longUrl))).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("pattern");
            assertThat(v.message())
                    .contains("'" + longUrl.substring(0, 60) + "…'")
                    .doesNotContain(longUrl.substring(0, 62));
        });
    }

    @Test
    void attributesAndUnknownFieldsAreUnexpected() {
        Envelope withAttribute = comments();
        withAttribute.items().get(0).setAttribute("role", "admin");
        assertThat(validate(withAttribute)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("unexpected");
            assertThat(v.message()).isEqualTo("Comment[1]/@role is an attribute, and the contract has none");
        });
        Envelope withField = comments();
        Element item = withField.items().get(0);
        item.appendChild(item.getOwnerDocument().createElementNS(Envelope.TYPES_NS, "xsd:Admin"))
                .setTextContent("true");
        assertThat(validate(withField)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("unexpected");
            assertThat(v.element()).isEqualTo("Comment");
            assertThat(v.message()).contains("Admin");
        });
    }

    @Test
    void everyViolationOfEveryItemIsListedInItemOrder() {
        Envelope three = comments()
                .repeat(3, (i, item) -> Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1)))
                .set(2, "CommentId", "abc")
                .set(0, "WebOrderNumber", "W".repeat(21))
                .set(2, "Comment", "   ");
        List<Violation> violations = validate(three);
        assertThat(violations)
                .extracting(Violation::item, Violation::field, Violation::rule)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "WebOrderNumber", "maxLength"),
                        org.assertj.core.groups.Tuple.tuple(3, "CommentId", "pattern"),
                        org.assertj.core.groups.Tuple.tuple(3, "Comment", "pattern"));
    }

    @Test
    void violationsDoNotDependOnTheWordingOfTheValidatorsMessages() {
        // The JDK ships its validator's messages in several languages: a German one must name the
        // same rule, limit, length and value, because only the constraint key is read from them.
        ContractValidator german = new ContractValidator(Locale.GERMAN);
        Envelope broken = slips().set("ReturnNumber", "12345678901").set("Url", "ftp://x");
        Envelope brokenComment =
                comments().set("OrderNumber", "").set("SendMail", "yes").set("CommentId", "12345678901");
        brokenComment.items().get(0).setAttribute("role", "admin");
        assertThat(german.validate(broken.request()))
                .isEqualTo(VALIDATOR.validate(broken.request()))
                .hasSize(2);
        assertThat(german.validate(brokenComment.request()))
                .isEqualTo(VALIDATOR.validate(brokenComment.request()))
                .hasSize(4);
    }
}
