package org.opensirelay.soap;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.text.Text;
import org.opensirelay.website.Website;

/**
 * What is known of one SOAP request as it goes through the chain: filled by the contract check and
 * the endpoint, written to the audit when the answer leaves. Lives in the CXF exchange.
 */
final class InboundRequest {

    static final String ACCEPTED = "ACCEPTED";
    /** The size of {@code inbound_request.website_code}. */
    private static final int WEBSITE_CODE_MAX = 64;

    final Instant receivedAt;
    final long startNanos;
    /** Correlates the log line, the audit row and what the caller was told (e.g. an incident). */
    final String id = newId();

    Operation operation;
    String websiteCode;
    Website website;
    int itemCount;
    String outcome;
    String detail;
    /** What opened the website (key, previous-key, username-token), once it is open. */
    String credential;
    /** Whether the website is between two keys (then the log says which one each request used). */
    boolean rotating;

    int created;
    int updated;
    int duplicates;
    boolean recorded;

    InboundRequest(Instant receivedAt, long startNanos) {
        this.receivedAt = receivedAt;
        this.startNanos = startNanos;
    }

    /**
     * Eight and four hex digits, like the start of a UUID: unique enough to find one request in the
     * logs, and not drawn from the shared SecureRandom that every request thread would queue on.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%08x-%04x", random.nextInt(), random.nextInt(0x10000));
    }

    /** The request of the exchange being processed on this thread. */
    static InboundRequest current() {
        return of(PhaseInterceptorChain.getCurrentMessage());
    }

    static InboundRequest of(Message message) {
        Exchange exchange = message.getExchange();
        InboundRequest request = exchange.get(InboundRequest.class);
        if (request == null) {
            request = new InboundRequest(Instant.now(), System.nanoTime());
            exchange.put(InboundRequest.class, request);
        }
        return request;
    }

    /**
     * Notes the {@code Website_Code} as sent, made safe for a log line and the audit column: it
     * comes from the caller before anything has checked it.
     */
    void websiteCode(String sent) {
        websiteCode = Text.abbreviate(Text.printable(sent), WEBSITE_CODE_MAX);
    }

    void refused(FaultReason reason, String why) {
        outcome = reason.name();
        detail = why;
    }

    void accepted(List<ItemAnswer> outcomes) {
        outcome = ACCEPTED;
        for (ItemAnswer o : outcomes) {
            switch (o.code()) {
                case ItemAnswer.CREATED -> created++;
                case ItemAnswer.UPDATED -> updated++;
                case ItemAnswer.DUPLICATE -> duplicates++;
                default -> {}
            }
        }
    }
}
