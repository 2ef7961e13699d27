package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RecordedStatements;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * A list page reads its returns' orders, lines, timelines, labels, credit notes and settlements in
 * one query each for the whole page, not one each per return (issue 22: a page of 250 ran about a
 * thousand queries): a page of forty returns runs exactly as many statements as a page of four, on
 * the shop's list, the Google-shaped list and the ERP's pull alike.
 */
@Import(RecordedStatements.class)
class ReturnListQueriesTest extends RelayWithShopTest {

    /** The reads a list page makes of the returns' tables (a delivery run elsewhere reads none of these but return_event). */
    private static final Predicate<String> RETURN_READS = sql -> List.of(
                    "FROM order_return",
                    "FROM shop_order",
                    "FROM return_event",
                    "FROM return_label",
                    "FROM credit_note",
                    "FROM return_item_settlement")
            .stream()
            .anyMatch(sql::contains);

    @Autowired
    RecordedStatements recorded;

    @Test
    void aPageOfFortyReturnsRunsAsManyStatementsAsAPageOfFour() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        requestReturns(shop, 0, 4);
        int[] four = statementsOfEachList(shop, 4);
        requestReturns(shop, 4, 40);
        int[] forty = statementsOfEachList(shop, 40);
        assertThat(forty)
                .as("statements of the shop's list, the Google-shaped list and the ERP's pull, 40 returns against 4")
                .containsExactly(four);
    }

    private static void requestReturns(JsonHttp shop, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-Q" + i, ReturnFixtures.ORDER)
                            .status())
                    .isEqualTo(201);
            assertThat(shop.post(
                                    "/api/v1/websites/SHOP1/returns",
                                    ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}")
                                            .replace("WEB-1", "WEB-Q" + i))
                            .status())
                    .isEqualTo(201);
        }
    }

    /** The statements each list ran for a page holding all {@code expected} returns. */
    private int[] statementsOfEachList(JsonHttp shop, int expected) {
        int[] statements = new int[3];
        recorded.start();
        assertThat(shop.get("/api/v1/websites/SHOP1/returns?limit=250").json().get("returns"))
                .hasSize(expected);
        statements[0] = recorded.executions(RETURN_READS);
        recorded.start();
        assertThat(shop.get("/api/v1/websites/SHOP1/orderreturns?maxResults=250")
                        .json()
                        .get("resources"))
                .hasSize(expected);
        statements[1] = recorded.executions(RETURN_READS);
        recorded.start();
        // The ERP's pull of every return, whenever changed (no Datetime_Min).
        String pull = Envelope.fixture("getOrderReturns-window.xml", SHOP1_KEY, SHOP1)
                .toString()
                .replace(
                        "<xsd:Datetime_Min>2026-11-22 00:00:00</xsd:Datetime_Min>",
                        "<xsd:Datetime_Min xsi:nil=\"true\"/>");
        soap.post(pull, "text/xml; charset=utf-8")
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(expected);
        statements[2] = recorded.executions(RETURN_READS);
        recorded.stop();
        return statements;
    }
}
