package org.opensirelay.console;

import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import org.opensirelay.website.RotationOverlap;
import org.opensirelay.website.WebsiteAdministration;
import org.opensirelay.website.WebsiteChangeRefused;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's forms for websites managed at runtime: add one, change where and how often it
 * delivers, disable and enable it, rotate its key. The same operations as the admin API, audited
 * under the signed-in operator's name; a new key or token is shown once, on the page that follows.
 */
@Controller
class ConsoleWebsitesController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebsiteAdministration administration;
    private final Clock clock;
    private final ConsoleText text;

    ConsoleWebsitesController(WebsiteAdministration administration, Clock clock, MessageSource messages) {
        this.administration = administration;
        this.clock = clock;
        this.text = new ConsoleText(messages);
    }

    @PostMapping("/console/websites")
    String create(
            @RequestParam String code,
            @RequestParam(defaultValue = "") String shopUrl,
            @RequestParam(defaultValue = "") String shopKey,
            @RequestParam(defaultValue = "PT10M") String interval,
            @RequestParam(defaultValue = "false") boolean immediate,
            HttpServletRequest request,
            RedirectAttributes flash) {
        ObjectNode body = JSON.createObjectNode().put("code", code.strip());
        ObjectNode shop = body.putObject("shop");
        if (!shopUrl.isBlank()) {
            shop.put("url", shopUrl.strip()).put("key", shopKey.strip());
        }
        body.putObject("delivery").put("interval", interval.strip()).put("immediate", immediate);
        try {
            WebsiteAdministration.Created created =
                    administration.create(body, ConsoleAccessFilter.operatorOf(request));
            flash.addFlashAttribute(
                    "notice", text.text("notice.created", code.strip(), created.key(), created.apiToken()));
            return "redirect:/console/websites/" + code.strip();
        } catch (WebsiteChangeRefused e) {
            flash.addFlashAttribute("notice", text.text("notice.not-created", e.getMessage()));
            return "redirect:/console";
        }
    }

    @PostMapping("/console/websites/{code}/settings")
    String settings(
            @PathVariable String code,
            @RequestParam(defaultValue = "") String shopUrl,
            @RequestParam(defaultValue = "") String shopKey,
            @RequestParam String interval,
            @RequestParam(defaultValue = "false") boolean immediate,
            HttpServletRequest request,
            RedirectAttributes flash) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode shop = patch.putObject("shop");
        if (shopUrl.isBlank()) {
            shop.putNull("url");
        } else {
            shop.put("url", shopUrl.strip());
        }
        // Left empty, the shop's key stays as it is (it is never shown).
        if (!shopKey.isBlank()) {
            shop.put("key", shopKey.strip());
        }
        patch.putObject("delivery").put("interval", interval.strip()).put("immediate", immediate);
        try {
            administration.update(code, patch, ConsoleAccessFilter.operatorOf(request));
            flash.addFlashAttribute("notice", text.text("notice.saved", code));
        } catch (WebsiteChangeRefused e) {
            flash.addFlashAttribute("notice", text.text("notice.not-saved", e.getMessage()));
        }
        return "redirect:/console/websites/" + code;
    }

    @PostMapping("/console/websites/{code}/disable")
    String disable(@PathVariable String code, HttpServletRequest request, RedirectAttributes flash) {
        return setEnabled(code, false, request, flash);
    }

    @PostMapping("/console/websites/{code}/enable")
    String enable(@PathVariable String code, HttpServletRequest request, RedirectAttributes flash) {
        return setEnabled(code, true, request, flash);
    }

    private String setEnabled(String code, boolean enabled, HttpServletRequest request, RedirectAttributes flash) {
        try {
            String operator = ConsoleAccessFilter.operatorOf(request);
            if (enabled) {
                administration.enable(code, operator);
            } else {
                administration.disable(code, operator);
            }
            flash.addFlashAttribute("notice", text.text(enabled ? "notice.enabled" : "notice.disabled", code));
        } catch (WebsiteChangeRefused e) {
            flash.addFlashAttribute(
                    "notice", text.text(enabled ? "notice.not-enabled" : "notice.not-disabled", e.getMessage()));
        }
        return "redirect:/console/websites/" + code;
    }

    @PostMapping("/console/websites/{code}/delete")
    String delete(@PathVariable String code, HttpServletRequest request, RedirectAttributes flash) {
        try {
            administration.delete(code, ConsoleAccessFilter.operatorOf(request));
            flash.addFlashAttribute("notice", text.text("notice.deleted", code));
            return "redirect:/console";
        } catch (WebsiteChangeRefused e) {
            flash.addFlashAttribute("notice", text.text("notice.not-deleted", e.getMessage()));
            return "redirect:/console/websites/" + code;
        }
    }

    @PostMapping("/console/websites/{code}/rotate-api-token")
    String rotateApiToken(@PathVariable String code, HttpServletRequest request, RedirectAttributes flash) {
        try {
            WebsiteAdministration.Rotated rotated =
                    administration.rotateApiToken(code, null, null, ConsoleAccessFilter.operatorOf(request));
            flash.addFlashAttribute(
                    "notice",
                    text.text(
                            "notice.api-token-rotated",
                            code,
                            rotated.secret(),
                            ConsoleTimes.ofCurrentRequest().local(rotated.previousValidUntil())));
        } catch (WebsiteChangeRefused e) {
            flash.addFlashAttribute("notice", text.text("notice.api-token-not-rotated", e.getMessage()));
        }
        return "redirect:/console/websites/" + code;
    }

    @PostMapping("/console/websites/{code}/rotate-key")
    String rotateKey(
            @PathVariable String code,
            @RequestParam(defaultValue = "P7D") String overlap,
            HttpServletRequest request,
            RedirectAttributes flash) {
        try {
            // The admin API's rule, the same words: the console offers 0, 1 or 7 days; a page may post any text.
            Instant until = RotationOverlap.until(null, null, overlap, "overlap", clock.instant());
            WebsiteAdministration.Rotated rotated =
                    administration.rotateKey(code, null, until, ConsoleAccessFilter.operatorOf(request));
            flash.addFlashAttribute(
                    "notice",
                    rotated.previousValidUntil().isAfter(clock.instant())
                            ? text.text(
                                    "notice.key-rotated-overlap",
                                    code,
                                    rotated.secret(),
                                    ConsoleTimes.ofCurrentRequest().local(rotated.previousValidUntil()))
                            : text.text("notice.key-rotated", code, rotated.secret()));
        } catch (WebsiteChangeRefused e) {
            flash.addFlashAttribute("notice", text.text("notice.key-not-rotated", e.getMessage()));
        }
        return "redirect:/console/websites/" + code;
    }
}
