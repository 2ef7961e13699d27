package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import tools.jackson.databind.JsonNode;

/** Channable's outcomes on marketplace returns, and its 5-minute poller seeing every change once. */
class ChannableStatusTest extends RelayWithShopTest {

    JsonHttp channable;

    @BeforeEach
    void anOrder() {
        channable = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(channable
                        .put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER)
                        .status())
                .isEqualTo(201);
    }

    private String marketplaceReturn(String externalId) {
        JsonHttp.Answer created = channable.post(
                "/api/v1/websites/SHOP1/returns",
                ("{\"webOrderNumber\": \"WEB-1\", \"source\": \"channable\"," + " \"externalId\": \"" + externalId
                        + "\", \"reason\": \"Damaged\", \"lines\": [{\"gtin\": \"3760000000011\", \"quantity\": 1}]}"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("webReturnNumber").asString();
    }

    private JsonHttp.Answer setStatus(String number, String status) {
        return channable.post(
                "/api/v1/websites/SHOP1/returns/" + number + "/status", "{\"status\": \"" + status + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "accepted, CLOSED, REFUNDED, accepted",
        "rejected, REJECTED, , rejected",
        "repaired, CLOSED, REPAIRED, repaired",
        "keeps, CLOSED, KEPT, keeps",
        "exchanged, CLOSED, EXCHANGED, exchanged",
        "cancelled, CANCELLED, , cancelled"
    })
    void eachOutcomeClosesTheReturnThroughTheStatesItImplies(
            String status, String ourStatus, String resolution, String readBack) {
        String number = marketplaceReturn("CH-" + status);
        JsonHttp.Answer answer = setStatus(number, status);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("success");
        assertThat(answer.json().get("message").asString()).contains(number);
        JsonNode done =
                channable.get("/api/v1/websites/SHOP1/returns/" + number).json();
        assertThat(done.get("status").asString()).isEqualTo(ourStatus);
        assertThat(
                        done.get("resolution").isNull()
                                ? null
                                : done.get("resolution").asString())
                .isEqualTo(resolution);
        assertThat(done.get("channableStatus").asString()).isEqualTo(readBack);
        assertThat(done.get("timeline"))
                .allSatisfy(e -> assertThat(e.get("divergence").asBoolean()).isFalse());
        assertThat(done.get("timeline")
                        .get(done.get("timeline").size() - 1)
                        .get("raw")
                        .asString())
                .isEqualTo(status);
        // The same again changes nothing and says so.
        assertThat(setStatus(number, status).json().get("message").asString()).contains("already");
    }

    @Test
    void anOutcomeAfterAnotherIsAConflictAndAnUnknownValueIsRefused() {
        String number = marketplaceReturn("CH-1");
        assertThat(setStatus(number, "accepted").status()).isEqualTo(200);
        JsonHttp.Answer conflict = setStatus(number, "exchanged");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.json().get("code").asString()).isEqualTo("TRANSITION_REFUSED");
        JsonHttp.Answer unknown = setStatus(number, "Accepted");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("code").asString()).isEqualTo("UNKNOWN_STATUS");
        assertThat(setStatus(number, "new").status()).isEqualTo(422);
        JsonNode timeline =
                channable.get("/api/v1/websites/SHOP1/returns/" + number).json().get("timeline");
        assertThat(timeline.get(timeline.size() - 1).get("divergence").asBoolean())
                .isTrue();
        assertThat(channable
                        .get("/api/v1/websites/SHOP1/returns/" + number)
                        .json()
                        .get("resolution")
                        .asString())
                .isEqualTo("REFUNDED");
    }

    @Test
    void aPollerEveryFiveMinutesSeesEveryChangeExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String since = "2026-11-22T09:00:00Z";
        String a = marketplaceReturn("CH-A");
        clock.advance(Duration.ofMinutes(5));
        since = poll(since, seen);
        clock.advance(Duration.ofMinutes(2));
        setStatus(a, "keeps");
        clock.advance(Duration.ofMinutes(1));
        String b = marketplaceReturn("CH-B");
        clock.advance(Duration.ofMinutes(2));
        since = poll(since, seen);
        clock.advance(Duration.ofMinutes(5));
        since = poll(since, seen);
        // A when requested, A when kept, B when requested: each change once, none repeated.
        assertThat(seen).containsExactly(a + " new", a + " keeps", b + " new");
        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).hasSameSizeAs(seen);
    }

    private String poll(String since, List<String> seen) {
        JsonNode page = channable
                .get("/api/v1/websites/SHOP1/returns?modifiedSince=" + since)
                .json();
        page.get("returns")
                .forEach(r -> seen.add(r.get("webReturnNumber").asString() + " "
                        + r.get("channableStatus").asString()));
        return page.get("asOf").asString();
    }
}
