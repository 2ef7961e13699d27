package org.opensirelay.console;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.opensirelay.returns.ReturnQueries;
import org.opensirelay.returns.domain.ReasonsReport;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A website's returns on the console: the list by state or number with each return's customer, a
 * return's page (its lines with the products' titles, its slip, label, credit notes and timeline), and
 * why products come back over the last 30 days.
 */
@Controller
class ConsoleReturnsController {

    /** The reasons chart's data, written for console/charts.js. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebsiteRegistry websites;
    private final ReturnQueries returns;
    private final Clock clock;
    /** People's words for reasons (messages*.properties). */
    private final MessageSource messages;

    ConsoleReturnsController(WebsiteRegistry websites, ReturnQueries returns, Clock clock, MessageSource messages) {
        this.websites = websites;
        this.returns = returns;
        this.clock = clock;
        this.messages = messages;
    }

    @GetMapping("/console/websites/{code}/returns")
    String returnsList(
            @PathVariable String code,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String number,
            Model model) {
        Website website = website(code);
        ReturnStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ReturnStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                wanted = null;
            }
        }
        model.addAttribute("code", code);
        model.addAttribute("statuses", ReturnStatus.values());
        model.addAttribute("status", wanted == null ? "" : wanted.name());
        model.addAttribute("number", number == null ? "" : number);
        List<ReturnView> found = returns.search(website, wanted, number, 200);
        model.addAttribute("returns", found);
        model.addAttribute(
                "customers",
                returns.customers(
                        website, found.stream().map(ReturnView::webOrderNumber).toList()));
        return "console/returns";
    }

    /** Why products come back, over the last 30 days: by reason (with a chart) and by product. */
    @GetMapping("/console/websites/{code}/reasons")
    String reasons(@PathVariable String code, Model model, Locale locale) {
        Website website = website(code);
        ReasonsReport report = returns.reasons(website, clock.instant().minus(Duration.ofDays(30)));
        model.addAttribute("code", code);
        model.addAttribute("report", report);
        // The chart's bars say a reason in the reader's words, as the table beside it does.
        List<String> labels = report.byReason().stream()
                .map(r -> messages.getMessage("reason." + r.reason(), null, r.reason(), locale))
                .toList();
        model.addAttribute(
                "labels",
                IntStream.range(0, labels.size())
                        .mapToObj(i ->
                                labels.get(i) + " " + report.byReason().get(i).units())
                        .toList());
        Map<String, Object> bars = new LinkedHashMap<>();
        bars.put("labels", labels);
        bars.put(
                "values",
                report.byReason().stream().map(ReasonsReport.ReasonCount::units).toList());
        model.addAttribute("bars", JSON.writeValueAsString(bars));
        return "console/reasons";
    }

    @GetMapping("/console/websites/{code}/returns/{number}")
    String returnPage(@PathVariable String code, @PathVariable String number, Model model) {
        ReturnView found = returns.find(website(code), number)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no return " + number));
        model.addAttribute("code", code);
        model.addAttribute("r", found);
        model.addAttribute(
                "customer",
                returns.customers(website(code), List.of(found.webOrderNumber()))
                        .get(found.webOrderNumber()));
        model.addAttribute(
                "divergences",
                found.timeline().stream().filter(ReturnView.Event::divergence).count());
        // The products' titles beside their references (the order's lines, by line id).
        // (The order alone: its returns' views are not needed here.)
        Map<String, String> titles = new HashMap<>();
        returns.order(website(code), found.webOrderNumber())
                .ifPresent(order -> order.lines().forEach(line -> titles.put(line.lineId(), line.title())));
        model.addAttribute("titles", titles);
        return "console/return";
    }

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no active website " + code));
    }
}
