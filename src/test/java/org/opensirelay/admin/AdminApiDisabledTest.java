package org.opensirelay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.RelayIntegrationTest;

/** Without relay.admin.token the admin API answers nobody, whatever token is sent. */
class AdminApiDisabledTest extends RelayIntegrationTest {

    @Test
    void everyCallIsForbiddenWhileNoTokenIsSet() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String authorization : new String[] {null, "Bearer ", "Bearer anything"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/websites")).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("relay.admin.token");
        }
    }
}
