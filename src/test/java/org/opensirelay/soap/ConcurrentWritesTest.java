package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import org.junit.jupiter.api.RepeatedTest;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp;
import org.opensirelay.support.SoapHttp.Answer;
import org.xmlunit.builder.Input;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * ERPs retry, and two of their workers may send the same item at once: the relay stores it once,
 * answers 1001 exactly once, and writes one outbox row.
 */
class ConcurrentWritesTest extends RelayIntegrationTest {

    private static final int SENDERS = 16;

    @RepeatedTest(5)
    void sameNewItemSentConcurrentlyIsCreatedOnce() throws Exception {
        List<Answer> answers = sendConcurrently(i -> shop1("setComments-seed.xml"));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(codes(answers)).filteredOn("1001"::equals).hasSize(1);
        assertThat(codes(answers)).filteredOn("2001"::equals).hasSize(SENDERS - 1);
        assertThat(count("order_comment")).isEqualTo(1);
        assertThat(count("outbox")).isEqualTo(1);
    }

    @RepeatedTest(5)
    void concurrentChangesOfOneItemAreAllApplied() throws Exception {
        soap.post(shop1("setComments-seed.xml"));
        List<Answer> answers =
                sendConcurrently(i -> shop1("setComments-seed.xml").set("Comment", "Version " + i));
        assertThat(codes(answers)).containsOnly("1002").hasSize(SENDERS);
        assertThat(jdbc.queryForObject("SELECT version FROM order_comment", Integer.class))
                .as("every change counted, none lost to a race")
                .isEqualTo(1 + SENDERS);
        // Changes that arrive together are stored in one combined write, as if sent in one envelope:
        // the shop is sent the final version once, not each superseded one.
        assertThat(jdbc.queryForObject("SELECT MAX(item_version) FROM outbox", Integer.class))
                .as("the final version is queued for the shop")
                .isEqualTo(1 + SENDERS);
        assertThat(count("outbox"))
                .as("an outbox row per write that changed the item")
                .isBetween(2, 1 + SENDERS);
    }

    private List<Answer> sendConcurrently(IntFunction<Envelope> envelope) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                Envelope e = envelope.apply(i);
                futures.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException ex) {
                                Thread.currentThread().interrupt();
                            }
                            return soap.post(e);
                        },
                        pool));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (CompletableFuture<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> codes(List<Answer> answers) {
        JAXPXPathEngine xpath = new JAXPXPathEngine();
        xpath.setNamespaceContext(SoapHttp.NAMESPACES);
        return answers.stream()
                .map(a -> xpath.evaluate(
                        "//open:return/xsd:Code", Input.fromString(a.body()).build()))
                .toList();
    }
}
