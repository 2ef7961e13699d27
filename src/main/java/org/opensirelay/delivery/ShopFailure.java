package org.opensirelay.delivery;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

import org.opensirelay.text.Text;

/**
 * Says in words why a shop could not take a batch, for the operator reading the delivery's last
 * error: "connection refused to http://shop.example/opensi", "the answer of … ended after 256 of the
 * 512 bytes it announced", rather than an HTTP client's "Could not send Message." Never shows a key
 * (nothing here is given one).
 */
final class ShopFailure {

    /** What an error excerpt of a shop's answer is cut to. */
    static final int EXCERPT = 200;

    private static final String DEADLINE_SETTINGS = "relay.delivery.connect-timeout + read-timeout";

    private ShopFailure() {}

    /**
     * An exchange that ended in an exception before an answer could be read whole.
     *
     * @param url      the shop's address
     * @param error    what the HTTP client reported
     * @param answer   what had arrived of the answer by then
     * @param deadline the exchange's deadline, connect and read timeouts together
     */
    static String describe(String url, Throwable error, ShopAnswerBody answer, Duration deadline) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShopAnswerBody.TooLong tooLong) {
                return "the answer of " + url + " is " + tooLong.getMessage() + ": not read";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "timed out connecting to " + url;
            }
            if (t instanceof HttpTimeoutException) {
                return answer.status() > 0 ? notComplete(url, answer, deadline) : noAnswer(url, deadline);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host (DNS) in " + url;
            }
            if (t instanceof SSLException) {
                return "TLS with " + url + " failed: " + t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "connection refused to " + url;
            }
        }
        IOException broken = firstIoException(error);
        if (broken != null) {
            String why = broken.getMessage() == null ? broken.getClass().getSimpleName() : broken.getMessage();
            if (answer.status() == 0) {
                return url + " closed the connection before answering (" + why + ")";
            }
            if (answer.announced() >= 0 && answer.received() < answer.announced()) {
                return "the answer of " + url + " (HTTP " + answer.status() + ") ended after " + answer.received()
                        + " of the " + answer.announced() + " bytes it announced (Content-Length): the connection"
                        + " was closed";
            }
            return "the answer of " + url + " (HTTP " + answer.status() + ") broke off after " + answer.received()
                    + " bytes (" + why + ")";
        }
        Throwable root = root(error);
        return url + ": " + error.getMessage()
                + (root != error ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
    }

    /** Nothing came back, not even the answer's headers, by the deadline. */
    static String noAnswer(String url, Duration deadline) {
        return "no answer from " + url + " within " + seconds(deadline) + " (" + DEADLINE_SETTINGS + ")";
    }

    /** The answer's headers came, its body did not end by the deadline (a shop sending too slowly). */
    static String notComplete(String url, ShopAnswerBody answer, Duration deadline) {
        return "the answer of " + url + " (HTTP " + answer.status() + ") was not complete within "
                + seconds(deadline) + " (" + DEADLINE_SETTINGS + "): " + answer.received()
                + (answer.announced() >= 0 ? " of its " + answer.announced() : "") + " bytes came";
    }

    /** The shop answered an HTTP status other than 2xx; {@code detail} is a fault's text or an excerpt of its page. */
    static String httpStatus(String url, int status, String detail) {
        return "HTTP " + status + " from " + url + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }

    /** The shop's server refused the request as too large (HTTP 413). */
    static String batchTooLarge(String url, int items, int bytes) {
        return "HTTP 413 from " + url + ": the batch of " + items + (items == 1 ? " item" : " items") + " (" + bytes
                + " bytes) is more than the shop's server takes; lower relay.delivery.batch-size";
    }

    /** A SOAP Fault: the shop refused the whole call. */
    static String fault(String url, int status, String code, String text) {
        return "HTTP " + status + " from " + url + ": SOAP fault" + (code.isEmpty() ? "" : " " + code) + ": "
                + Text.abbreviate(Text.printable(text), EXCERPT);
    }

    /** A 2xx answer that is not the contract's answer to the operation. */
    static String notAnAnswer(String url, int status, String expected, String why) {
        return "the answer of " + url + " (HTTP " + status + ") is no " + expected + ": "
                + Text.abbreviate(Text.printable(why), EXCERPT);
    }

    /** What an operator can read of a page: its text without tags, on one line, cut short. */
    static String excerpt(String page) {
        String text =
                page.replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        return Text.abbreviate(Text.printable(text), EXCERPT);
    }

    /** "2 s", "1.5 s". */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static IOException firstIoException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static Throwable root(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
