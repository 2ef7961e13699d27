package org.opensirelay.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.opensirelay.ingest.StoredItems;
import org.opensirelay.ingest.StoredItems.ReceivedComment;
import org.opensirelay.outbox.DeliveryView;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.returns.ReturnQueries;
import org.opensirelay.returns.ReturnQueries.FoundReturn;
import org.opensirelay.returns.ReturnQueries.OrderReturns;
import org.opensirelay.returns.domain.FoundOrder;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.webhooks.WebhookActivity;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.opensirelay.website.WebsiteRegistry.WebsiteState;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

/**
 * The console's one search box, for a support desk with a customer on the phone: an order by its
 * number (the shop's or the ERP's), a return by its number, an ERP comment by its CommentId, a
 * customer by the start of their name or email (case and accents aside), in one website or every
 * website the operator sees. One hit opens its page; several are listed. And an order's story: the
 * ERP's comments with when each came and went and what the shop answered, its returns, the webhook
 * events sent about it.
 *
 * <p>Every read is an index lookup per website seen (plans checked in HotPathPlansTest): its cost
 * grows with the websites searched, never with the items stored.
 */
@Controller
class ConsoleSearchController {

    /** Hits listed at most, of each kind. */
    static final int HITS = 20;
    /** Comments, returns shown on an order's story at most (an order has a handful). */
    static final int STORY_ITEMS = 200;
    /** A customer is searched from this many characters on: one letter would list a phone book. */
    static final int CUSTOMER_MIN = 2;

    /** A CommentId (xsd:int, at most 11 characters). */
    private static final Pattern COMMENT_ID = Pattern.compile("\\d{1,10}");

    private final WebsiteRegistry websites;
    private final ReturnQueries returns;
    private final StoredItems items;
    private final Outbox outbox;
    private final WebhookActivity webhooks;

    ConsoleSearchController(
            WebsiteRegistry websites,
            ReturnQueries returns,
            StoredItems items,
            Outbox outbox,
            WebhookActivity webhooks) {
        this.websites = websites;
        this.returns = returns;
        this.items = items;
        this.outbox = outbox;
        this.webhooks = webhooks;
    }

    /**
     * One search result: what was found ({@code kind}, a message key's last word), in which website,
     * named in the shop's words, with its customer when known, and the page it opens.
     */
    record Hit(String kind, String website, String title, String customerName, String customerEmail, String link) {}

    @GetMapping("/console/search")
    String search(
            @RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String website, Model model) {
        String query = q.strip();
        List<WebsiteState> seen = websites.states().stream()
                .sorted(Comparator.comparing(w -> w.website().code()))
                .toList();
        List<WebsiteState> searched = website.isBlank()
                ? seen
                : seen.stream().filter(w -> w.website().code().equals(website)).toList();
        List<Hit> hits = query.isEmpty() ? List.of() : hits(query, searched);
        if (hits.size() == 1) {
            return "redirect:" + hits.get(0).link();
        }
        model.addAttribute("q", query);
        model.addAttribute("website", website);
        model.addAttribute(
                "websites", seen.stream().map(w -> w.website().code()).toList());
        model.addAttribute("hits", hits);
        model.addAttribute("tooShort", query.length() < CUSTOMER_MIN);
        return "console/search";
    }

    private List<Hit> hits(String query, List<WebsiteState> searched) {
        Map<Long, String> codes = new LinkedHashMap<>();
        searched.forEach(w -> codes.put(w.website().id(), w.website().code()));
        List<Long> ids = List.copyOf(codes.keySet());
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (FoundOrder order : returns.ordersByNumber(ids, query, HITS)) {
            add(hits, orderHit("order", codes, order));
        }
        for (FoundReturn found : returns.returnsByNumber(ids, query, HITS)) {
            ReturnView r = found.view();
            String code = codes.get(found.websiteId());
            FoundOrder order = returns.customers(websiteOf(code), List.of(r.webOrderNumber()))
                    .get(r.webOrderNumber());
            add(
                    hits,
                    new Hit(
                            "return",
                            code,
                            r.webReturnNumber() + " (" + r.webOrderNumber() + ")",
                            order == null ? null : order.customerName(),
                            order == null ? null : order.customerEmail(),
                            link("/console/websites/", code, "/returns/", r.webReturnNumber())));
        }
        if (COMMENT_ID.matcher(query).matches() && Long.parseLong(query) <= Integer.MAX_VALUE) {
            for (ReceivedComment comment : items.commentsById(ids, Integer.parseInt(query))) {
                String code = codes.get(comment.websiteId());
                add(
                        hits,
                        new Hit(
                                "comment",
                                code,
                                comment.comment().commentId() + " ("
                                        + comment.comment().webOrderNumber() + ")",
                                null,
                                null,
                                link(
                                                "/console/websites/",
                                                code,
                                                "/orders/",
                                                comment.comment().webOrderNumber()) + "#comment-"
                                        + comment.comment().commentId()));
            }
        }
        // An order only the ERP's comments name (the shop never registered it with the relay).
        if (hits.values().stream().noneMatch(h -> h.kind().equals("order"))) {
            Set<String> named = new LinkedHashSet<>();
            for (ReceivedComment comment : items.commentsOfOrder(ids, query, HITS)) {
                String code = codes.get(comment.websiteId());
                if (named.add(code)) {
                    add(
                            hits,
                            new Hit(
                                    "order",
                                    code,
                                    query,
                                    null,
                                    null,
                                    link("/console/websites/", code, "/orders/", query)));
                }
            }
        }
        if (query.length() >= CUSTOMER_MIN) {
            for (FoundOrder order : returns.ordersByCustomer(ids, query, HITS)) {
                add(hits, orderHit("customer", codes, order));
            }
        }
        return List.copyOf(hits.values());
    }

    /** Keeps the first hit of each page: an order found by its number and by its customer is one hit. */
    private static void add(Map<String, Hit> hits, Hit hit) {
        hits.putIfAbsent(hit.link(), hit);
    }

    private static Hit orderHit(String kind, Map<Long, String> codes, FoundOrder order) {
        String code = codes.get(order.websiteId());
        return new Hit(
                kind,
                code,
                order.webOrderNumber() + (order.orderNumber() != null ? " (ERP " + order.orderNumber() + ")" : ""),
                order.customerName(),
                order.customerEmail(),
                link("/console/websites/", code, "/orders/", order.webOrderNumber()));
    }

    /** A console path with the website's code and a number as path segments, each escaped. */
    static String link(String before, String code, String middle, String number) {
        return before
                + UriUtils.encodePathSegment(code, StandardCharsets.UTF_8)
                + middle
                + UriUtils.encodePathSegment(number, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- an order's story

    /** One ERP comment on the order's story, with each delivery of its versions to the shop. */
    record CommentStory(ReceivedComment received, List<DeliveryView> deliveries) {}

    /** One return on the order's story, with the deliveries of its slip and state changes to the shop. */
    record ReturnStory(ReturnView view, List<DeliveryView> deliveries) {}

    @GetMapping("/console/websites/{code}/orders/{number}")
    String order(@PathVariable String code, @PathVariable String number, Model model) {
        Website website = websiteOf(code);
        OrderReturns order = returns.orderReturns(website, number, STORY_ITEMS);
        List<ReceivedComment> comments = items.commentsOfOrder(List.of(website.id()), number, STORY_ITEMS);
        if (order.order() == null && comments.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + number + " in " + code);
        }
        Map<String, List<DeliveryView>> commentDeliveries = byKey(outbox.ofItems(
                website.id(),
                StoredItems.COMMENT,
                comments.stream()
                        .map(c -> String.valueOf(c.comment().commentId()))
                        .toList()));
        List<CommentStory> commentStories = comments.stream()
                .map(c -> new CommentStory(
                        c,
                        commentDeliveries.getOrDefault(
                                String.valueOf(c.comment().commentId()), List.of())))
                .toList();
        List<ReturnStory> returnStories = new ArrayList<>();
        for (ReturnView r : order.returns()) {
            List<DeliveryView> deliveries = new ArrayList<>();
            if (r.erpReturnNumber() != null) {
                deliveries.addAll(
                        outbox.ofItems(website.id(), StoredItems.RETURN_DOCUMENT, List.of(r.erpReturnNumber())));
            }
            deliveries.addAll(outbox.ofItems(
                    website.id(),
                    ReturnStateChange.OUTBOX_KIND,
                    r.timeline().stream().map(e -> String.valueOf(e.id())).toList()));
            deliveries.sort(Comparator.comparingLong(DeliveryView::id));
            returnStories.add(new ReturnStory(r, deliveries));
        }
        // The subjects webhook events name (WebhookRecorder): the order, its returns, its comments' deliveries given
        // up.
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add("order " + number);
        order.returns().forEach(r -> subjects.add("return " + r.webReturnNumber()));
        comments.forEach(
                c -> subjects.add(StoredItems.COMMENT + " " + c.comment().commentId()));
        model.addAttribute("code", code);
        model.addAttribute("number", number);
        model.addAttribute("order", order.order());
        model.addAttribute(
                "erpNumber",
                order.order() != null
                        ? order.order().orderNumber()
                        : comments.stream()
                                .map(c -> c.comment().orderNumber())
                                .findFirst()
                                .orElse(null));
        model.addAttribute("comments", commentStories);
        model.addAttribute("returns", returnStories);
        model.addAttribute("webhooks", webhooks.about(website.id(), subjects));
        model.addAttribute("returnsOpen", websites.website(code).isPresent());
        return "console/order";
    }

    private static Map<String, List<DeliveryView>> byKey(List<DeliveryView> rows) {
        return rows.stream().collect(Collectors.groupingBy(DeliveryView::key, LinkedHashMap::new, Collectors.toList()));
    }

    /** The website with this code, enabled or not: an operator reads a disabled website's story too. */
    private Website websiteOf(String code) {
        Optional<WebsiteState> state = websites.state(code);
        return state.map(WebsiteState::website)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no website " + code));
    }
}
