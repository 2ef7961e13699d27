package org.opensirelay.passthrough;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

/**
 * One call to a shop's connector: the forwarded envelope out, the shop's answer streamed back to the
 * ERP as the shop gave it (status, content type, body), never held whole. No redirect is followed
 * and no header of the ERP's but the SOAP ones goes to the shop, none of the shop's but the content
 * type comes back.
 */
final class ShopCall {

    /** What became of the call. */
    record Result(Outcome outcome, int status, long shopMillis, long bytesFromShop, String problem) {}

    /** The call could not get the shop's answer; the ERP gets a fault saying why. */
    static final class Failed extends Exception {
        final Outcome outcome;
        final long shopMillis;

        Failed(Outcome outcome, String message, long shopMillis) {
            super(message, null, false, false);
            this.outcome = outcome;
            this.shopMillis = shopMillis;
        }
    }

    private static final int CHUNK = 64 * 1024;

    private ShopCall() {}

    static Result forward(
            URI shop,
            String contentType,
            String soapAction,
            ForwardedBody body,
            Duration connectTimeout,
            Duration readTimeout,
            long maxAnswerBytes,
            HttpServletResponse erp)
            throws Failed {
        long started = System.nanoTime();
        HttpURLConnection connection;
        int status;
        try {
            // Never through a JVM-wide proxy setting: the shop's URL is the only place this goes.
            connection = (HttpURLConnection) shop.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(millis(connectTimeout));
            connection.setReadTimeout(millis(readTimeout));
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", contentType);
            if (soapAction != null) {
                connection.setRequestProperty("SOAPAction", soapAction);
            }
            connection.setRequestProperty("User-Agent", "opensi-relay");
            connection.setFixedLengthStreamingMode(body.length());
            try (OutputStream out = connection.getOutputStream()) {
                body.writeTo(out);
            }
            status = connection.getResponseCode();
        } catch (SocketTimeoutException e) {
            long elapsed = sinceMillis(started);
            boolean connecting = e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
            throw new Failed(
                    connecting ? Outcome.UNREACHABLE : Outcome.TIMEOUT,
                    connecting
                            ? "the shop's connector at " + shop + " did not accept a connection within "
                                    + seconds(connectTimeout)
                            : "no answer from the shop's connector at " + shop + " within " + seconds(readTimeout),
                    elapsed);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new Failed(
                    Outcome.UNREACHABLE,
                    "connection refused to " + shop + " (" + e.getMessage() + ")",
                    sinceMillis(started));
        } catch (UnknownHostException e) {
            throw new Failed(
                    Outcome.UNREACHABLE, "unknown host " + e.getMessage() + " in " + shop, sinceMillis(started));
        } catch (IOException e) {
            throw new Failed(
                    Outcome.UNREACHABLE,
                    "the shop's connector at " + shop + " failed before it answered: " + e,
                    sinceMillis(started));
        }
        long shopMillis = sinceMillis(started);
        if (status >= 300 && status < 400) {
            String location = connection.getHeaderField("Location");
            connection.disconnect();
            throw new Failed(
                    Outcome.REDIRECT,
                    "the shop's connector at " + shop + " answered HTTP " + status + " (to "
                            + (location == null ? "nowhere" : location)
                            + "); redirects are not followed: set the shop's url to the final address",
                    shopMillis);
        }
        long declared = connection.getContentLengthLong();
        if (declared > maxAnswerBytes) {
            connection.disconnect();
            throw new Failed(
                    Outcome.ANSWER_TOO_LARGE,
                    "the shop's answer has " + declared + " bytes; at most " + maxAnswerBytes
                            + " are passed back (relay.pass-through.max-answer-bytes)",
                    shopMillis);
        }
        InputStream in;
        try {
            in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        } catch (IOException e) {
            throw new Failed(
                    Outcome.UNREACHABLE,
                    "the shop's connector at " + shop + " failed while it answered: " + e,
                    shopMillis);
        }
        Outcome outcome = status >= 200 && status < 300 ? Outcome.ANSWERED : Outcome.SHOP_FAULT;
        return stream(connection, in, status, declared, maxAnswerBytes, erp, outcome, shopMillis, started, readTimeout);
    }

    private static Result stream(
            HttpURLConnection connection,
            InputStream in,
            int status,
            long declared,
            long maxAnswerBytes,
            HttpServletResponse erp,
            Outcome outcome,
            long shopMillis,
            long started,
            Duration readTimeout)
            throws Failed {
        erp.setStatus(status);
        if (connection.getContentType() != null) {
            erp.setContentType(connection.getContentType());
        }
        if (declared >= 0) {
            erp.setContentLengthLong(declared);
        }
        long copied = 0;
        byte[] buffer = new byte[CHUNK];
        try (InputStream answer = in == null ? InputStream.nullInputStream() : in) {
            OutputStream out;
            try {
                out = erp.getOutputStream();
            } catch (IOException e) {
                return new Result(
                        Outcome.CLIENT_GONE, status, shopMillis, copied, "the ERP went away: " + e.getMessage());
            }
            int n;
            while (true) {
                try {
                    n = answer.read(buffer);
                } catch (SocketTimeoutException e) {
                    // Part of the answer is on its way to the ERP already: it ends short, and its XML cannot be read.
                    return new Result(
                            Outcome.TIMEOUT,
                            status,
                            sinceMillis(started),
                            copied,
                            "the shop's connector stopped for more than " + seconds(readTimeout) + " after " + copied
                                    + " bytes of its answer");
                } catch (IOException e) {
                    return new Result(
                            Outcome.UNREACHABLE,
                            status,
                            sinceMillis(started),
                            copied,
                            "the shop's connector failed after " + copied + " bytes of its answer: " + e);
                }
                if (n < 0) {
                    break;
                }
                if (copied + n > maxAnswerBytes) {
                    connection.disconnect();
                    return new Result(
                            Outcome.ANSWER_TOO_LARGE,
                            status,
                            sinceMillis(started),
                            copied,
                            "the shop's answer went on past " + maxAnswerBytes
                                    + " bytes (relay.pass-through.max-answer-bytes): it was cut there");
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    connection.disconnect();
                    return clientGone(status, started, copied, e);
                }
                copied += n;
            }
            try {
                out.flush();
            } catch (IOException e) {
                return clientGone(status, started, copied, e);
            }
        } catch (IOException closing) {
            // closing the shop's stream: the answer is through
        }
        return new Result(
                outcome,
                status,
                shopMillis,
                copied,
                outcome == Outcome.SHOP_FAULT ? "the shop answered HTTP " + status : null);
    }

    /** The ERP closed its side while its answer was being written: the call ends there. */
    private static Result clientGone(int status, long started, long copied, IOException e) {
        return new Result(
                Outcome.CLIENT_GONE, status, sinceMillis(started), copied, "the ERP went away: " + e.getMessage());
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static long sinceMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
