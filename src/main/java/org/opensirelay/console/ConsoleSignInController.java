package org.opensirelay.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.website.DemoMode;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in to the console with an admin token, and out: a wrong token costs what it costs anywhere
 * else (the credential throttle), and a demo's sign-in page says where its token is.
 */
@Controller
class ConsoleSignInController {

    private final ConsoleAccessFilter access;
    private final CredentialThrottle throttle;
    /** In a demo, where its admin token is (the sign-in page says so); else null. */
    private final String demoTokenFile;

    ConsoleSignInController(
            ConsoleAccessFilter access,
            CredentialThrottle throttle,
            WebsitesProperties settings,
            Environment environment) {
        this.access = access;
        this.throttle = throttle;
        this.demoTokenFile = DemoMode.demoAdminTokenFile(settings, environment)
                .map(Path::toString)
                .orElse(null);
    }

    /** The relay's address in a browser leads to the console (its sign-in page when signed out). */
    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/console/login")
    String login(Model model) {
        model.addAttribute("open", access.open());
        model.addAttribute("demoTokenFile", demoTokenFile);
        return "console/login";
    }

    @PostMapping("/console/login")
    String signIn(
            @RequestParam(defaultValue = "") String token,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        model.addAttribute("open", access.open());
        // The same throttle as every other credential check: guessing the admin token here is as slow as anywhere.
        String bucket = "console " + request.getRemoteAddr();
        Duration locked = throttle.lockedFor(bucket);
        if (locked != null) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, locked.toSeconds())));
            model.addAttribute("lockedSeconds", Math.max(1, locked.toSeconds()));
            return "console/login";
        }
        Optional<String> operator = access.operator(token);
        if (operator.isEmpty()) {
            throttle.failed(bucket);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("failed", true);
            return "console/login";
        }
        ConsoleAccessFilter.signIn(request, operator.get());
        return "redirect:/console";
    }

    @PostMapping("/console/logout")
    String signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/console/login";
    }
}
