package org.opensirelay.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls to the relay's REST API over real HTTP, as a shop plugin or a marketplace connector would. */
public final class JsonHttp {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final String token;

    public JsonHttp(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** An answer: status, content type, body as JSON (null when empty or not JSON), and the raw text. */
    public record Answer(int status, String contentType, JsonNode json, String body, HttpResponse<String> response) {

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Answer put(String path, String json) {
        return send("PUT", path, json, Map.of());
    }

    public Answer post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public Answer send(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response =
                    CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode parsed =
                    body == null || body.isBlank() || !contentType.contains("json") ? null : JSON.readTree(body);
            return new Answer(response.statusCode(), contentType, parsed, body, response);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
