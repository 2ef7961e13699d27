package org.opensirelay.access;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Receives request bodies without a thread waiting for them. A body that came with its request's
 * headers (nearly all) is read at once, on the request's thread. The rest of a body still on its way
 * is read as it arrives, by the servlet container's non-blocking IO (a {@link ReadListener} in an
 * async context): no request thread is held meanwhile, so clients that announce a body and send it a
 * byte at a time cannot take the threads every other request needs (230 such connections held all
 * 200 of them, and getVersion and liveness timed out for as long as they dripped). Once the body is
 * whole, the request is dispatched again to the same filters, which find it with {@link #received}.
 * <p>
 * Two bounds make a slow client pay for itself: a body must arrive whole within
 * {@code relay.http.body-deadline} of its headers (else HTTP 408, and the connection is closed), and
 * one client address may have at most {@code relay.http.max-slow-bodies-per-address} bodies arriving
 * at once (one more is answered 503 at once). A body being received holds only the bytes that came.
 */
public final class BodyReception {

    /** How a request is refused, in the format of the endpoint it was for (a SOAP Fault, a problem+json). */
    public interface Refusals {

        /** HTTP 413: the body goes on past the limit. */
        void tooLarge(HttpServletResponse response, String detail) throws IOException;

        /** HTTP 408: the body did not arrive within the deadline. */
        void tooSlow(HttpServletResponse response, String detail) throws IOException;

        /** HTTP 503: the client's address has as many slow bodies arriving as it may. */
        void busy(HttpServletResponse response, String detail) throws IOException;
    }

    private static final String RECEIVED = BodyReception.class.getName() + ".received";
    /** What a body that is still arriving starts with: it grows with what comes, not with what it announced. */
    private static final int FIRST_ROOM = 64 * 1024;

    private static final int CHUNKED_ROOM = 8192;

    private final Duration deadline;
    private final int maxSlowBodiesPerAddress;
    private final ConcurrentHashMap<String, Integer> slowBodies = new ConcurrentHashMap<>();

    public BodyReception(HttpLimits limits) {
        this.deadline = limits.bodyDeadline();
        this.maxSlowBodiesPerAddress = limits.maxSlowBodiesPerAddress();
    }

    /**
     * The body of {@code request}, when it is already here (read whole, never past {@code limit});
     * otherwise null, and then either the request has been answered (refused) or the rest of its body
     * is being received without a thread: the request then comes back to the same filters as an async
     * dispatch, where {@link #received} gives the body. {@code abandoned} runs if such a body is given
     * up (refused, too slow, its client gone); it does not run for a body that arrives.
     */
    public byte[] receive(
            HttpServletRequest request, HttpServletResponse response, long limit, Refusals refusals, Runnable abandoned)
            throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refusals.tooLarge(
                    response, "The request body has " + declared + " bytes; at most " + limit + " are accepted");
            return null;
        }
        if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
            // Neither a length nor chunks: HTTP/1.1 says there is no body.
            return new byte[0];
        }
        Body body = new Body(limit, declared);
        ServletInputStream in = request.getInputStream();
        if (declared >= 0) {
            // What came with the headers is there to read without waiting.
            while (body.length < declared && in.available() > 0) {
                int n = in.read(body.bytes, body.length, (int) declared - body.length);
                if (n < 0) {
                    break;
                }
                body.length += n;
            }
            if (body.length == declared || in.isFinished()) {
                // (Finished short of its length: read by the container already, for a form's parameters.)
                return body.whole();
            }
        }
        String address = request.getRemoteAddr();
        if (!takeSlowShare(address)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            refusals.busy(
                    response,
                    "The relay is receiving as many slow request bodies from " + address + " as it takes from one"
                            + " address (" + maxSlowBodiesPerAddress
                            + ", relay.http.max-slow-bodies-per-address): send this one again when one of them is through");
            return null;
        }
        body.trim();
        AsyncContext async = request.startAsync();
        async.setTimeout(Math.max(1, deadline.toMillis()));
        Arrival arrival = new Arrival(request, response, async, in, body, limit, refusals, abandoned, address);
        async.addListener(arrival);
        in.setReadListener(arrival);
        return null;
    }

    /**
     * On the async dispatch that follows a body received without a thread: that body, given once;
     * null on any other dispatch.
     */
    public static byte[] received(HttpServletRequest request) {
        if (request.getAttribute(RECEIVED) instanceof byte[] body) {
            request.removeAttribute(RECEIVED);
            return body;
        }
        return null;
    }

    private boolean takeSlowShare(String address) {
        boolean[] taken = {false};
        slowBodies.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxSlowBodiesPerAddress) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void releaseSlowShare(String address) {
        slowBodies.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The bytes of a body so far. */
    private static final class Body {
        private final long limit;
        private final long declared;
        byte[] bytes;
        int length;

        Body(long limit, long declared) {
            this.limit = limit;
            this.declared = declared;
            // A body whose length is known is read into an array of that length: neither copied nor grown.
            this.bytes = new byte[(int) (declared >= 0 ? declared : Math.min(limit, CHUNKED_ROOM))];
        }

        /** A body that is still arriving keeps room for what came, not for all it announced. */
        void trim() {
            if (bytes.length > FIRST_ROOM && length < bytes.length / 2) {
                bytes = Arrays.copyOf(bytes, Math.max(FIRST_ROOM, 2 * length));
            }
        }

        /** Room for at least one more byte, or false when the body would go past its limit (or its declared length). */
        boolean makeRoom() {
            if (length < bytes.length) {
                return true;
            }
            long largest = Math.min(Math.min(limit, Integer.MAX_VALUE - 16), declared >= 0 ? declared : Long.MAX_VALUE);
            if (length >= largest) {
                return false;
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(largest, Math.max(CHUNKED_ROOM, 2L * bytes.length)));
            return true;
        }

        byte[] whole() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    /**
     * One body arriving: read as the container says bytes are there, until it is whole, too large, too
     * late, or its client is gone. The container calls these methods one at a time for a request.
     */
    private final class Arrival implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final Body body;
        private final long limit;
        private final Refusals refusals;
        private final Runnable abandoned;
        private final String address;
        private final AtomicBoolean over = new AtomicBoolean();

        Arrival(
                HttpServletRequest request,
                HttpServletResponse response,
                AsyncContext async,
                ServletInputStream in,
                Body body,
                long limit,
                Refusals refusals,
                Runnable abandoned,
                String address) {
            this.request = request;
            this.response = response;
            this.async = async;
            this.in = in;
            this.body = body;
            this.limit = limit;
            this.refusals = refusals;
            this.abandoned = abandoned;
            this.address = address;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!over.get() && in.isReady()) {
                if (!body.makeRoom()) {
                    if (body.declared >= 0 && body.length >= body.declared) {
                        // Whole: the container says so next (onAllDataRead).
                        return;
                    }
                    // A chunked body at the limit exactly is whole if nothing follows (the end-of-body
                    // marker is all that is left); one byte more is too many.
                    if (in.read() < 0) {
                        return;
                    }
                    if (end()) {
                        refuse(response ->
                                refusals.tooLarge(response, "The request body is longer than " + limit + " bytes"));
                    }
                    return;
                }
                int n = in.read(body.bytes, body.length, body.bytes.length - body.length);
                if (n < 0) {
                    return;
                }
                body.length += n;
            }
        }

        @Override
        public void onAllDataRead() {
            if (end()) {
                request.setAttribute(RECEIVED, body.whole());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // The client went away, or sent nothing for the connection timeout: nobody to answer.
            if (end()) {
                abandoned.run();
                async.complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (end()) {
                refuse(response -> refusals.tooSlow(
                        response,
                        "The request body did not arrive within " + seconds(deadline) + " (" + body.length
                                + " bytes came; relay.http.body-deadline)"));
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // However the exchange ended, the address's share is back.
            if (end()) {
                abandoned.run();
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the dispatch that follows starts its own cycle
        }

        /** Marks the body's reception over (once): the address's share is back. */
        private boolean end() {
            if (!over.compareAndSet(false, true)) {
                return false;
            }
            releaseSlowShare(address);
            return true;
        }

        private void refuse(Refusal refusal) {
            abandoned.run();
            try {
                // The rest of the body is never read: the connection ends with this answer.
                response.setHeader(HttpHeaders.CONNECTION, "close");
                refusal.write(response);
            } catch (IOException | RuntimeException gone) {
                // the client went away meanwhile
            } finally {
                async.complete();
            }
        }
    }

    @FunctionalInterface
    private interface Refusal {
        void write(HttpServletResponse response) throws IOException;
    }
}
