package org.opensirelay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.RelayIntegrationTest;

/** Without relay.admin.token the admin API answers nobody, whatever token is sent, and the console is closed. */
class AdminApiDisabledTest extends RelayIntegrationTest {

    @Test
    void everyCallIsForbiddenWhileNoTokenIsSet() {
        for (String token : new String[] {null, "", "anything"}) {
            HttpResponse<String> response = AdminHttp.call(port, "GET", "/api/websites", token);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("relay.admin.token");
        }
        assertThat(AdminHttp.call(port, "GET", "/actuator/prometheus", "anything")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theConsoleSaysItIsClosedAndHowToOpenIt() {
        assertThat(AdminHttp.call(port, "GET", "/console", null).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/console/login"));
        HttpResponse<String> page = AdminHttp.call(port, "GET", "/console/login", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("The console is closed", "relay.admin.token")
                .doesNotContain("id=\"sign-in\"");
    }
}
