package org.opensirelay.returns.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Validation;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnRefusedException;
import tools.jackson.databind.json.JsonMapper;

/** An order body read strictly and checked with jakarta.validation: every problem at once, by pointer. */
@Tag("unit")
class OrderBodyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonBodies BODIES =
            new JsonBodies(Validation.buildDefaultValidatorFactory().getValidator());

    static final String ORDER = """
            {"orderNumber": "CC20050001", "customer": {"name": "Ada Lovelace", "email": "ada@example.org"},
             "paid": true, "shipped": true, "deliveredAt": "2026-11-20", "currency": "EUR",
             "lines": [{"lineId": "1", "reference": "SKU-A", "gtin": "3760000000011", "title": "Mug", "quantity": 2,
                        "unitPrice": "12.50", "unitTax": "2.50"}]}""";

    private static OrderSnapshot order(String webOrderNumber, String body) {
        return BODIES.read(
                        JSON.readTree(body),
                        OrderBody.class,
                        "INVALID_ORDER",
                        "the order is not valid",
                        OrderBody.pathProblems(webOrderNumber))
                .toOrder(webOrderNumber);
    }

    private static List<Problem> problems(String webOrderNumber, String body) {
        ReturnRefusedException refused =
                catchThrowableOfType(ReturnRefusedException.class, () -> order(webOrderNumber, body));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.code()).isEqualTo("INVALID_ORDER");
        return refused.problems();
    }

    @Test
    void aValidOrderReadsAndWritesBackTheSame() {
        OrderSnapshot order = order("WEB-1", ORDER);
        assertThat(order.lines().get(0).unitPrice()).isEqualByComparingTo(new BigDecimal("12.50"));
        String canonical = OrderJson.canonical(order);
        assertThat(canonical).contains("\"unitPrice\":\"12.50\"");
        assertThat(OrderJson.read(canonical)).isEqualTo(order);
    }

    @Test
    void moneyAsAJsonNumberIsRefusedAndEveryProblemIsListedInTheBodysOrder() {
        String bad = ORDER.replace("\"12.50\"", "12.5")
                .replace("\"EUR\"", "\"euro\"")
                .replace("\"paid\": true", "\"paid\": \"yes\"")
                .replace("\"quantity\": 2", "\"quantity\": 0");
        List<Problem> problems = problems("WEB-1", bad);
        assertThat(problems)
                .extracting(Problem::pointer, Problem::detail)
                .containsExactly(
                        tuple("/paid", "paid must be true or false"),
                        tuple("/currency", "currency must be an ISO 4217 code such as EUR"),
                        tuple("/lines/0/quantity", "quantity must be a whole number from 1 to 100000"),
                        tuple(
                                "/lines/0/unitPrice",
                                "unitPrice must be decimal text such as \"12.50\", never a JSON number:"
                                        + " money is never a floating-point number"));
        assertThat(problems.get(3).code()).isEqualTo("NOT_DECIMAL_TEXT");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsReportedWithTheFieldsRuleNotAsMissing() {
        assertThat(problems(
                        "WEB-1",
                        ORDER.replace("\"Ada Lovelace\"", "42").replace("\"quantity\": 2", "\"quantity\": \"2\"")))
                .extracting(Problem::pointer, Problem::detail)
                .containsExactly(
                        tuple("/customer/name", "name must be text of 1 to 255 characters without surrounding spaces"),
                        tuple("/lines/0/quantity", "quantity must be a whole number from 1 to 100000"));
        assertThat(problems("WEB-1", ORDER.replace("\"quantity\": 2", "\"quantity\": 99999999999999999999")))
                .extracting(Problem::pointer)
                .containsExactly("/lines/0/quantity");
        assertThat(problems("WEB-1", ORDER.replaceAll("(?s)\"lines\": \\[.*]", "\"lines\": {\"lineId\": \"1\"}")))
                .extracting(Problem::pointer, Problem::detail)
                .containsExactly(tuple("/lines", "lines must be an array"));
        assertThat(problems("WEB-1", ORDER.replaceAll("(?s)\"lines\": \\[.*]", "\"lines\": [7, null]")))
                .extracting(Problem::pointer, Problem::detail)
                .containsExactly(
                        tuple("/lines/0", "lines must be an object"),
                        tuple("/lines/1", "lines must hold objects only"));
    }

    @Test
    void controlCharactersAreNamedWithTheirPosition() {
        assertThat(problems("WEB-1", ORDER.replace("Mug", "Mu\\u0001g")))
                .extracting(Problem::detail)
                .containsExactly("title must not hold control characters: U+0001 at position 3");
    }

    @Test
    void linesAreRequiredAndTheirIdsUnique() {
        assertThat(problems("WEB-1", ORDER.replaceAll("(?s)\"lines\": \\[.*]", "\"lines\": []")))
                .extracting(Problem::pointer)
                .containsExactly("/lines");
        String twice = ORDER.replace(
                "}]}",
                "}, {\"lineId\": \"1\", \"reference\": \"SKU-B\", \"quantity\": 1, \"unitPrice\": \"1\","
                        + " \"unitTax\": \"0\"}]}");
        assertThat(problems("WEB-1", twice))
                .extracting(Problem::detail)
                .containsExactly("lineId '1' is used by two lines");
    }

    @Test
    void amountsFinerThanTheCurrencysMinorUnitAreRefused() {
        assertThat(problems("WEB-1", ORDER.replace("\"12.50\"", "\"12.345\"")))
                .extracting(Problem::pointer, Problem::detail)
                .containsExactly(tuple(
                        "/lines/0/unitPrice",
                        "unitPrice: EUR amounts have at most 2 decimals (ISO 4217 minor unit); 12.345 has more"));
    }

    @Test
    void aBadPathNumberIsListedFirstWithTheBodysProblems() {
        assertThat(problems("W".repeat(21), ORDER)).extracting(Problem::pointer).containsExactly("/webOrderNumber");
        assertThat(problems("W".repeat(21), ORDER.replace("\"paid\": true", "\"paid\": null")))
                .extracting(Problem::pointer)
                .containsExactly("/webOrderNumber", "/paid");
    }

    @Test
    void aBodyThatIsNoObjectIsOneProblem() {
        assertThat(problems("WEB-1", "[1, 2]"))
                .extracting(Problem::pointer, Problem::detail)
                .containsExactly(tuple("", "the body must be a JSON object"));
    }
}
