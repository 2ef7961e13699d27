package org.opensirelay.returns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensirelay.ingest.ItemOutcome;
import org.opensirelay.ingest.ReturnDocument;
import org.opensirelay.ingest.ReturnDocumentsStored;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.outbox.NewOutboxRow;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.returns.ReturnStore.StoredOrder;
import org.opensirelay.returns.ReturnStore.StoredReturn;
import org.opensirelay.website.Website;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Orders and returns: registering orders, taking return requests under the website's rules, and
 * every change of a return's state, from whichever side, through the one {@link ReturnStateMachine}.
 * Each change is an event on the return's timeline; each accepted change also goes to the shop's
 * connector through the outbox (kind {@value #RETURN_STATE}), in order per return.
 */
@Service
public class ReturnService {

    /** The outbox's item kind of return state changes. */
    public static final String RETURN_STATE = "RETURN_STATE";

    /** The timeline note of a state the return passes through on its way to the one asked for. */
    private static final String IMPLIED = "implied by ";

    /** Answer codes of setOrderReturnStates beyond the contract's. */
    public static final int TRANSITION_REFUSED = 3010;
    public static final int UNKNOWN_STATE = 3011;

    private static final Logger log = LoggerFactory.getLogger(ReturnService.class);

    private final ReturnStore store;
    private final Outbox outbox;
    private final DurableWrites writes;
    private final Slips slips;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final CreditNotes creditNotes;

    ReturnService(ReturnStore store, Outbox outbox, DurableWrites writes, Slips slips, Clock clock, MeterRegistry meters,
                  ApplicationEventPublisher events, CreditNotes creditNotes) {
        this.creditNotes = creditNotes;
        this.events = events;
        this.store = store;
        this.outbox = outbox;
        this.writes = writes;
        this.slips = slips;
        this.clock = clock;
        this.meters = meters;
    }

    // ---------------------------------------------------------------- orders

    public enum OrderOutcome { CREATED, UPDATED, UNCHANGED }

    /** An order as registered: what the registration did, the version now current, the order. */
    public record RegisteredOrder(OrderOutcome outcome, int version, OrderSnapshot order) {
    }

    /** Registers the shop's snapshot of an order: the same again changes nothing, a change is a new version. */
    public RegisteredOrder registerOrder(Website website, OrderSnapshot order) {
        String canonical = OrderJson.canonical(order);
        return durably(website, 0, () -> {
            Instant now = clock.instant();
            Optional<StoredOrder> stored = store.lockOrder(website.id(), order.webOrderNumber());
            if (stored.isEmpty()) {
                store.insertOrder(website.id(), order, canonical, now);
                return new RegisteredOrder(OrderOutcome.CREATED, 1, order);
            }
            if (stored.get().canonical().equals(canonical)) {
                return new RegisteredOrder(OrderOutcome.UNCHANGED, stored.get().version(), stored.get().snapshot());
            }
            int version = stored.get().version() + 1;
            store.updateOrder(stored.get().id(), version, order, canonical, now);
            return new RegisteredOrder(OrderOutcome.UPDATED, version, order);
        });
    }

    public Optional<RegisteredOrder> order(Website website, String webOrderNumber) {
        return writes.read(() -> store.lockOrder(website.id(), webOrderNumber)
                .map(o -> new RegisteredOrder(OrderOutcome.UNCHANGED, o.version(), o.snapshot())));
    }

    // ---------------------------------------------------------------- return requests

    /** A return request's answer: the return, and whether it is the first answer given again. */
    public record Requested(ReturnView returned, boolean replayed) {
    }

    /**
     * Takes a return request, or refuses it whole with every problem (422), or answers the first
     * answer again for a replay (same source and external id, same Idempotency-Key, or same return
     * number with the same content); the same key with another request is a conflict (409).
     */
    public Requested requestReturn(Website website, ReturnRequest request, String idempotencyKey, Side side) {
        String hash = hash(request);
        Requested requested = durably(website, 0, () -> {
            Optional<StoredReturn> earlier = idempotencyKey != null ? store.byIdempotencyKey(website.id(), idempotencyKey)
                    : Optional.empty();
            if (earlier.isEmpty() && request.externalId() != null) {
                earlier = store.byExternalId(website.id(), request.source(), request.externalId());
            }
            if (earlier.isEmpty() && request.webReturnNumber() != null) {
                earlier = store.byNumber(website.id(), request.webReturnNumber(), false);
            }
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(hash)) {
                    throw new ReturnRefusedException(409, "IDEMPOTENCY_CONFLICT", "another request was already taken under this key",
                            List.of(Problem.of("IDEMPOTENCY_CONFLICT", "", "return " + earlier.get().webReturnNumber()
                                    + " was requested with the same Idempotency-Key, source and externalId, or return number,"
                                    + " but a different content: send a new key for a new request")));
                }
                return new Requested(store.view(earlier.get()), true);
            }
            StoredOrder order = store.lockOrder(website.id(), request.webOrderNumber()).orElseThrow(() ->
                    new ReturnRefusedException(422, "UNKNOWN_ORDER", "the order is not known", List.of(Problem.of("UNKNOWN_ORDER",
                            "/webOrderNumber", "order " + request.webOrderNumber() + " is not registered for website " + website.code()
                                    + ": PUT it to /api/v1/websites/" + website.code() + "/orders/" + request.webOrderNumber() + " first"))));
            Eligibility.Verdict verdict = Eligibility.judge(ReturnSettings.of(website), order.snapshot(), request, store.claimed(order.id()),
                    LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            if (!verdict.eligible()) {
                throw new ReturnRefusedException(422, verdict.problems().get(0).code(), "the return cannot be requested",
                        verdict.problems());
            }
            Instant now = clock.instant();
            List<String> categories = verdict.lines().stream()
                    .map(l -> ReturnReasons.category(l.reasonCode(), request.reason(), website.returns().reasons())).toList();
            StoredReturn created = store.insertReturn(website.id(), order.id(), request, idempotencyKey, hash, verdict.lines(), categories, now);
            store.addEvent(created.id(), now, side, null, ReturnState.of(ReturnStatus.REQUESTED), request.source(), false,
                    "requested: " + request.reason().strip());
            ReturnView view = store.view(created);
            events.publishEvent(new ReturnEvent(website, ReturnEvent.CREATED, view.webReturnNumber(), eventData(view, Map.of(
                    "status", ReturnStatus.REQUESTED.name(), "source", request.source(), "side", side.name()))));
            return new Requested(view, false);
        });
        if (!requested.replayed()) {
            log.atInfo().addKeyValue("website", website.code()).addKeyValue("return", requested.returned().webReturnNumber())
                    .addKeyValue("order", requested.returned().webOrderNumber()).addKeyValue("source", request.source())
                    .log("return requested website={} return={} order={} source={}", website.code(),
                            requested.returned().webReturnNumber(), requested.returned().webOrderNumber(), request.source());
        }
        return requested;
    }

    /** A return's identity and lines, as a webhook receiver reads them, with {@code extra}. */
    private static Map<String, Object> eventData(ReturnView view, Map<String, Object> extra) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("webReturnNumber", view.webReturnNumber());
        data.put("webOrderNumber", view.webOrderNumber());
        data.put("orderNumber", view.orderNumber());
        data.put("reason", view.reason());
        data.put("lines", view.lines().stream().map(l -> {
            Map<String, Object> line = new java.util.LinkedHashMap<>();
            line.put("lineId", l.lineId());
            line.put("reference", l.reference());
            line.put("quantity", l.quantity());
            line.put("reasonCode", l.reasonCode());
            line.put("reasonCategory", l.reasonCategory());
            return line;
        }).toList());
        data.putAll(extra);
        return data;
    }

    // ---------------------------------------------------------------- reading

    public Optional<ReturnView> find(Website website, String webReturnNumber) {
        return writes.read(() -> store.byNumber(website.id(), webReturnNumber, false).map(store::view));
    }

    /**
     * A page of returns, the cursor of the next one (null at the end), and the time the page is
     * complete up to: a poller passes it back as {@code modifiedSince} to see every change once.
     */
    public record Page(List<ReturnView> returns, String nextCursor, Instant asOf) {
    }

    /**
     * How far behind now a time-window poll reads: a change stamped just before the poll may not have
     * committed yet, and must fall in the next window instead of being missed.
     */
    static final java.time.Duration SETTLING = java.time.Duration.ofSeconds(1);

    /**
     * Returns by last change, oldest first: a poller that keeps the cursor sees every change once.
     *
     * @param cursor where the previous page ended (opaque), or null
     */
    public Page list(Website website, ReturnStatus status, Instant modifiedSince, Instant modifiedBefore, String cursor, int limit) {
        Instant afterAt = null;
        long afterId = 0;
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                afterAt = Instant.parse(parts[0]);
                afterId = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                throw new ReturnRefusedException(400, "INVALID_CURSOR", "the cursor is not one this API gave",
                        List.of(Problem.of("INVALID_CURSOR", "/cursor", "pass back the nextCursor of a previous page unchanged")));
            }
        }
        Instant at = afterAt;
        long id = afterId;
        Instant asOf = clock.instant().minus(SETTLING);
        // A window poll (modifiedSince without an end) reads up to asOf, and asOf opens its next window.
        Instant before = modifiedBefore != null ? modifiedBefore : modifiedSince != null ? asOf : null;
        return writes.read(() -> {
            List<StoredReturn> rows = store.page(website.id(), status, modifiedSince, before, at, id, limit + 1);
            boolean more = rows.size() > limit;
            List<StoredReturn> page = more ? rows.subList(0, limit) : rows;
            String next = null;
            if (more) {
                StoredReturn last = page.get(page.size() - 1);
                next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (last.updatedAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
            }
            return new Page(page.stream().map(store::view).toList(), next, before != null ? before : asOf);
        });
    }

    // ---------------------------------------------------------------- state changes

    /** What a requested state change did. */
    public record Change(ReturnView returned, ReturnStateMachine.Verdict verdict) {
    }

    /** For operators: a website's returns, latest change first, by status and/or a return or order number. */
    public List<ReturnView> search(Website website, ReturnStatus status, String number, int limit) {
        return writes.read(() -> store.search(website.id(), status, number, limit).stream().map(store::view).toList());
    }

    /**
     * A state change asked by the shop, a marketplace or an operator. A change the machine refuses
     * is kept on the timeline as a divergence and counted, and refused (409); nothing else changes.
     */
    public Change changeState(Website website, String webReturnNumber, ReturnState target, Side side, String raw) {
        Change change = durably(website, 1, () -> {
            StoredReturn stored = store.byNumber(website.id(), webReturnNumber, true).orElseThrow(() -> unknownReturn(webReturnNumber));
            ReturnStateMachine.Verdict verdict = apply(website, stored, target, side, raw, null);
            return new Change(store.view(store.byNumber(website.id(), webReturnNumber, false).orElseThrow()), verdict);
        });
        return unlessRefused(change, "/state");
    }

    /** The change, or the 409 of a change the machine refused (already kept on the timeline as a divergence). */
    private static Change unlessRefused(Change change, String pointer) {
        if (change.verdict() instanceof ReturnStateMachine.Verdict.Refused refused) {
            throw new ReturnRefusedException(409, "TRANSITION_REFUSED", "the return's state machine refuses this change",
                    List.of(Problem.of("TRANSITION_REFUSED", pointer, refused.reason()
                            + " (kept on the return's timeline as a divergence)")));
        }
        return change;
    }

    /**
     * Attaches the parcel's label and tracking to a return (one shipment per return): a different one
     * replaces it, and each change is on the timeline; the same one again changes nothing.
     */
    public ReturnView attachLabel(Website website, String webReturnNumber, ReturnView.Label label, Side side) {
        return durably(website, 1, () -> {
            StoredReturn stored = store.byNumber(website.id(), webReturnNumber, true).orElseThrow(() -> unknownReturn(webReturnNumber));
            Optional<ReturnView.Label> current = store.label(stored.id());
            boolean same = current.filter(c -> java.util.Objects.equals(c.labelUrl(), label.labelUrl())
                    && c.carrier().equals(label.carrier()) && c.trackingNumber().equals(label.trackingNumber())).isPresent();
            if (!same) {
                Instant now = clock.instant();
                store.addLabel(stored.id(), label, side, now);
                store.addEvent(stored.id(), now, side, stored.status(), stored.state(), "label", false,
                        (current.isEmpty() ? "label attached: " : "label changed: ") + label.carrier() + " " + label.trackingNumber()
                                + (label.labelUrl() == null ? "" : " " + label.labelUrl()));
                Map<String, Object> data = new java.util.LinkedHashMap<>();
                data.put("webReturnNumber", stored.webReturnNumber());
                data.put("labelUrl", label.labelUrl());
                data.put("carrier", label.carrier());
                data.put("trackingNumber", label.trackingNumber());
                data.put("replaced", current.isPresent());
                data.put("side", side.name());
                events.publishEvent(new ReturnEvent(website, ReturnEvent.LABEL_ATTACHED, stored.webReturnNumber(), data));
            }
            return store.view(store.byNumber(website.id(), webReturnNumber, false).orElseThrow());
        });
    }

    /**
     * An outcome reported by a side that reports only outcomes (a marketplace): the return goes
     * through the states the outcome implies, each on the timeline ("implied by …"). Already there:
     * unchanged. No path (a final state): refused, kept as a divergence, 409. {@code onTheWay} runs
     * first, in the same transaction, when the return does move (a marketplace's refund).
     */
    Change reachOutcome(Website website, String webReturnNumber, ReturnState outcome, Side side, String raw,
                        Consumer<StoredReturn> onTheWay) {
        Change change = durably(website, 1, () -> {
            StoredReturn stored = store.byNumber(website.id(), webReturnNumber, true).orElseThrow(() -> unknownReturn(webReturnNumber));
            if (ReturnStateMachine.pathTo(stored.state(), outcome).filter(path -> !path.isEmpty()).isPresent()) {
                onTheWay.accept(stored);
            }
            ReturnStateMachine.Verdict verdict = walkTo(website, store.byNumber(website.id(), webReturnNumber, false).orElseThrow(),
                    outcome, side, raw);
            return new Change(store.view(store.byNumber(website.id(), webReturnNumber, false).orElseThrow()), verdict);
        });
        return unlessRefused(change, "/status");
    }

    /**
     * Inside the caller's transaction: the return goes through the states {@code outcome} implies
     * (each on the timeline); no path is a refusal kept as a divergence.
     */
    ReturnStateMachine.Verdict walkTo(Website website, StoredReturn stored, ReturnState outcome, Side side, String raw) {
        Optional<List<ReturnState>> path = ReturnStateMachine.pathTo(stored.state(), outcome);
        if (path.isEmpty()) {
            return apply(website, stored, outcome, side, raw, null);
        }
        if (path.get().isEmpty()) {
            return new ReturnStateMachine.Verdict.Unchanged();
        }
        StoredReturn at = stored;
        for (ReturnState step : path.get()) {
            apply(website, at, step, side, raw, step.equals(outcome) ? null : IMPLIED + raw);
            at = store.byNumber(website.id(), stored.webReturnNumber(), false).orElseThrow();
        }
        return new ReturnStateMachine.Verdict.Allowed();
    }

    /** One OrderReturnState item from the ERP. */
    public record ErpState(String returnNumber, String webReturnNumber, String returnState) {
    }

    /**
     * The ERP's setOrderReturnStates, items applied in order in one transaction: 1002 changed, 2001
     * already in that state, 3002 no such return, 3010 a change the machine refuses, 3011 a value
     * that names no state. The ERP's ReturnNumber is recorded on the return. Refused and unknown
     * values are kept on the timeline as divergences.
     */
    public List<ItemOutcome> applyErpStates(Website website, List<ErpState> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        return durably(website, items.size(), () -> {
            List<ItemOutcome> outcomes = new ArrayList<>();
            for (ErpState item : items) {
                String key = item.webReturnNumber();
                Optional<StoredReturn> found = store.byNumber(website.id(), item.webReturnNumber(), true);
                if (found.isEmpty()) {
                    outcomes.add(new ItemOutcome(key, 3002, "No return " + item.webReturnNumber() + " on this website"));
                    continue;
                }
                StoredReturn stored = found.get();
                if (!item.returnNumber().equals(stored.erpReturnNumber())) {
                    store.recordErpNumber(stored.id(), item.returnNumber());
                }
                Optional<ReturnState> target = ReturnSettings.of(website).erpState(item.returnState());
                if (target.isEmpty()) {
                    store.addEvent(stored.id(), clock.instant(), Side.ERP, stored.status(), null, item.returnState(), true,
                            "ReturnState '" + item.returnState() + "' names no state of this website");
                    divergence(website, Side.ERP);
                    outcomes.add(new ItemOutcome(key, UNKNOWN_STATE, "ReturnState '" + item.returnState() + "' names no state: use "
                            + ReturnState.NAMES + ", PrestaShop's 1 to 5, or map it with relay.websites[N].returns.erp-states"));
                    continue;
                }
                ReturnStateMachine.Verdict verdict = apply(website, stored, target.get(), Side.ERP, item.returnState(), null);
                if (verdict instanceof ReturnStateMachine.Verdict.Refused refused) {
                    outcomes.add(new ItemOutcome(key, TRANSITION_REFUSED, refused.reason()));
                } else if (verdict instanceof ReturnStateMachine.Verdict.Unchanged) {
                    outcomes.add(new ItemOutcome(key, ItemOutcome.DUPLICATE, "Already " + stored.state() + ": nothing changed"));
                } else {
                    outcomes.add(new ItemOutcome(key, ItemOutcome.UPDATED, "Updated: " + stored.state() + " -> " + target.get()));
                }
            }
            return outcomes;
        });
    }

    /** Slips from the ERP name their return: it gets the slip and, if it was only requested, becomes ACCEPTED. */
    @EventListener
    public void returnDocumentsStored(ReturnDocumentsStored stored) {
        Website website = stored.website();
        for (ReturnDocument document : stored.documents()) {
            store.byNumber(website.id(), document.webReturnNumber(), true).ifPresent(found -> {
                store.attachSlip(found.id(), document.url(), document.returnNumber(), clock.instant());
                if (found.status() == ReturnStatus.REQUESTED) {
                    // As it is now, with the ERP's slip: accepting it must not issue a second one.
                    apply(website, store.byId(found.id()).orElseThrow(), ReturnState.of(ReturnStatus.ACCEPTED), Side.ERP,
                            "setOrderReturnDocuments", "return slip " + document.url());
                } else {
                    store.addEvent(found.id(), clock.instant(), Side.ERP, found.status(), found.state(), "setOrderReturnDocuments",
                            false, "return slip " + document.url());
                }
            });
        }
    }

    /**
     * Applies one change inside the caller's transaction: an allowed change updates the return,
     * goes on the timeline and into the outbox for the shop; a refused one goes on the timeline as
     * a divergence; an unchanged one leaves no trace.
     */
    ReturnStateMachine.Verdict apply(Website website, StoredReturn stored, ReturnState target, Side side, String raw, String note) {
        ReturnStateMachine.Verdict verdict = ReturnStateMachine.decide(stored.state(), target);
        Instant now = clock.instant();
        if (verdict instanceof ReturnStateMachine.Verdict.Allowed) {
                store.updateState(stored.id(), target, now);
                long event = store.addEvent(stored.id(), now, side, stored.status(), target, raw, false, note);
                Map<String, Object> change = new java.util.LinkedHashMap<>();
                change.put("webReturnNumber", stored.webReturnNumber());
                change.put("from", stored.status().name());
                change.put("to", target.status().name());
                change.put("resolution", target.resolution() == null ? null : target.resolution().name());
                change.put("side", side.name());
                events.publishEvent(new ReturnEvent(website, ReturnEvent.STATE_CHANGED, stored.webReturnNumber(), change));
                outbox.append(website.id(), List.of(new NewOutboxRow(RETURN_STATE, String.valueOf(event), 1,
                        stored.webReturnNumber(), "%019d".formatted(event))), now);
                log.atInfo().addKeyValue("website", website.code()).addKeyValue("return", stored.webReturnNumber())
                        .addKeyValue("side", side).addKeyValue("from", stored.state()).addKeyValue("to", target)
                        .log("return state website={} return={} side={} {} -> {}", website.code(), stored.webReturnNumber(), side,
                                stored.state(), target);
                // A slip is for a parcel still to come: none for a returnless return ("keep it"), nor for an
                // acceptance a later state implies (a return refunded in full or received in one step).
                boolean implied = note != null && note.startsWith(IMPLIED);
                if (target.status() == ReturnStatus.ACCEPTED && !implied && stored.slipUrl() == null
                        && ReturnSettings.of(website).generateSlip() && !"returnless".equals(stored.returnMethod())) {
                    slips.issue(website, store.byId(stored.id()).orElseThrow(), now);
                }
        } else if (verdict instanceof ReturnStateMachine.Verdict.Refused refused) {
            store.addEvent(stored.id(), now, side, stored.status(), target, raw, true, refused.reason());
            divergence(website, side);
        }
        // Unchanged: nothing to record, the return already is in that state.
        return verdict;
    }

    private void divergence(Website website, Side side) {
        Counter.builder("relay.returns.divergences").description("State changes the return state machine refused, kept on the timeline")
                .tags("website", website.code(), "side", side.name()).register(meters).increment();
    }

    // ---------------------------------------------------------------- the ERP's pull

    /** A return as getOrderReturns answers it. */
    public record ErpReturn(String orderNumber, String returnNumber, boolean valid, String type, String comments,
                            List<ReturnView.Line> products) {
    }

    /** Returns changed within the window (or of the orders named), paged by offset and count. */
    public List<ErpReturn> forErp(Website website, Instant from, Instant to, List<String> orderNumbers, int offset, int count) {
        return writes.read(() -> store.forErp(website.id(), from, to, orderNumbers, offset, count).stream()
                .map(store::view)
                .map(r -> new ErpReturn(r.orderNumber() != null ? r.orderNumber() : r.webOrderNumber(), r.webReturnNumber(),
                        r.status().holdsQuantities(), new ReturnState(r.status(), r.resolution()).toString(), r.reason(), r.lines()))
                .toList());
    }

    /** Units returned for one reason of the taxonomy. */
    public record ReasonCount(String reason, long units) {
    }

    /** Units returned of one product, and the reason most of them came back for. */
    public record ProductCount(String reference, long units, String topReason) {
    }

    /** Why products come back: by reason, most first, and by product. */
    public record ReasonsReport(List<ReasonCount> byReason, List<ProductCount> byProduct) {
    }

    /** Units returned by reason and by product, of the returns requested since {@code since}. */
    public ReasonsReport reasons(Website website, Instant since) {
        return writes.read(() -> store.reasonsSince(website.id(), since));
    }

    /** Credit notes for the ERP: made in the window, or of the orders named; paged. */
    public List<CreditNotes.CreditNote> creditNotesForErp(Website website, Instant from, Instant to, List<String> orderNumbers, int offset,
                                                          int count) {
        return writes.read(() -> creditNotes.forErp(website.id(), from, to, orderNumbers, offset, count));
    }

    /** Current state changes by the outbox's keys, for the shop. */
    public Map<String, VersionedItem<ReturnStateChange>> stateChanges(long websiteId, Collection<String> eventIds) {
        return store.stateChanges(websiteId, eventIds);
    }

    // ---------------------------------------------------------------- plumbing

    private static ReturnRefusedException unknownReturn(String webReturnNumber) {
        return new ReturnRefusedException(404, "UNKNOWN_RETURN", "no such return",
                List.of(Problem.of("UNKNOWN_RETURN", "", "no return " + webReturnNumber + " on this website")));
    }

    private <T> T durably(Website website, int changes, Supplier<T> work) {
        return writes.run(website, changes, work);
    }

    private static String hash(ReturnRequest request) {
        StringBuilder text = new StringBuilder().append(request.webOrderNumber()).append('\n').append(request.webReturnNumber())
                .append('\n').append(request.source()).append('\n').append(request.externalId()).append('\n')
                .append(request.reason() == null ? null : request.reason().strip());
        for (ReturnRequest.Line line : request.lines()) {
            text.append('\n').append(line.lineId()).append('|').append(line.reference()).append('|').append(line.gtin())
                    .append('|').append(line.quantity()).append('|').append(line.reasonCode());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
