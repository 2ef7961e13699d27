package org.opensirelay.delivery;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.opensirelay.background.Workers;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.website.ShopConnector;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The client of the shops' own OpenSi connectors: the same contract we receive, SOAP 1.1, the shop's
 * key in the header, sent as the ERP's own client sends it.
 *
 * <p>Why not a JAX-WS client: the one CXF 4.2 builds sends over the JDK's HTTP client, and there a
 * batch over a few KB went chunked, with {@code Upgrade: h2c}, whatever {@code AllowChunking} said; a
 * shop whose web server reads a body by its {@code Content-Length} only (some PHP hostings) read an
 * empty request and answered 400, so a backlog never drained. And its timeouts were gaps between
 * bytes: a shop that closed early held a delivery worker 60 s, one dripping its answer held it for
 * as long as it dripped. Here the envelope is written whole first ({@link ShopEnvelope}, the
 * contract's JAXB types) and posted with the JDK client pinned to HTTP/1.1, so it goes with a
 * {@code Content-Length} and no upgrade; the exchange, connection, request, headers and body of the
 * answer, has one deadline, {@code relay.delivery.connect-timeout + read-timeout}, after which it
 * is abandoned and its connection closed; the answer is read up to {@link #MAX_ANSWER_BYTES}. A
 * shop that closes early, answers short of its {@code Content-Length}, drips, or refuses the request
 * (411, 413, any other status, a SOAP Fault) fails the batch with words saying which
 * ({@link ShopFailure}), and the batch is retried as any unreachable shop's.
 *
 * <p>One client and one JAXB context for every shop, built once (2,000 websites must not mean 2,000
 * clients); the shop's address and key travel with each call. The address is used as configured:
 * it is an http(s) URL, never a template. The client's own work runs on {@code relay-shop-http-n}
 * threads, from each start of the relay to the stop after it (the JDK's default pool would outlive a
 * stop), stopped once the delivery runs have ended ({@link Workers#CLIENTS}).
 */
@Component
class ShopClients implements SmartLifecycle {

    /** What is read of a shop's answer at most: an answer to 1,000 items is a few hundred KB. */
    static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;

    private static final String USER_AGENT = "opensi-relay";

    private final Duration deadline;
    private final ShopEnvelope envelopes = new ShopEnvelope();
    private final HttpClient http;
    private final Workers exchanges = Workers.growing("shop-http", Duration.ofSeconds(1));

    ShopClients(DeliveryProperties properties) {
        this.deadline = properties.connectTimeout().plus(properties.readTimeout());
        this.http = HttpClient.newBuilder()
                .executor(exchanges)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .build();
    }

    @Override
    public void start() {
        exchanges.start();
    }

    @Override
    public void stop() {
        exchanges.stop();
    }

    @Override
    public boolean isRunning() {
        return exchanges.running();
    }

    @Override
    public int getPhase() {
        return Workers.CLIENTS;
    }

    /** Sends a batch of one kind of item by its shop operation, and reads the shop's answer to each. */
    <T> List<ItemAnswer> send(ShopConnector shop, ShopItemKind.ShopOperation<T> operation, List<T> items)
            throws ShopUnavailableException {
        return call(
                shop, operation.request().apply(shop.websiteCode(), items), operation.answerElement(), items.size());
    }

    /** Posts one {@code set*Request} and reads the shop's answer to it, within the deadline. */
    private List<ItemAnswer> call(ShopConnector shop, Object request, String responseElement, int items)
            throws ShopUnavailableException {
        // As configured (a parsed http(s) URL, or its text): nothing in it is resolved.
        String url = shop.url().toString();
        URI address;
        try {
            address = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ShopUnavailableException("the shop's url " + url + " is not a URL: " + e.getMessage(), e);
        }
        byte[] envelope = envelopes.request(shop.key(), request);
        HttpRequest post = HttpRequest.newBuilder(address)
                // The client's own timer too: it covers the exchange until the answer's headers, and
                // closes the connection of an exchange that never got them.
                .timeout(deadline)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .header("Accept", "text/xml")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                .build();
        ShopAnswerBody answer = new ShopAnswerBody(MAX_ANSWER_BYTES);
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(post, answer::subscriber);
        HttpResponse<byte[]> response;
        try {
            response = awaitUninterruptibly(exchange);
        } catch (TimeoutException e) {
            abandon(exchange, answer);
            throw new ShopUnavailableException(
                    answer.status() > 0
                            ? ShopFailure.notComplete(url, answer, deadline)
                            : ShopFailure.noAnswer(url, deadline),
                    e);
        } catch (ExecutionException e) {
            throw new ShopUnavailableException(ShopFailure.describe(url, e.getCause(), answer, deadline), e.getCause());
        }
        return answers(url, response, responseElement, items, envelope.length);
    }

    /**
     * The exchange's outcome within the deadline. An interrupt (the relay stopping) does not cut it
     * short: the shop may have applied the batch already, and its answer, bounded by the deadline,
     * is worth recording rather than sending the batch again. The interrupt is kept for the caller.
     */
    private HttpResponse<byte[]> awaitUninterruptibly(CompletableFuture<HttpResponse<byte[]>> exchange)
            throws TimeoutException, ExecutionException {
        long end = System.nanoTime() + deadline.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return exchange.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives up an exchange: stops reading its answer and closes its connection. */
    private static void abandon(CompletableFuture<?> exchange, ShopAnswerBody answer) {
        answer.abort();
        exchange.cancel(true);
    }

    private List<ItemAnswer> answers(
            String url, HttpResponse<byte[]> response, String responseElement, int items, int requestBytes)
            throws ShopUnavailableException {
        int status = response.statusCode();
        if (status == 413) {
            throw new ShopUnavailableException(ShopFailure.batchTooLarge(url, items, requestBytes), null);
        }
        ShopEnvelope.Answer answer = envelopes.read(response.body(), responseElement);
        if (answer instanceof ShopEnvelope.Fault fault) {
            throw new ShopUnavailableException(ShopFailure.fault(url, status, fault.code(), fault.text()), null);
        }
        if (status < 200 || status > 299) {
            String page = new String(response.body(), StandardCharsets.UTF_8);
            String location = response.headers()
                    .firstValue("Location")
                    .map(l -> " (redirect to " + l + " not followed)")
                    .orElse("");
            throw new ShopUnavailableException(
                    ShopFailure.httpStatus(url, status, (ShopFailure.excerpt(page) + location).strip()), null);
        }
        if (answer instanceof ShopEnvelope.Unreadable unreadable) {
            throw new ShopUnavailableException(
                    ShopFailure.notAnAnswer(url, status, responseElement, unreadable.why()), null);
        }
        return ((ShopEnvelope.Entries) answer).answers();
    }
}
