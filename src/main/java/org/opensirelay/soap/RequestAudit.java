package org.opensirelay.soap;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The inbound audit: one {@code inbound_request} row and one log line per SOAP request, accepted or
 * refused — website, operation, item count, outcome, duration. Keys are never part of it.
 */
@Component
class RequestAudit {

    private static final Logger log = LoggerFactory.getLogger(RequestAudit.class);
    private static final int DETAIL_MAX = 1000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    RequestAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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
                    request.detail = fault == null ? null : fault.getMessage();
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

    private void record(InboundRequest request) {
        if (request.recorded) {
            return;
        }
        request.recorded = true;
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.startNanos);
        String operation = request.operation == null ? null : request.operation.operationName();
        String detail = request.detail == null || request.detail.length() <= DETAIL_MAX
                ? request.detail : request.detail.substring(0, DETAIL_MAX - 1) + "…";
        log.info("soap operation={} website={} items={} outcome={} created={} updated={} duplicates={} durationMs={}{}",
                operation, request.websiteCode, request.itemCount, request.outcome, request.created, request.updated,
                request.duplicates, durationMs, detail == null ? "" : " detail=\"" + detail + "\"");
        try {
            jdbc.update("INSERT INTO inbound_request (received_at, website_code, operation, item_count, outcome,"
                            + " created_count, updated_count, duplicate_count, duration_ms, detail)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    OffsetDateTime.ofInstant(request.receivedAt, ZoneOffset.UTC), request.websiteCode, operation,
                    request.itemCount, request.outcome, request.created, request.updated, request.duplicates,
                    durationMs, detail);
        } catch (RuntimeException e) {
            // The answer is already decided; a lost audit row must not turn it into a failure.
            log.warn("Could not write the inbound audit row: {}", e.toString());
        }
    }
}
