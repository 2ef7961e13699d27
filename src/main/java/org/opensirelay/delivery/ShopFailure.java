package org.opensirelay.delivery;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Says in words why a shop could not take a batch, for the operator reading the delivery's last
 * error: "connection refused to http://shop.example/opensi" rather than the HTTP client's
 * "Could not send Message. (ClosedChannelException: null)". Never shows a key.
 */
final class ShopFailure {

    private ShopFailure() {}

    /**
     * @param url        the shop's address
     * @param error      what the SOAP client threw
     * @param httpStatus the shop's HTTP status, when it answered one
     */
    static String describe(String url, Throwable error, Integer httpStatus) {
        if (httpStatus != null && httpStatus > 0) {
            return "HTTP " + httpStatus + " from " + url + ": " + error.getMessage();
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpConnectTimeoutException
                    || t instanceof SocketTimeoutException
                            && String.valueOf(t.getMessage()).contains("connect")) {
                return "timed out connecting to " + url;
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "timed out waiting for the answer of " + url;
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host (DNS) in " + url;
            }
            if (t instanceof SSLException) {
                return "TLS with " + url + " failed: " + t.getMessage();
            }
            if (t instanceof ConnectException || t instanceof ClosedChannelException) {
                // The JDK HTTP client reports a refused connection as a closed channel.
                return "connection refused to " + url;
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return url + ": " + error.getMessage()
                + (root != error ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
    }
}
