package org.opensirelay.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A shop's answer as it arrives, for one exchange: its status and announced length once the headers
 * are in, the bytes so far, and no more than {@code limit} of them (a longer answer fails the
 * exchange instead of filling the heap). It is what the failure of an exchange is told from: no
 * headers yet ("closed before answering", "no answer"), or an answer short of its
 * {@code Content-Length}, or one still dripping at the deadline. {@link #abort()} stops reading.
 */
final class ShopAnswerBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer was longer than the relay reads. */
    static final class TooLong extends IOException {
        TooLong(long limit) {
            super("longer than " + limit + " bytes");
        }
    }

    private final long limit;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile int status;
    private volatile long announced = -1;
    private volatile long received;
    private volatile Flow.Subscription subscription;

    ShopAnswerBody(long limit) {
        this.limit = limit;
    }

    /** The body handler of the exchange: called once the answer's headers are in. */
    HttpResponse.BodySubscriber<byte[]> subscriber(HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return this;
    }

    /** The answer's HTTP status, 0 until its headers came. */
    int status() {
        return status;
    }

    /** The answer's Content-Length, -1 if it announced none (or none came yet). */
    long announced() {
        return announced;
    }

    /** The answer's body bytes received so far. */
    long received() {
        return received;
    }

    /** Stops reading the answer (the connection is closed, not reused). */
    void abort() {
        Flow.Subscription reading = subscription;
        if (reading != null) {
            reading.cancel();
        }
        body.completeExceptionally(new IOException("aborted"));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (announced > limit) {
            subscription.cancel();
            body.completeExceptionally(new TooLong(limit));
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            if (received + n > limit) {
                subscription.cancel();
                body.completeExceptionally(new TooLong(limit));
                return;
            }
            byte[] chunk = new byte[n];
            buffer.get(chunk);
            bytes.write(chunk, 0, n);
            received += n;
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
