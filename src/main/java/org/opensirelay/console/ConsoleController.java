package org.opensirelay.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.opensirelay.delivery.DeliveryAdministration;
import org.opensirelay.ingest.StoredItems;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.outbox.DeliveryView;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.outbox.OutboxStatus;
import org.opensirelay.passthrough.PassThroughTraffic;
import org.opensirelay.returns.ReturnQueries;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.soap.RequestLog;
import org.opensirelay.webhooks.WebhookActivity;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteAdministration;
import org.opensirelay.website.WebsiteRegistry;
import org.opensirelay.website.WebsiteRegistry.WebsiteState;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' console: which websites are behind, what failed and why, one click to retry or
 * deliver now: the overview of every website and a website's page. Server-rendered; never shows a key or a
 * token. (Signing in, returns and the search have controllers of their own.)
 */
@Controller
class ConsoleController {

    /** The charts' data, written for console/charts.js. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The charts cover this many minutes, one bar each. */
    static final int CHART_MINUTES = 180;
    /** Websites per page of the overview. */
    static final int OVERVIEW_PAGE = 50;

    private final WebsiteRegistry websites;
    private final Outbox outbox;
    private final DeliveryAdministration delivery;
    private final RequestLog requests;
    private final ReturnQueries returns;
    private final Clock clock;
    private final PassThroughTraffic passThrough;
    private final WebhookActivity webhooks;

    private final WebsiteAdministration administration;
    private final ConsoleText text;
    private final StoredItems storedItems;

    ConsoleController(
            WebsiteRegistry websites,
            Outbox outbox,
            DeliveryAdministration delivery,
            RequestLog requests,
            ReturnQueries returns,
            Clock clock,
            PassThroughTraffic passThrough,
            WebhookActivity webhooks,
            WebsiteAdministration administration,
            MessageSource messages,
            StoredItems storedItems) {
        this.text = new ConsoleText(messages);
        this.storedItems = storedItems;
        this.administration = administration;
        this.webhooks = webhooks;
        this.passThrough = passThrough;
        this.websites = websites;
        this.outbox = outbox;
        this.delivery = delivery;
        this.requests = requests;
        this.returns = returns;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- overview

    /** One website's line of the overview. */
    record WebsiteLine(
            String code,
            String shopUrl,
            long backlog,
            String oldestPendingAge,
            int dead,
            String lastDelivered,
            int accepted24h,
            int refused24h,
            boolean behind,
            String reason,
            String chart,
            String chartSummary,
            boolean enabled) {}

    @GetMapping("/console")
    String overview(@RequestParam(defaultValue = "1") int page, Model model) {
        Instant now = clock.instant();
        String zone = ConsoleTimes.ofCurrentRequest().zoneId();
        List<WebsiteState> all = websites.states().stream()
                .sorted(Comparator.comparing(w -> w.website().code()))
                .toList();
        // A page at a time: each line reads the website's counts, so a page costs the same with 10 or 10,000 websites.
        int pages = Math.max(1, (all.size() + OVERVIEW_PAGE - 1) / OVERVIEW_PAGE);
        int shown = Math.max(1, Math.min(page, pages));
        List<WebsiteLine> lines = new ArrayList<>();
        for (WebsiteState state :
                all.subList((shown - 1) * OVERVIEW_PAGE, Math.min(all.size(), shown * OVERVIEW_PAGE))) {
            Website website = state.website();
            Map<OutboxStatus, Integer> counts = outbox.countsByStatus(website.id());
            long backlog = counts.get(OutboxStatus.PENDING);
            Duration oldest = outbox.oldestPending(website.id())
                    .map(at -> Duration.between(at, now))
                    .orElse(Duration.ZERO);
            int dead = counts.get(OutboxStatus.DEAD);
            int[] day = requests.counts(website.code(), now.minus(Duration.ofHours(24)));
            // Behind: something dead, or the oldest waiting item older than two delivery periods.
            boolean late = state.enabled()
                    && backlog > 0
                    && oldest.compareTo(website.delivery().interval().multipliedBy(2)) > 0;
            String reason = !state.enabled()
                    ? text.text("overview.reason.disabled")
                    : dead > 0
                            ? text.text("overview.reason.dead", dead)
                            : late
                                    ? text.text("overview.reason.late", human(oldest))
                                    : website.delivery().shop() == null ? text.text("overview.reason.no-shop") : "";
            Outbox.History history = outbox.history(website.id(), now, CHART_MINUTES);
            lines.add(new WebsiteLine(
                    website.code(),
                    websites.shopUrl(website).orElse("—"),
                    backlog,
                    backlog == 0 ? "—" : human(oldest),
                    dead,
                    outbox.lastDelivered(website.id())
                            .map(at -> text.text("overview.ago", human(Duration.between(at, now))))
                            .orElse(text.text("overview.never")),
                    day[0],
                    day[1],
                    dead > 0 || late,
                    reason,
                    chart(history, zone),
                    summary(history),
                    state.enabled()));
        }
        model.addAttribute("websites", lines);
        model.addAttribute("page", shown);
        model.addAttribute("pages", pages);
        model.addAttribute("total", all.size());
        model.addAttribute("changes", administration.recentChanges(10));
        model.addAttribute("minutes", CHART_MINUTES);
        return "console/overview";
    }

    // ---------------------------------------------------------------- a website

    @GetMapping("/console/websites/{code}")
    String website(@PathVariable String code, @RequestParam(defaultValue = "DEAD") String status, Model model) {
        WebsiteState state = websites.state(code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no website " + code));
        Website website = state.website();
        Instant now = clock.instant();
        ConsoleTimes times = ConsoleTimes.ofCurrentRequest();
        model.addAttribute("state", state);
        model.addAttribute(
                "previousKeyUntil",
                state.previousKeyUntil() != null && state.previousKeyUntil().isAfter(now)
                        ? times.local(state.previousKeyUntil())
                        : null);
        model.addAttribute(
                "previousApiTokenUntil",
                state.previousApiTokenUntil() != null
                                && state.previousApiTokenUntil().isAfter(now)
                        ? times.local(state.previousApiTokenUntil())
                        : null);
        model.addAttribute("keyUse", requests.credentials(code, now.minus(Duration.ofHours(24))));
        model.addAttribute("changes", administration.changes(code, 20));
        OutboxStatus shown = OutboxStatus.parse(status).orElse(OutboxStatus.DEAD);
        model.addAttribute("code", code);
        model.addAttribute("shopUrl", websites.shopUrl(website).orElse(null));
        Map<String, Integer> counts = new LinkedHashMap<>();
        outbox.countsByStatus(website.id()).forEach((s, n) -> counts.put(s.name(), n));
        model.addAttribute("counts", counts);
        model.addAttribute("status", shown.name());
        List<DeliveryView> rows = delivery.list(website, shown, 200);
        model.addAttribute("deliveries", rows);
        model.addAttribute("labels", labels(website, rows));
        model.addAttribute("refused", requests.lastRefused(code, 20));
        model.addAttribute("slipsOff", ReturnSettings.slipsOffForWantOfAnAddress(website));
        model.addAttribute("passThrough", passThrough.last24Hours(code));
        model.addAttribute("passThroughFailures", passThrough.lastFailures(code));
        Outbox.History history = outbox.history(website.id(), clock.instant(), CHART_MINUTES);
        model.addAttribute("chart", chart(history, times.zoneId()));
        model.addAttribute("subscriptions", webhooks.subscriptions(website.id()));
        model.addAttribute("webhookAttempts", webhooks.lastAttempts(website.id(), 20));
        model.addAttribute("chartSummary", summary(history));
        return "console/website";
    }

    @PostMapping("/console/websites/{code}/deliveries/{id}/retry")
    String retry(@PathVariable String code, @PathVariable long id, RedirectAttributes flash) {
        int revived = delivery.revive(website(code), id);
        flash.addFlashAttribute("notice", text.text(revived == 1 ? "notice.retried" : "notice.not-dead", id));
        return "redirect:/console/websites/" + code + "?status=DEAD";
    }

    @PostMapping("/console/websites/{code}/retry-dead")
    String retryDead(@PathVariable String code, RedirectAttributes flash) {
        int revived = delivery.revive(website(code), null);
        flash.addFlashAttribute("notice", text.text("notice.retried-dead", revived));
        return "redirect:/console/websites/" + code + "?status=PENDING";
    }

    @PostMapping("/console/websites/{code}/deliver")
    String deliverNow(@PathVariable String code, RedirectAttributes flash) {
        Website website = website(code);
        if (website.delivery().shop() == null) {
            flash.addFlashAttribute("notice", text.text("notice.no-shop", code));
        } else {
            DeliveryAdministration.DeliveredNow done = delivery.deliverNow(website);
            flash.addFlashAttribute(
                    "notice",
                    text.text(
                            done.run().shopUnavailable() ? "notice.delivered-now-unreachable" : "notice.delivered-now",
                            done.run().delivered(),
                            done.run().retried(),
                            done.run().dead()));
        }
        return "redirect:/console/websites/" + code + "?status=DELIVERED";
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * What each row is about, in the words of the shop and the ERP: a state change is its return's
     * number and the state, not the timeline event's id the outbox keys it by.
     */
    private Map<Long, String> labels(Website website, List<DeliveryView> rows) {
        List<String> stateEvents = rows.stream()
                .filter(r -> ReturnStateChange.OUTBOX_KIND.equals(r.kind()))
                .map(DeliveryView::key)
                .toList();
        Map<String, VersionedItem<ReturnStateChange>> changes =
                stateEvents.isEmpty() ? Map.of() : returns.stateChanges(website.id(), stateEvents);
        List<String> commentIds = rows.stream()
                .filter(r -> StoredItems.COMMENT.equals(r.kind()))
                .map(DeliveryView::key)
                .distinct()
                .toList();
        Map<String, VersionedItem<OrderComment>> comments =
                commentIds.isEmpty() ? Map.of() : storedItems.comments(website.id(), commentIds);
        Map<Long, String> labels = new LinkedHashMap<>();
        Map<Long, String> webhookLabels = webhooks.labels(rows);
        for (DeliveryView row : rows) {
            VersionedItem<ReturnStateChange> change = changes.get(row.key());
            String changed = row.version() > 1 ? ", change " + row.version() : "";
            String label;
            if (StoredItems.COMMENT.equals(row.kind())) {
                VersionedItem<OrderComment> comment = comments.get(row.key());
                label = "comment " + row.key() + changed
                        + (comment == null
                                ? ""
                                : " about order " + comment.item().webOrderNumber());
            } else if (StoredItems.RETURN_DOCUMENT.equals(row.kind())) {
                label = "return slip of " + row.key() + changed;
            } else if (WebhookActivity.isWebhook(row)) {
                label = webhookLabels.get(row.id());
            } else if (ReturnStateChange.OUTBOX_KIND.equals(row.kind())) {
                label = change == null
                        ? "return state (event " + row.key() + ")"
                        : "return " + change.item().webReturnNumber() + " → "
                                + change.item().returnState();
            } else {
                label = row.kind() + " " + row.key() + " v" + row.version();
            }
            labels.put(row.id(), label);
        }
        return labels;
    }

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no active website " + code));
    }

    /**
     * A chart's data for console/charts.js: the minutes' ends in epoch seconds (from {@code since},
     * one a {@code step}), the series per minute, and the zone the console shows times in ({@code zone},
     * the reader's: read once per page, not once per chart).
     */
    String chart(Outbox.History history, String zone) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("since", history.since().getEpochSecond());
        chart.put("step", 60);
        chart.put("zone", zone);
        chart.put("delivered", history.delivered());
        chart.put("waiting", history.waiting());
        chart.put("dead", history.dead());
        return JSON.writeValueAsString(chart);
    }

    /** What the chart shows, in words (its text alternative). */
    String summary(Outbox.History history) {
        int minutes = history.delivered().length;
        return text.text(
                "chart.summary",
                human(Duration.ofMinutes(minutes)),
                IntStream.of(history.delivered()).sum(),
                IntStream.of(history.dead()).sum(),
                history.waiting()[minutes - 1],
                IntStream.of(history.waiting()).max().orElse(0));
    }

    /** A duration as people say it: seconds, minutes, hours, then days (the unit in the reader's language). */
    String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 90) {
            return seconds + " s";
        }
        if (seconds < 90 * 60) {
            return seconds / 60 + " min";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + " h";
        }
        return text.text("duration.days", seconds / 86400);
    }
}
