package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ShopFailureTest {

    private static final String URL = "https://shop.example/opensi";

    private static RuntimeException sending(Throwable cause) {
        return new RuntimeException("Could not send Message.", cause);
    }

    @Test
    void eachWayOfFailingIsSaidInWords() {
        assertThat(ShopFailure.describe(URL, sending(new ClosedChannelException()), null))
                .isEqualTo("connection refused to " + URL);
        assertThat(ShopFailure.describe(URL, sending(new ConnectException("Connection refused")), null))
                .isEqualTo("connection refused to " + URL);
        assertThat(ShopFailure.describe(URL, sending(new HttpConnectTimeoutException("HTTP connect timed out")), null))
                .isEqualTo("timed out connecting to " + URL);
        assertThat(ShopFailure.describe(URL, sending(new HttpTimeoutException("request timed out")), null))
                .isEqualTo("timed out waiting for the answer of " + URL);
        assertThat(ShopFailure.describe(URL, sending(new SocketTimeoutException("Read timed out")), null))
                .isEqualTo("timed out waiting for the answer of " + URL);
        assertThat(ShopFailure.describe(URL, sending(new UnknownHostException("shop.example")), null))
                .isEqualTo("unknown host (DNS) in " + URL);
        assertThat(ShopFailure.describe(URL, sending(new SSLHandshakeException("PKIX path building failed")), null))
                .isEqualTo("TLS with " + URL + " failed: PKIX path building failed");
        assertThat(ShopFailure.describe(URL, new RuntimeException("Internal Server Error"), 500))
                .isEqualTo("HTTP 500 from " + URL + ": Internal Server Error");
        assertThat(ShopFailure.describe(URL, sending(new IllegalStateException("odd")), null))
                .isEqualTo(URL + ": Could not send Message. (IllegalStateException: odd)");
    }
}
