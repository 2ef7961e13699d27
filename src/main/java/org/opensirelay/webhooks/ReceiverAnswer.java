package org.opensirelay.webhooks;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * What a receiver answered one attempt, read without holding a thread: the status and announced
 * length once its headers are in; for a 2xx nothing more is needed (its body is read away, so that the
 * connection can serve again); for any other status an excerpt of the body, for the operator, at
 * most {@code limit} bytes. {@link #cut()} ends it at the attempt's deadline with what came, and
 * stops reading: a receiver that announces a body and never sends it costs only its own attempt.
 */
final class ReceiverAnswer implements HttpResponse.BodySubscriber<ReceiverAnswer> {

    private final int limit;
    private final CompletableFuture<ReceiverAnswer> done = new CompletableFuture<>();
    private final ByteArrayOutputStream excerpt = new ByteArrayOutputStream();
    private volatile int status;
    private volatile long announced = -1;
    private volatile String location;
    private volatile long received;
    private volatile boolean ended;
    private volatile boolean wasCut;
    private volatile Flow.Subscription subscription;

    ReceiverAnswer(int limit) {
        this.limit = limit;
    }

    /** The body handler of the attempt: called once the answer's headers are in. */
    HttpResponse.BodySubscriber<ReceiverAnswer> subscriber(HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        location = info.headers().firstValue("Location").orElse(null);
        return this;
    }

    int status() {
        return status;
    }

    long announced() {
        return announced;
    }

    /** The answer's Location header, if it had one (a redirect, not followed). */
    String location() {
        return location;
    }

    long received() {
        return received;
    }

    /** True once the answer's body ended (whole, broken, or read as far as needed). */
    boolean ended() {
        return ended;
    }

    /** True if the deadline came before the answer's body ended. */
    boolean wasCut() {
        return wasCut;
    }

    String excerpt() {
        synchronized (excerpt) {
            return excerpt.toString(StandardCharsets.UTF_8);
        }
    }

    boolean accepted() {
        return status >= 200 && status < 300;
    }

    /** The deadline: whatever came is the answer; reading stops and the connection is closed. */
    void cut() {
        if (ended) {
            return;
        }
        wasCut = true;
        Flow.Subscription reading = subscription;
        if (reading != null) {
            reading.cancel();
        }
        done.complete(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
        if (accepted()) {
            done.complete(this); // taken: the rest of the body is only read away
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            received += n;
            if (!accepted()) {
                synchronized (excerpt) {
                    int room = limit - excerpt.size();
                    if (room > 0) {
                        byte[] chunk = new byte[Math.min(room, n)];
                        buffer.get(chunk);
                        excerpt.write(chunk, 0, chunk.length);
                    }
                }
            }
        }
        if (!accepted() && excerpt.size() >= limit) {
            // Enough to tell the operator; the rest is not read (nor waited for).
            ended = true;
            subscription.cancel();
            done.complete(this);
        }
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        ended = true;
        done.complete(this);
    }

    @Override
    public CompletionStage<ReceiverAnswer> getBody() {
        return done;
    }
}
