package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.StubShop.Failure;
import org.springframework.test.context.TestPropertySource;

/**
 * Deliveries as a shop's web server needs them (issue 35, 3): HTTP/1.1 with a Content-Length, never
 * chunked nor asking for an upgrade, so that a server reading bodies by their Content-Length only
 * gets every batch at once; and each exchange bounded in total by the connect and read timeouts
 * (here 1 s each), so that a shop closing early, answering short, dripping its answer or refusing
 * the request costs one named, retried failure, never a worker held for a minute.
 */
@TestPropertySource(properties = {"relay.delivery.connect-timeout=PT1S", "relay.delivery.read-timeout=PT1S"})
class ContentLengthShopTest extends RelayWithShopTest {

    /** connect-timeout + read-timeout, and a second for the claim, the settlement and a loaded machine. */
    private static final Duration BATCH_BOUND = Duration.ofSeconds(3);

    @Test
    void twentyCommentsOfOneEnvelopeReachAContentLengthOnlyShopAtOnce() {
        long accepted = System.nanoTime();
        // SHOP2 delivers immediately after each accepted request, through the real scheduler.
        soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP2).repeat(20, (i, item) -> {
                    Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1));
                    Envelope.field(item, "WebOrderNumber").setTextContent("W" + i);
                }))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(20);
        Eventually.within(Duration.ofSeconds(2), "the 20 comments reach the shop", () -> SHOP.itemsApplied() == 20);
        System.out.println("20 comments, accepted to applied at a Content-Length-only shop: "
                + Duration.ofNanos(System.nanoTime() - accepted).toMillis() + " ms");

        assertThat(SHOP.wire()).singleElement().satisfies(request -> {
            assertThat(request.requestLine()).isEqualTo("POST /opensi HTTP/1.1");
            assertThat(request.first("Content-Length")).isEqualTo(String.valueOf(request.bodyBytes()));
            assertThat(request.bodyBytes()).as("a batch of 20 comments").isGreaterThan(4096);
            assertThat(request.has("Transfer-Encoding")).isFalse();
            assertThat(request.has("Upgrade")).isFalse();
            assertThat(request.first("Content-Type")).startsWith("text/xml");
        });
        assertThat(SHOP.duplicatesAnswered()).isZero();
    }

    @Test
    void aBacklogInFullBatchesGoesWithAContentLengthEach() {
        soap.post(shop1("setComments-seed.xml").repeat(250, (i, item) -> {
            Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1));
            Envelope.field(item, "WebOrderNumber").setTextContent("W" + i);
        }));
        assertThat(deliverShop1().delivered()).isEqualTo(250);
        assertThat(SHOP.wire())
                .hasSize(3)
                .allSatisfy(request ->
                        assertThat(request.first("Content-Length")).isEqualTo(String.valueOf(request.bodyBytes())));
    }

    @ParameterizedTest(name = "a shop that answers {0}")
    @EnumSource(
            value = Failure.class,
            names = {"CLOSE_EARLY", "SHORT_ANSWER", "DRIP", "NO_ANSWER", "LENGTH_REQUIRED", "TOO_LARGE"})
    void aShopThatBreaksTheExchangeFailsTheBatchInTimeNamedAndItIsDeliveredOnceTheShopBehaves(Failure failure) {
        soap.post(shop1("setComments-seed.xml")
                .repeat(3, (i, item) -> Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1))));
        SHOP.dripEvery(Duration.ofMillis(100));
        SHOP.failNext(failure);

        long started = System.nanoTime();
        DeliveryService.Run failed = deliverWithin(Duration.ofSeconds(15));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("the batch's exchange with a shop that %s", failure).isLessThan(BATCH_BOUND);
        assertThat(failed.shopUnavailable()).isTrue();
        assertThat(failed.retried()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT DISTINCT status || ' ' || attempts FROM outbox", String.class))
                .containsExactly("PENDING 1");
        String error = jdbc.queryForObject("SELECT DISTINCT last_error FROM outbox", String.class);
        assertThat(error).contains(expectedError(failure)).contains(SHOP.url()).doesNotContain(SHOP1_SHOP_KEY);
        if (failure == Failure.DRIP || failure == Failure.NO_ANSWER) {
            Eventually.within(
                    Duration.ofSeconds(2),
                    "the relay hangs up on the shop that " + failure,
                    () -> !SHOP.hangUps().isEmpty());
            assertThat(SHOP.hangUps())
                    .singleElement()
                    .satisfies(h -> assertThat(h.after()).isLessThan(BATCH_BOUND));
        }

        // The shop behaves again: after the retry delay, each comment is delivered, once.
        clock.advance(Duration.ofMinutes(2));
        assertThat(deliverShop1().delivered()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM outbox", String.class))
                .containsExactly("DELIVERED");
        assertThat(SHOP.applied()).containsOnlyKeys("comment 1", "comment 2", "comment 3");
        assertThat(deliverShop1().batches()).as("nothing is sent twice").isZero();
    }

    /** The words the delivery's last error must hold for each way of breaking the exchange. */
    private static String expectedError(Failure failure) {
        return switch (failure) {
            case CLOSE_EARLY -> "closed the connection before answering";
            case SHORT_ANSWER -> "bytes it announced (Content-Length)";
            case DRIP -> "was not complete within 2 s";
            case NO_ANSWER -> "no answer from";
            case LENGTH_REQUIRED -> "HTTP 411";
            case TOO_LARGE -> "relay.delivery.batch-size";
            default -> throw new IllegalArgumentException(failure.name());
        };
    }

    /** SHOP1's delivery on another thread, failing the test (not hanging it) if it takes longer than {@code limit}. */
    private DeliveryService.Run deliverWithin(Duration limit) {
        CompletableFuture<DeliveryService.Run> run = CompletableFuture.supplyAsync(this::deliverShop1);
        try {
            return run.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the delivery run was still on the wire after " + limit);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
