package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ShopFailureTest {

    private static final String URL = "https://shop.example/opensi";
    private static final Duration DEADLINE = Duration.ofMillis(2500);

    /** An answer of which the headers came (status, Content-Length) and {@code received} bytes. */
    private static ShopAnswerBody answered(int status, Long contentLength, int received) {
        ShopAnswerBody answer = new ShopAnswerBody(ShopClients.MAX_ANSWER_BYTES);
        answer.subscriber(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(
                        contentLength == null ? Map.of() : Map.of("Content-Length", List.of(contentLength.toString())),
                        (name, value) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
        answer.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        answer.onNext(List.of(ByteBuffer.wrap(new byte[received])));
        return answer;
    }

    private static ShopAnswerBody nothingYet() {
        return new ShopAnswerBody(ShopClients.MAX_ANSWER_BYTES);
    }

    @Test
    void eachWayOfFailingIsSaidInWords() {
        assertThat(ShopFailure.describe(URL, new ConnectException(), nothingYet(), DEADLINE))
                .isEqualTo("connection refused to " + URL);
        assertThat(ShopFailure.describe(
                        URL, new HttpConnectTimeoutException("HTTP connect timed out"), nothingYet(), DEADLINE))
                .isEqualTo("timed out connecting to " + URL);
        assertThat(ShopFailure.describe(URL, new HttpTimeoutException("request timed out"), nothingYet(), DEADLINE))
                .isEqualTo("no answer from " + URL + " within 2.5 s (relay.delivery.connect-timeout + read-timeout)");
        assertThat(ShopFailure.describe(
                        URL, new IOException(new UnknownHostException("shop.example")), nothingYet(), DEADLINE))
                .isEqualTo("unknown host (DNS) in " + URL);
        assertThat(ShopFailure.describe(
                        URL, new SSLHandshakeException("PKIX path building failed"), nothingYet(), DEADLINE))
                .isEqualTo("TLS with " + URL + " failed: PKIX path building failed");
        assertThat(ShopFailure.describe(
                        URL,
                        new IOException("HTTP/1.1 header parser received no bytes", new EOFException()),
                        nothingYet(),
                        DEADLINE))
                .isEqualTo(URL + " closed the connection before answering (HTTP/1.1 header parser received no bytes)");
        assertThat(ShopFailure.describe(
                        URL, new EOFException("EOF reached while reading"), answered(200, 512L, 256), DEADLINE))
                .isEqualTo("the answer of " + URL + " (HTTP 200) ended after 256 of the 512 bytes it announced"
                        + " (Content-Length): the connection was closed");
        assertThat(ShopFailure.describe(
                        URL, new IOException("chunked encoding broken"), answered(200, null, 90), DEADLINE))
                .isEqualTo("the answer of " + URL + " (HTTP 200) broke off after 90 bytes (chunked encoding broken)");
        assertThat(ShopFailure.describe(
                        URL,
                        new ShopAnswerBody.TooLong(ShopClients.MAX_ANSWER_BYTES),
                        answered(200, null, 0),
                        DEADLINE))
                .isEqualTo("the answer of " + URL + " is longer than 4194304 bytes: not read");
        assertThat(ShopFailure.describe(URL, new IllegalStateException("odd"), nothingYet(), DEADLINE))
                .isEqualTo(URL + ": odd");
    }

    @Test
    void answersThatCameButWereNotWholeOrNotTakenAreSaidInWords() {
        assertThat(ShopFailure.notComplete(URL, answered(200, 512L, 37), Duration.ofSeconds(2)))
                .isEqualTo("the answer of " + URL + " (HTTP 200) was not complete within 2 s"
                        + " (relay.delivery.connect-timeout + read-timeout): 37 of its 512 bytes came");
        assertThat(ShopFailure.batchTooLarge(URL, 100, 48_213))
                .isEqualTo("HTTP 413 from " + URL + ": the batch of 100 items (48213 bytes) is more than the"
                        + " shop's server takes; lower relay.delivery.batch-size");
        assertThat(ShopFailure.fault(URL, 500, "soap:Server", "Shop database unavailable"))
                .isEqualTo("HTTP 500 from " + URL + ": SOAP fault soap:Server: Shop database unavailable");
        assertThat(ShopFailure.httpStatus(
                        URL, 500, ShopFailure.excerpt("<html><body>\n<h1>Internal Server Error</h1></body></html>")))
                .isEqualTo("HTTP 500 from " + URL + ": Internal Server Error");
        assertThat(ShopFailure.notAnAnswer(URL, 200, "setCommentsResponse", "it is empty"))
                .isEqualTo("the answer of " + URL + " (HTTP 200) is no setCommentsResponse: it is empty");
    }
}
