package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.RelayWithShopTest;

/**
 * The admin API, the actuator, the website API and the console refuse a caller without a token
 * however the path is spelled: Spring routes {@code /%61pi/websites} and {@code /api;x=1/websites}
 * to the same controller as {@code /api/websites}, so the guard must see them as that path too.
 */
class GuardedPathSpellingsTest extends RelayWithShopTest {

    /** What an attacker tried (issue 20), and the other spellings a router resolves the same way. */
    private static final List<String> ADMIN_SPELLINGS = List.of(
            "/api/websites",
            "/%61pi/websites",
            "/api;x=1/websites",
            "/api/websites;x=1",
            "/%61%70%69/websites",
            "/api/%77ebsites",
            "//api/websites",
            "/./api/websites",
            "/x/../api/websites",
            "/api/./websites");

    @Test
    void theAdminApiAnswersNoSpellingOfItsPathsWithoutTheToken() {
        for (String path : ADMIN_SPELLINGS) {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as("GET " + path).isNotEqualTo(200);
            assertThat(response.body()).as("GET " + path).doesNotContain("\"code\":\"SHOP1\"", SHOP.url());
        }
        for (String path : List.of(
                "/%61pi/websites/SHOP1/deliver",
                "/api;x=1/websites/SHOP1/deliver",
                "/api/websites/SHOP1;x=1/deliver",
                "/api/websites/SHOP1/%64eliver")) {
            assertThat(send("POST", path, null).statusCode()).as("POST " + path).isIn(400, 401, 404);
        }
        assertThat(send("GET", "/api;x=1/websites/SHOP1/deliveries?status=pending", null)
                        .statusCode())
                .isIn(400, 401);
    }

    @Test
    void everySpellingOfAnAdminPathWithTheTokenReachesTheSameControllerAsTheTokenAllowsIt() {
        // The rule must not refuse what it lets through when spelled plainly: the token still opens it.
        assertThat(send("GET", "/%61pi/websites", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api;x=1/websites", ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void theActuatorsMetricsNeedTheTokenHoweverSpelledWhileHealthStaysPublic() {
        for (String path : List.of(
                "/actuator/prometheus",
                "/%61ctuator/prometheus",
                "/actuator;x=1/prometheus",
                "/actuator/%70rometheus",
                "/actuator/health/../prometheus",
                "/actuator/health;x=1/../prometheus")) {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as(path).isIn(400, 401);
            assertThat(response.body()).as(path).doesNotContain("jvm_memory");
        }
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theWebsiteApiAndTheConsoleHoldAgainstTheSameSpellings() {
        for (String path : List.of(
                "/api/v1/websites/SHOP1/returns",
                "/%61pi/v1/websites/SHOP1/returns",
                "/api;x=1/v1/websites/SHOP1/returns",
                "/api/v1/websites/%53HOP1/returns")) {
            assertThat(send("GET", path, null).statusCode()).as(path).isIn(400, 401);
            assertThat(send("GET", path, SHOP2_API_TOKEN).statusCode())
                    .as("another website's token on " + path)
                    .isIn(400, 403);
        }
        assertThat(send("GET", "/api/v1/websites/%53HOP1/returns", SHOP1_API_TOKEN)
                        .statusCode())
                .as("the website's own token on an escaped spelling of its own path")
                .isEqualTo(200);
        for (String path : List.of(
                "/console",
                "/%63onsole",
                "/console;x=1",
                "/console/websites/SHOP1",
                "/%63onsole/websites/SHOP1",
                "/console/login/../websites/SHOP1",
                "/console;x=1/websites/SHOP1")) {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as(path).isIn(302, 400);
            assertThat(response.body()).as(path).doesNotContain("SHOP1");
        }
    }

    private HttpResponse<String> send(String method, String path, String token) {
        return AdminHttp.call(port, method, path, token);
    }
}
