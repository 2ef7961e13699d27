package org.opensirelay.returns;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensirelay.ingest.ReturnDocumentsStored;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.opensi.ReturnStateItem;
import org.opensirelay.outbox.NewOutboxRow;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.returns.domain.ReturnEvent;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.returns.domain.ReturnStateMachine;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.returns.slip.Slips;
import org.opensirelay.returns.store.ReturnStore;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.returns.store.ReturnViews;
import org.opensirelay.website.Website;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Every change of a return after its request, from whichever side, through the one
 * {@link ReturnStateMachine}: its state (the shop's, a marketplace's outcome, the ERP's
 * setOrderReturnStates), its label, the ERP's slip. Each change is an event on the return's
 * timeline; each accepted state also goes to the shop's connector through the outbox (kind
 * {@value ReturnStateChange#OUTBOX_KIND}), in order per return.
 */
@Service
public class ReturnChanges {

    /** The timeline note of a state the return passes through on its way to the one asked for. */
    private static final String IMPLIED = "implied by ";

    private static final Logger log = LoggerFactory.getLogger(ReturnChanges.class);

    private final ReturnStore store;
    private final ReturnViews views;
    private final Outbox outbox;
    private final DurableWrites writes;
    private final Slips slips;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    ReturnChanges(
            ReturnStore store,
            ReturnViews views,
            Outbox outbox,
            DurableWrites writes,
            Slips slips,
            Clock clock,
            MeterRegistry meters,
            ApplicationEventPublisher events) {
        this.store = store;
        this.views = views;
        this.outbox = outbox;
        this.writes = writes;
        this.slips = slips;
        this.clock = clock;
        this.meters = meters;
        this.events = events;
    }

    /** What a requested state change did. */
    public record Change(ReturnView returned, ReturnStateMachine.Verdict verdict) {}

    /**
     * A state change asked by the shop, a marketplace or an operator. A change the machine refuses
     * is kept on the timeline as a divergence and counted, and refused (409); nothing else changes.
     */
    public Change changeState(Website website, String webReturnNumber, ReturnState target, Side side, String raw) {
        Change change = writes.run(
                website,
                () -> {
                    StoredReturn stored = store.byNumber(website.id(), webReturnNumber, true)
                            .orElseThrow(() -> unknownReturn(webReturnNumber));
                    ReturnStateMachine.Verdict verdict = apply(website, stored, target, side, raw, null);
                    return new Change(
                            views.view(store.byNumber(website.id(), webReturnNumber, false)
                                    .orElseThrow()),
                            verdict);
                },
                ReturnChanges::queued);
        return unlessRefused(change, "/state");
    }

    /** A change queues one state for the shop when the machine allowed it (a walk, every state on the way). */
    private static int queued(Change change) {
        return change.verdict() instanceof ReturnStateMachine.Verdict.Allowed ? 1 : 0;
    }

    /** The change, or the 409 of a change the machine refused (already kept on the timeline as a divergence). */
    private static Change unlessRefused(Change change, String pointer) {
        if (change.verdict() instanceof ReturnStateMachine.Verdict.Refused refused) {
            throw ReturnRefusedException.of(
                    409,
                    "TRANSITION_REFUSED",
                    "the return's state machine refuses this change",
                    pointer,
                    refused.reason() + " (kept on the return's timeline as a divergence)");
        }
        return change;
    }

    /**
     * Attaches the parcel's label and tracking to a return (one shipment per return): a different one
     * replaces it, and each change is on the timeline; the same one again changes nothing.
     */
    public ReturnView attachLabel(Website website, String webReturnNumber, ReturnView.Label label, Side side) {
        return writes.run(website, () -> {
            StoredReturn stored = store.byNumber(website.id(), webReturnNumber, true)
                    .orElseThrow(() -> unknownReturn(webReturnNumber));
            Optional<ReturnView.Label> current = store.label(stored.id());
            boolean same = current.filter(c -> Objects.equals(c.labelUrl(), label.labelUrl())
                            && c.carrier().equals(label.carrier())
                            && c.trackingNumber().equals(label.trackingNumber()))
                    .isPresent();
            if (!same) {
                Instant now = clock.instant();
                store.addLabel(stored.id(), label, side, now);
                store.addEvent(
                        stored.id(),
                        now,
                        side,
                        stored.status(),
                        stored.state(),
                        "label",
                        false,
                        (current.isEmpty() ? "label attached: " : "label changed: ") + label.carrier() + " "
                                + label.trackingNumber() + (label.labelUrl() == null ? "" : " " + label.labelUrl()));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("webReturnNumber", stored.webReturnNumber());
                data.put("labelUrl", label.labelUrl());
                data.put("carrier", label.carrier());
                data.put("trackingNumber", label.trackingNumber());
                data.put("replaced", current.isPresent());
                data.put("side", side.name());
                events.publishEvent(
                        new ReturnEvent(website, ReturnEvent.LABEL_ATTACHED, stored.webReturnNumber(), data));
            }
            return views.view(
                    store.byNumber(website.id(), webReturnNumber, false).orElseThrow());
        });
    }

    /**
     * An outcome reported by a side that reports only outcomes (a marketplace): the return goes
     * through the states the outcome implies, each on the timeline ("implied by …"). Already there:
     * unchanged. No path (a final state): refused, kept as a divergence, 409. {@code onTheWay} runs
     * first, in the same transaction, when the return does move (a marketplace's refund).
     */
    Change reachOutcome(
            Website website,
            String webReturnNumber,
            ReturnState outcome,
            Side side,
            String raw,
            Consumer<StoredReturn> onTheWay) {
        Change change = writes.run(
                website,
                () -> {
                    StoredReturn stored = store.byNumber(website.id(), webReturnNumber, true)
                            .orElseThrow(() -> unknownReturn(webReturnNumber));
                    if (ReturnStateMachine.pathTo(stored.state(), outcome)
                            .filter(path -> !path.isEmpty())
                            .isPresent()) {
                        onTheWay.accept(stored);
                    }
                    ReturnStateMachine.Verdict verdict = walkTo(
                            website,
                            store.byNumber(website.id(), webReturnNumber, false).orElseThrow(),
                            outcome,
                            side,
                            raw);
                    return new Change(
                            views.view(store.byNumber(website.id(), webReturnNumber, false)
                                    .orElseThrow()),
                            verdict);
                },
                ReturnChanges::queued);
        return unlessRefused(change, "/status");
    }

    /**
     * Inside the caller's transaction: the return goes through the states {@code outcome} implies
     * (each on the timeline); no path is a refusal kept as a divergence.
     */
    ReturnStateMachine.Verdict walkTo(
            Website website, StoredReturn stored, ReturnState outcome, Side side, String raw) {
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

    /**
     * The ERP's setOrderReturnStates, items applied in order in one transaction: 1002 changed, 2001
     * already in that state, 3002 no such return, 3010 a change the machine refuses, 3011 a value
     * that names no state. The ERP's ReturnNumber is recorded on the return. Refused and unknown
     * values are kept on the timeline as divergences.
     */
    public List<ItemAnswer> applyErpStates(Website website, List<ReturnStateItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        return writes.run(
                website,
                () -> {
                    List<ItemAnswer> outcomes = new ArrayList<>();
                    for (ReturnStateItem item : items) {
                        String key = item.webReturnNumber();
                        Optional<StoredReturn> found = store.byNumber(website.id(), item.webReturnNumber(), true);
                        if (found.isEmpty()) {
                            outcomes.add(new ItemAnswer(
                                    key,
                                    ItemAnswer.NOT_FOUND,
                                    "No return " + item.webReturnNumber() + " on this website"));
                            continue;
                        }
                        StoredReturn stored = found.get();
                        if (!item.returnNumber().equals(stored.erpReturnNumber())) {
                            store.recordErpNumber(stored.id(), item.returnNumber());
                        }
                        Optional<ReturnState> target =
                                ReturnSettings.of(website).erpState(item.returnState());
                        if (target.isEmpty()) {
                            store.addEvent(
                                    stored.id(),
                                    clock.instant(),
                                    Side.ERP,
                                    stored.status(),
                                    null,
                                    item.returnState(),
                                    true,
                                    "ReturnState '" + item.returnState() + "' names no state of this website");
                            divergence(website, Side.ERP);
                            outcomes.add(
                                    new ItemAnswer(
                                            key,
                                            ItemAnswer.UNKNOWN_STATE,
                                            "ReturnState '" + item.returnState() + "' names no state: use "
                                                    + ReturnState.NAMES
                                                    + ", PrestaShop's 1 to 5, or map it with relay.websites[N].returns.erp-states"));
                            continue;
                        }
                        ReturnStateMachine.Verdict verdict =
                                apply(website, stored, target.get(), Side.ERP, item.returnState(), null);
                        if (verdict instanceof ReturnStateMachine.Verdict.Refused refused) {
                            outcomes.add(new ItemAnswer(key, ItemAnswer.TRANSITION_REFUSED, refused.reason()));
                        } else if (verdict instanceof ReturnStateMachine.Verdict.Unchanged) {
                            outcomes.add(new ItemAnswer(
                                    key, ItemAnswer.DUPLICATE, "Already " + stored.state() + ": nothing changed"));
                        } else {
                            outcomes.add(new ItemAnswer(
                                    key, ItemAnswer.UPDATED, "Updated: " + stored.state() + " -> " + target.get()));
                        }
                    }
                    return outcomes;
                },
                outcomes -> (int) outcomes.stream()
                        .filter(o -> o.code() == ItemAnswer.UPDATED)
                        .count());
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
                    apply(
                            website,
                            store.byId(found.id()).orElseThrow(),
                            ReturnState.of(ReturnStatus.ACCEPTED),
                            Side.ERP,
                            "setOrderReturnDocuments",
                            "return slip " + document.url());
                } else {
                    store.addEvent(
                            found.id(),
                            clock.instant(),
                            Side.ERP,
                            found.status(),
                            found.state(),
                            "setOrderReturnDocuments",
                            false,
                            "return slip " + document.url());
                }
            });
        }
    }

    /**
     * Applies one change inside the caller's transaction: an allowed change updates the return,
     * goes on the timeline and into the outbox for the shop; a refused one goes on the timeline as
     * a divergence; an unchanged one leaves no trace.
     */
    ReturnStateMachine.Verdict apply(
            Website website, StoredReturn stored, ReturnState target, Side side, String raw, String note) {
        ReturnStateMachine.Verdict verdict = ReturnStateMachine.decide(stored.state(), target);
        Instant now = clock.instant();
        if (verdict instanceof ReturnStateMachine.Verdict.Allowed) {
            store.updateState(stored.id(), target, now);
            long event = store.addEvent(stored.id(), now, side, stored.status(), target, raw, false, note);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("webReturnNumber", stored.webReturnNumber());
            change.put("from", stored.status().name());
            change.put("to", target.status().name());
            change.put(
                    "resolution",
                    target.resolution() == null ? null : target.resolution().name());
            change.put("side", side.name());
            events.publishEvent(new ReturnEvent(website, ReturnEvent.STATE_CHANGED, stored.webReturnNumber(), change));
            outbox.append(
                    website.id(),
                    List.of(new NewOutboxRow(
                            ReturnStateChange.OUTBOX_KIND,
                            String.valueOf(event),
                            1,
                            stored.webReturnNumber(),
                            "%019d".formatted(event))),
                    now);
            log.atInfo()
                    .addKeyValue("website", website.code())
                    .addKeyValue("return", stored.webReturnNumber())
                    .addKeyValue("side", side)
                    .addKeyValue("from", stored.state())
                    .addKeyValue("to", target)
                    .log(
                            "return state website={} return={} side={} {} -> {}",
                            website.code(),
                            stored.webReturnNumber(),
                            side,
                            stored.state(),
                            target);
            // A slip is for a parcel still to come: none for a returnless return ("keep it"), nor for an
            // acceptance a later state implies (a return refunded in full or received in one step).
            boolean implied = note != null && note.startsWith(IMPLIED);
            if (target.status() == ReturnStatus.ACCEPTED
                    && !implied
                    && stored.slipUrl() == null
                    && ReturnSettings.of(website).generateSlip()
                    && !"returnless".equals(stored.returnMethod())) {
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
        Counter.builder("relay.returns.divergences")
                .description("State changes the return state machine refused, kept on the timeline")
                .tags("website", website.code(), "side", side.name())
                .register(meters)
                .increment();
    }

    private static ReturnRefusedException unknownReturn(String webReturnNumber) {
        return ReturnRefusedException.of(
                404, "UNKNOWN_RETURN", "no such return", "", "no return " + webReturnNumber + " on this website");
    }
}
