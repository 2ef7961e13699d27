package org.opensirelay.returns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.returns.domain.Eligibility;
import org.opensirelay.returns.domain.ReturnEvent;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.returns.store.OrderStore;
import org.opensirelay.returns.store.OrderStore.StoredOrder;
import org.opensirelay.returns.store.ReturnStore;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.returns.store.ReturnViews;
import org.opensirelay.website.Website;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Return requests, from the shop, a marketplace or an operator: taken under the website's rules
 * ({@link Eligibility}) with every problem named, or refused whole; a replay gets the first answer.
 */
@Service
public class ReturnRequests {

    private static final Logger log = LoggerFactory.getLogger(ReturnRequests.class);

    private final ReturnStore store;
    private final OrderStore orders;
    private final ReturnViews views;
    private final DurableWrites writes;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ReturnRequests(
            ReturnStore store,
            OrderStore orders,
            ReturnViews views,
            DurableWrites writes,
            Clock clock,
            ApplicationEventPublisher events) {
        this.store = store;
        this.orders = orders;
        this.views = views;
        this.writes = writes;
        this.clock = clock;
        this.events = events;
    }

    /** A return request's answer: the return, and whether it is the first answer given again. */
    public record Requested(ReturnView returned, boolean replayed) {}

    /**
     * Takes a return request, or refuses it whole with every problem (422), or answers the first
     * answer again for a replay (same source and external id, same Idempotency-Key, or same return
     * number with the same content); the same key with another request is a conflict (409).
     */
    public Requested requestReturn(Website website, ReturnRequest request, String idempotencyKey, Side side) {
        String hash = hash(request);
        Requested requested = writes.run(website, () -> {
            Optional<StoredReturn> earlier =
                    idempotencyKey != null ? store.byIdempotencyKey(website.id(), idempotencyKey) : Optional.empty();
            if (earlier.isEmpty() && request.externalId() != null) {
                earlier = store.byExternalId(website.id(), request.source(), request.externalId());
            }
            if (earlier.isEmpty() && request.webReturnNumber() != null) {
                earlier = store.byNumber(website.id(), request.webReturnNumber(), false);
            }
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(hash)) {
                    throw ReturnRefusedException.of(
                            409,
                            "IDEMPOTENCY_CONFLICT",
                            "another request was already taken under this key",
                            "",
                            "return " + earlier.get().webReturnNumber()
                                    + " was requested with the same Idempotency-Key, source and externalId, or return number,"
                                    + " but a different content: send a new key for a new request");
                }
                return new Requested(views.view(earlier.get()), true);
            }
            StoredOrder order = orders.lockOrder(website.id(), request.webOrderNumber())
                    .orElseThrow(() -> ReturnRefusedException.of(
                            422,
                            "UNKNOWN_ORDER",
                            "the order is not known",
                            "/webOrderNumber",
                            "order " + request.webOrderNumber() + " is not registered for website "
                                    + website.code() + ": PUT it to /api/v1/websites/" + website.code()
                                    + "/orders/" + request.webOrderNumber() + " first"));
            Eligibility.Verdict verdict = Eligibility.judge(
                    ReturnSettings.of(website),
                    order.snapshot(),
                    request,
                    store.claimed(order.id()),
                    LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            if (!verdict.eligible()) {
                throw new ReturnRefusedException(
                        422, verdict.problems().get(0).code(), "the return cannot be requested", verdict.problems());
            }
            Instant now = clock.instant();
            List<String> categories = verdict.lines().stream()
                    .map(l -> ReturnReasons.category(
                            l.reasonCode(), request.reason(), website.returns().reasons()))
                    .toList();
            StoredReturn created = store.insertReturn(
                    website.id(), order.id(), request, idempotencyKey, hash, verdict.lines(), categories, now);
            store.addEvent(
                    created.id(),
                    now,
                    side,
                    null,
                    ReturnState.of(ReturnStatus.REQUESTED),
                    request.source(),
                    false,
                    "requested: " + request.reason().strip());
            ReturnView view = views.view(created);
            events.publishEvent(new ReturnEvent(
                    website,
                    ReturnEvent.CREATED,
                    view.webReturnNumber(),
                    eventData(
                            view,
                            Map.of(
                                    "status",
                                    ReturnStatus.REQUESTED.name(),
                                    "source",
                                    request.source(),
                                    "side",
                                    side.name()))));
            return new Requested(view, false);
        });
        if (!requested.replayed()) {
            log.atInfo()
                    .addKeyValue("website", website.code())
                    .addKeyValue("return", requested.returned().webReturnNumber())
                    .addKeyValue("order", requested.returned().webOrderNumber())
                    .addKeyValue("source", request.source())
                    .log(
                            "return requested website={} return={} order={} source={}",
                            website.code(),
                            requested.returned().webReturnNumber(),
                            requested.returned().webOrderNumber(),
                            request.source());
        }
        return requested;
    }

    /** A return's identity and lines, as a webhook receiver reads them, with {@code extra}. */
    private static Map<String, Object> eventData(ReturnView view, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webReturnNumber", view.webReturnNumber());
        data.put("webOrderNumber", view.webOrderNumber());
        data.put("orderNumber", view.orderNumber());
        data.put("reason", view.reason());
        data.put(
                "lines",
                view.lines().stream()
                        .map(l -> {
                            Map<String, Object> line = new LinkedHashMap<>();
                            line.put("lineId", l.lineId());
                            line.put("reference", l.reference());
                            line.put("quantity", l.quantity());
                            line.put("reasonCode", l.reasonCode());
                            line.put("reasonCategory", l.reasonCategory());
                            return line;
                        })
                        .toList());
        data.putAll(extra);
        return data;
    }

    private static String hash(ReturnRequest request) {
        StringBuilder text = new StringBuilder()
                .append(request.webOrderNumber())
                .append('\n')
                .append(request.webReturnNumber())
                .append('\n')
                .append(request.source())
                .append('\n')
                .append(request.externalId())
                .append('\n')
                .append(request.reason() == null ? null : request.reason().strip());
        for (ReturnRequest.Line line : request.lines()) {
            text.append('\n')
                    .append(line.lineId())
                    .append('|')
                    .append(line.reference())
                    .append('|')
                    .append(line.gtin())
                    .append('|')
                    .append(line.quantity())
                    .append('|')
                    .append(line.reasonCode());
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
