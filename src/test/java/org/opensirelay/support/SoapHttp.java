package org.opensirelay.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.xmlunit.assertj3.XmlAssert;

/** Posts envelopes over real HTTP, as an ERP client would, and reads the answers. */
public final class SoapHttp {

    public static final Map<String, String> NAMESPACES = Map.of(
            "soap",
            "http://schemas.xmlsoap.org/soap/envelope/",
            "soap12",
            "http://www.w3.org/2003/05/soap-envelope",
            "open",
            Envelope.NS,
            "xsd",
            Envelope.TYPES_NS);

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;

    public SoapHttp(int port) {
        this(URI.create("http://localhost:" + port + "/soap/opensi"));
    }

    /** Another SOAP server at {@code endpoint} (a stub or a lenient connector to compare with). */
    public SoapHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An HTTP answer. */
    public record Answer(int status, String body) {

        /** XMLUnit assertions on the body, with the soap/open/xsd prefixes bound. */
        public XmlAssert xml() {
            return XmlAssert.assertThat(body).withNamespaceContext(NAMESPACES);
        }
    }

    public Answer post(Envelope envelope) {
        return post(envelope.toString(), "text/xml; charset=utf-8");
    }

    public Answer post(String body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return send(request);
    }

    /** GET on the endpoint's own address, plus {@code query} (e.g. "?wsdl"). */
    public Answer get(String query) {
        return send(HttpRequest.newBuilder(URI.create(endpoint + query))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    /** POST of a SOAP 1.1 envelope to another path of the same server (e.g. "/demo-shop/opensi"). */
    public Answer postTo(String path, String envelope) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .build());
    }

    /** GET on another path of the same server (e.g. "/soap/opensi?xsd=opensi.xsd"). */
    public Answer getPath(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
