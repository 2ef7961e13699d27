package org.opensirelay.soap;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.opensirelay.text.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbound audit: one {@code inbound_request} row and one log line per SOAP request, accepted or
 * refused — website, operation, item count, outcome, duration. Keys are never part of it.
 */
@Component
class RequestAudit {

    private static final Logger log = LoggerFactory.getLogger(RequestAudit.class);
    /** The size of {@code inbound_request.detail}. */
    private static final int DETAIL_MAX = 1000;

    private final Clock clock;
    private final MeterRegistry meters;
    private final AuditRows rows;

    RequestAudit(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
        this.rows = new AuditRows(jdbc, transactions);
    }

    /** First in: notes when the request arrived. */
    AbstractPhaseInterceptor<Message> arrival() {
        return new AbstractPhaseInterceptor<>(Phase.RECEIVE) {
            @Override
            public void handleMessage(Message message) {
                message.getExchange().put(InboundRequest.class, new InboundRequest(clock.instant(), System.nanoTime()));
            }
        };
    }

    /** On the way out, answer or fault: writes the audit row. */
    AbstractPhaseInterceptor<Message> departure() {
        return new AbstractPhaseInterceptor<>(Phase.PRE_STREAM) {
            @Override
            public void handleMessage(Message message) {
                InboundRequest request = InboundRequest.of(message);
                if (request.outcome == null) {
                    Exception fault = message.getContent(Exception.class);
                    request.outcome = fault == null ? InboundRequest.ACCEPTED : "FAULT";
                    request.detail = fault == null ? request.detail : fault.getMessage();
                    Throwable cause = fault == null ? null : fault.getCause();
                    if (cause instanceof RuntimeException && !(cause instanceof org.apache.cxf.interceptor.Fault)) {
                        // Not a refusal of ours nor CXF's reading of bad XML: a defect worth its stack trace.
                        log.error("Unexpected failure answering a SOAP request", cause);
                    }
                }
                record(request);
            }
        };
    }

    /**
     * Metrics. The website tag is set only once the key has opened the website: a Website_Code
     * from an unauthenticated caller must not create series.
     */
    private void count(InboundRequest request, String operation, long durationNanos) {
        String op = operation == null ? "unknown" : operation;
        String website = request.website == null ? "none" : request.website.code();
        Timer.builder("relay.soap.requests")
                .description("SOAP requests answered, by operation and outcome")
                .tags("operation", op, "outcome", request.outcome)
                .register(meters)
                .record(durationNanos, TimeUnit.NANOSECONDS);
        if (InboundRequest.ACCEPTED.equals(request.outcome)) {
            items(op, website, "1001", request.created);
            items(op, website, "1002", request.updated);
            items(op, website, "2001", request.duplicates);
        } else {
            Counter.builder("relay.soap.faults")
                    .description("Refused SOAP requests, by reason")
                    .tags("operation", op, "reason", request.outcome)
                    .register(meters)
                    .increment();
        }
    }

    private void items(String operation, String website, String code, int count) {
        if (count > 0) {
            Counter.builder("relay.soap.items")
                    .description("Items accepted from the ERP, by answer code")
                    .tags("operation", operation, "website", website, "code", code)
                    .register(meters)
                    .increment(count);
        }
    }

    private void record(InboundRequest request) {
        if (request.recorded) {
            return;
        }
        request.recorded = true;
        long durationNanos = System.nanoTime() - request.startNanos;
        long durationMs = TimeUnit.NANOSECONDS.toMillis(durationNanos);
        String operation = request.operation == null ? null : request.operation.operationName();
        String detail = Text.abbreviate(request.detail, DETAIL_MAX);
        // The same facts as fields (JSON logs) and in the text (plain logs).
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("requestId", request.id)
                .addKeyValue("operation", operation)
                .addKeyValue("website", request.websiteCode)
                .addKeyValue("items", request.itemCount)
                .addKeyValue("outcome", request.outcome)
                .addKeyValue("created", request.created)
                .addKeyValue("updated", request.updated)
                .addKeyValue("duplicates", request.duplicates)
                .addKeyValue("durationMs", durationMs);
        if (detail != null) {
            line = line.addKeyValue("detail", detail);
        }
        if (request.credential != null) {
            line = line.addKeyValue("credential", request.credential);
        }
        // While a website is between two keys, each line says which one the request used.
        String credential = request.rotating && request.credential != null ? " credential=" + request.credential : "";
        line.log(
                "soap id={} operation={} website={} items={} outcome={} created={} updated={} duplicates={} durationMs={}{}{}",
                request.id,
                operation,
                request.websiteCode,
                request.itemCount,
                request.outcome,
                request.created,
                request.updated,
                request.duplicates,
                durationMs,
                credential,
                detail == null ? "" : " detail=\"" + detail + "\"");
        count(request, operation, durationNanos);
        try {
            rows.insert(
                    OffsetDateTime.ofInstant(request.receivedAt, ZoneOffset.UTC),
                    request.websiteCode,
                    operation,
                    request.itemCount,
                    request.outcome,
                    request.created,
                    request.updated,
                    request.duplicates,
                    durationMs,
                    detail,
                    request.credential);
        } catch (RuntimeException e) {
            // The answer is already decided; a lost audit row must not turn it into a failure.
            log.warn("Could not write the inbound audit row: {}", e.toString());
        }
    }
}
