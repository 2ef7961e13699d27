package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Tag("unit")
class OrderJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String ORDER = """
            {"orderNumber": "CC20050001", "customer": {"name": "Ada Lovelace", "email": "ada@example.org"},
             "paid": true, "shipped": true, "deliveredAt": "2026-11-20", "currency": "EUR",
             "lines": [{"lineId": "1", "reference": "SKU-A", "gtin": "3760000000011", "title": "Mug", "quantity": 2,
                        "unitPrice": "12.50", "unitTax": "2.50"}]}""";

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void aValidOrderReadsAndWritesBackTheSame() {
        OrderJson.Parsed parsed = OrderJson.parse("WEB-1", json(ORDER));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.order().lines().get(0).unitPrice()).isEqualByComparingTo(new BigDecimal("12.50"));
        String canonical = OrderJson.canonical(parsed.order());
        assertThat(canonical).contains("\"unitPrice\":\"12.50\"");
        assertThat(OrderJson.read(canonical)).isEqualTo(parsed.order());
    }

    @Test
    void moneyAsAJsonNumberIsRefusedAndEveryProblemIsListed() {
        String bad = ORDER.replace("\"12.50\"", "12.5")
                .replace("\"EUR\"", "\"euro\"")
                .replace("\"paid\": true", "\"paid\": \"yes\"")
                .replace("\"quantity\": 2", "\"quantity\": 0");
        assertThat(OrderJson.parse("WEB-1", json(bad)).problems())
                .extracting(Problem::pointer)
                .containsExactly("/paid", "/currency", "/lines/0/quantity", "/lines/0/unitPrice");
        assertThat(OrderJson.parse("WEB-1", json(bad)).problems())
                .filteredOn(p -> p.pointer().equals("/lines/0/unitPrice"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo("NOT_DECIMAL_TEXT");
                    assertThat(p.detail()).contains("never a floating-point number");
                });
    }

    @Test
    void linesAreRequiredAndTheirIdsUnique() {
        assertThat(OrderJson.parse("WEB-1", json(ORDER.replaceAll("(?s)\"lines\": \\[.*]", "\"lines\": []")))
                        .problems())
                .extracting(Problem::pointer)
                .containsExactly("/lines");
        String twice = ORDER.replace(
                "}]}",
                "}, {\"lineId\": \"1\", \"reference\": \"SKU-B\", \"quantity\": 1, \"unitPrice\": \"1\","
                        + " \"unitTax\": \"0\"}]}");
        assertThat(OrderJson.parse("WEB-1", json(twice)).problems())
                .extracting(Problem::detail)
                .containsExactly("lineId '1' is used by two lines");
    }

    @Test
    void aBadPathNumberIsAProblemToo() {
        assertThat(OrderJson.parse("W".repeat(21), json(ORDER)).problems())
                .extracting(Problem::pointer)
                .containsExactly("/webOrderNumber");
    }
}
