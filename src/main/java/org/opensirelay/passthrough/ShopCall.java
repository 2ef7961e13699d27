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
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

/**
 * One call to a shop's connector: the forwarded envelope out, the shop's answer streamed back to the
 * ERP as the shop gave it (status, content type, body), never held whole. No redirect is followed
 * and no header of the ERP's but the SOAP ones goes to the shop, none of the shop's but the content
 * type comes back.
 * <p>
 * An answer reaches the ERP whole or visibly broken. Whatever ends it early — the size limit, the
 * shop breaking it off or sending less than it announced, a pause past the read timeout, the
 * deadline — makes a fault for the ERP while none of the answer has gone out yet ({@link Failed});
 * once part of it has, the result is {@link Outcome#CUT}, and the caller closes the ERP's connection
 * mid-answer. The whole call has {@code relay.pass-through.deadline}: the pass-through's watch
 * {@link #stop stops} a call past it (the shop's connection is closed under it), and one whose ERP
 * has gone away while the shop worked.
 */
final class ShopCall {

    /** How the call ended, the shop's answer having gone (whole, or cut) to the ERP. */
    record Result(Outcome outcome, int status, long shopMillis, long bytesFromShop, String problem) {}

    /** The call ended before any of the answer went to the ERP: the ERP gets a fault saying why (or, gone, nothing). */
    static final class Failed extends Exception {
        final Outcome outcome;
        final long shopMillis;
        final long bytesFromShop;

        Failed(Outcome outcome, String message, long shopMillis, long bytesFromShop) {
            super(message, null, false, false);
            this.outcome = outcome;
            this.shopMillis = shopMillis;
            this.bytesFromShop = bytesFromShop;
        }
    }

    /** Why the pass-through's watch ended a call. */
    enum Stop {
        DEADLINE,
        ERP_GONE
    }

    private static final int CHUNK = 64 * 1024;

    private final URI shop;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration deadline;
    private final long maxAnswerBytes;
    private final long started = System.nanoTime();
    private volatile HttpURLConnection connection;
    private volatile Stop stopped;
    /** Whether the answer is going to the ERP: from then on its writes tell whether it is there. Guarded by this. */
    private boolean answering;

    ShopCall(URI shop, Duration connectTimeout, Duration readTimeout, Duration deadline, long maxAnswerBytes) {
        this.shop = shop;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.deadline = deadline;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** Whether the call has been under way longer than its deadline. */
    boolean overdue() {
        return System.nanoTime() - started > deadline.toNanos();
    }

    /** Ends the call from another thread: the shop's connection is closed under it, and the call says why. */
    void stop(Stop why) {
        if (stopped != null) {
            return;
        }
        stopped = why;
        HttpURLConnection open = connection;
        if (open != null) {
            open.disconnect();
        }
    }

    /**
     * While the shop has not begun its answer: whether the ERP has gone (asked of {@code erp}, which
     * must not be read while the answer is written to it).
     */
    synchronized boolean erpGoneWhileWaiting(PassThrough.ErpConnection erp) {
        return !answering && erp.gone();
    }

    Result forward(String contentType, String soapAction, ForwardedBody body, HttpServletResponse erp) throws Failed {
        HttpURLConnection http;
        int status;
        try {
            // Never through a JVM-wide proxy setting: the shop's URL is the only place this goes.
            URLConnection opened = shop.toURL().openConnection(Proxy.NO_PROXY);
            if (!(opened instanceof HttpURLConnection httpConnection)) {
                throw new Failed(
                        Outcome.UNREACHABLE,
                        "the shop's url " + shop + " is not an http or https address",
                        sinceMillis(started),
                        0);
            }
            http = httpConnection;
            connection = http;
            if (stopped != null) {
                throw stoppedBeforeAnswer();
            }
            http.setInstanceFollowRedirects(false);
            http.setConnectTimeout(millis(connectTimeout));
            http.setReadTimeout(millis(readTimeout));
            http.setUseCaches(false);
            http.setDoOutput(true);
            http.setRequestMethod("POST");
            http.setRequestProperty("Content-Type", contentType);
            if (soapAction != null) {
                http.setRequestProperty("SOAPAction", soapAction);
            }
            http.setRequestProperty("User-Agent", "opensi-relay");
            http.setFixedLengthStreamingMode(body.length());
            try (OutputStream out = http.getOutputStream()) {
                body.writeTo(out);
            }
            status = http.getResponseCode();
        } catch (Failed failed) {
            throw failed;
        } catch (SocketTimeoutException e) {
            if (stopped != null) {
                throw stoppedBeforeAnswer();
            }
            boolean connecting = e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
            throw new Failed(
                    connecting ? Outcome.UNREACHABLE : Outcome.TIMEOUT,
                    connecting
                            ? "the shop's connector at " + shop + " did not accept a connection within "
                                    + seconds(connectTimeout)
                            : "no answer from the shop's connector at " + shop + " within " + seconds(readTimeout),
                    sinceMillis(started),
                    0);
        } catch (ConnectException | NoRouteToHostException e) {
            if (stopped != null) {
                throw stoppedBeforeAnswer();
            }
            throw new Failed(
                    Outcome.UNREACHABLE,
                    "connection refused to " + shop + " (" + e.getMessage() + ")",
                    sinceMillis(started),
                    0);
        } catch (UnknownHostException e) {
            throw new Failed(
                    Outcome.UNREACHABLE, "unknown host " + e.getMessage() + " in " + shop, sinceMillis(started), 0);
        } catch (IOException | IllegalArgumentException e) {
            if (stopped != null) {
                throw stoppedBeforeAnswer();
            }
            throw new Failed(
                    Outcome.UNREACHABLE,
                    "the shop's connector at " + shop + " failed before it answered: " + e,
                    sinceMillis(started),
                    0);
        }
        long shopMillis = sinceMillis(started);
        if (status >= 300 && status < 400) {
            String location = http.getHeaderField("Location");
            http.disconnect();
            throw new Failed(
                    Outcome.REDIRECT,
                    "the shop's connector at " + shop + " answered HTTP " + status + " (to "
                            + (location == null ? "nowhere" : location)
                            + "); redirects are not followed: set the shop's url to the final address",
                    shopMillis,
                    0);
        }
        long declared = http.getContentLengthLong();
        if (declared > maxAnswerBytes) {
            http.disconnect();
            throw new Failed(
                    Outcome.ANSWER_TOO_LARGE,
                    "the shop's answer has " + declared + " bytes; at most " + maxAnswerBytes
                            + " are passed back (relay.pass-through.max-answer-bytes)",
                    shopMillis,
                    0);
        }
        InputStream in;
        try {
            in = status >= 400 ? http.getErrorStream() : http.getInputStream();
        } catch (IOException e) {
            if (stopped != null) {
                throw stoppedBeforeAnswer();
            }
            throw new Failed(
                    Outcome.UNREACHABLE,
                    "the shop's connector at " + shop + " failed while it answered: " + e,
                    shopMillis,
                    0);
        }
        synchronized (this) {
            if (stopped == Stop.ERP_GONE) {
                http.disconnect();
                throw stoppedBeforeAnswer();
            }
            answering = true;
        }
        Outcome outcome = status >= 200 && status < 300 ? Outcome.ANSWERED : Outcome.SHOP_FAULT;
        return stream(http, in, status, declared, erp, outcome, shopMillis);
    }

    private Result stream(
            HttpURLConnection http,
            InputStream in,
            int status,
            long declared,
            HttpServletResponse erp,
            Outcome outcome,
            long shopMillis)
            throws Failed {
        erp.setStatus(status);
        if (http.getContentType() != null) {
            erp.setContentType(http.getContentType());
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
                http.disconnect();
                return clientGone(status, copied, e);
            }
            while (true) {
                int n;
                try {
                    n = answer.read(buffer);
                } catch (SocketTimeoutException e) {
                    return broken(
                            http,
                            erp,
                            Outcome.TIMEOUT,
                            status,
                            copied,
                            stopped == Stop.DEADLINE
                                    ? pastDeadline(copied)
                                    : "the shop's connector stopped for more than " + seconds(readTimeout) + " after "
                                            + copied + " bytes of its answer");
                } catch (IOException e) {
                    return broken(
                            http,
                            erp,
                            stopped == Stop.DEADLINE ? Outcome.TIMEOUT : Outcome.UNREACHABLE,
                            status,
                            copied,
                            stopped == Stop.DEADLINE
                                    ? pastDeadline(copied)
                                    : declared >= 0
                                            ? shortOfItsLength(copied, declared) + " (" + e + ")"
                                            : "the shop's connector failed after " + copied + " bytes of its answer: "
                                                    + e);
                }
                if (n < 0) {
                    break;
                }
                if (stopped == Stop.DEADLINE || overdue()) {
                    // A shop that drips its answer keeps every read short of the read timeout.
                    return broken(http, erp, Outcome.TIMEOUT, status, copied, pastDeadline(copied));
                }
                if (copied + n > maxAnswerBytes) {
                    return broken(
                            http,
                            erp,
                            Outcome.ANSWER_TOO_LARGE,
                            status,
                            copied,
                            "the shop's answer went on past " + maxAnswerBytes
                                    + " bytes (relay.pass-through.max-answer-bytes)");
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    http.disconnect();
                    return clientGone(status, copied, e);
                }
                copied += n;
            }
            if (declared >= 0 && copied < declared) {
                return broken(http, erp, Outcome.UNREACHABLE, status, copied, shortOfItsLength(copied, declared));
            }
            try {
                out.flush();
            } catch (IOException e) {
                return clientGone(status, copied, e);
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

    /**
     * The answer cannot be passed on whole. While none of it has gone to the ERP, the ERP gets a fault
     * instead ({@link Failed}); after that, the result is {@link Outcome#CUT}: the caller breaks the
     * ERP's connection off, so that what it got cannot pass for a whole answer.
     */
    private Result broken(
            HttpURLConnection http, HttpServletResponse erp, Outcome outcome, int status, long copied, String problem)
            throws Failed {
        http.disconnect();
        if (!erp.isCommitted()) {
            erp.reset();
            throw new Failed(outcome, problem, sinceMillis(started), copied);
        }
        return new Result(
                Outcome.CUT,
                status,
                sinceMillis(started),
                copied,
                problem + "; " + copied + " bytes had gone to the ERP, whose connection was broken off");
    }

    private Failed stoppedBeforeAnswer() {
        return stopped == Stop.ERP_GONE
                ? new Failed(
                        Outcome.CLIENT_GONE,
                        "the ERP went away while the shop's connector worked on its answer",
                        sinceMillis(started),
                        0)
                : new Failed(
                        Outcome.TIMEOUT,
                        "no answer from the shop's connector at " + shop + " within " + seconds(deadline)
                                + " (relay.pass-through.deadline)",
                        sinceMillis(started),
                        0);
    }

    private String pastDeadline(long copied) {
        return "the shop's connector at " + shop + " did not finish its answer within " + seconds(deadline)
                + " (relay.pass-through.deadline; " + copied + " bytes had come)";
    }

    private String shortOfItsLength(long copied, long declared) {
        return "the shop's connector at " + shop + " ended its answer after " + copied + " of the " + declared
                + " bytes it announced";
    }

    /** The ERP closed its side while its answer was being written: the call ends there. */
    private Result clientGone(int status, long copied, IOException e) {
        return new Result(
                Outcome.CLIENT_GONE, status, sinceMillis(started), copied, "the ERP went away: " + e.getMessage());
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static long sinceMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
