package org.opensirelay.passthrough;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.access.ExchangeEndings;
import org.opensirelay.background.Workers;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.soap.FaultDocument;
import org.opensirelay.soap.FaultReason;
import org.opensirelay.text.Text;
import org.opensirelay.website.AuthenticationFailedException;
import org.opensirelay.website.ShopConnector;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteAuthenticator;
import org.opensirelay.website.WebsitesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A request for an operation the relay does not answer itself (setStocks, getOrders, ...) goes to
 * the website's own shop connector: opened as the relay's own requests are (the header key of the
 * website its Website_Code names, or the key alone where it names none), then forwarded with the
 * shop's key in place of the ERP's, in the SOAP version the ERP used, on a thread of the
 * pass-through's own bounded pool; the shop's answer goes back as the shop gave it. The ERP never
 * sees the shop's key, the shop never sees the ERP's. Nothing of it touches the database.
 * <p>
 * A shop costs its own website's calls only: each website has at most
 * {@code relay.pass-through.max-concurrent-per-website} of the {@code max-concurrent} slots. A call
 * ends within {@code relay.pass-through.deadline}, answer included, and as soon as its ERP goes away
 * while the shop works (Tomcat says nothing of a client that leaves an async request without IO, so
 * the watch looks at each waiting ERP's connection, without blocking, ten times a second). An answer
 * that cannot be passed on whole is a fault while none of it has gone out, and a broken-off
 * connection after; never a short answer that looks complete.
 *
 * <p><b>Why one class of this size</b> (≈660 lines): a call's slot, deadline, ERP connection and
 * outcome are settled once, by whichever of the calling thread and the watch gets there first; the
 * slots, the watch and the call's record ({@link Call}, {@code finish}) share that state. The parts
 * that stand alone are their own classes: the shop's HTTP exchange ({@link ShopCall}), the body
 * forwarded ({@link ForwardedBody}). {@code pass} is one straight sequence of refusals (throttle,
 * key, website, operation allowed, slot) a reader follows top to bottom; cutting it into steps would
 * hand the same six arguments down each.
 */
@Component
class PassThrough implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PassThrough.class);
    /** How often the watch looks at the calls under way. */
    private static final long WATCH_EVERY_MS = 100;

    static final String AUTHENTICATION_FAILED = "Authentification failed, please check your credentials!";

    private final WebsiteAuthenticator authenticator;
    private final CredentialThrottle throttle;
    private final PassThroughProperties properties;
    private final PassThroughTraffic traffic;
    private final MeterRegistry meters;
    /** The calls' threads, {@code relay-pass-through-n}, from each start to the stop after it. */
    private final Workers calls;
    /** Calls under way, by website: a website's shop has at most max-concurrent-per-website of them. */
    private final ConcurrentHashMap<String, Integer> slotsByWebsite = new ConcurrentHashMap<>();
    /** Calls under way, for the watch (deadline, ERP gone). */
    private final Set<Watched> underWay = ConcurrentHashMap.newKeySet();

    /** The watch's thread, {@code relay-pass-through-watch-1}. */
    private final Workers watch = Workers.scheduled("pass-through-watch", Duration.ZERO);

    PassThrough(
            WebsiteAuthenticator authenticator,
            CredentialThrottle throttle,
            PassThroughProperties properties,
            PassThroughTraffic traffic,
            MeterRegistry meters) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.properties = properties;
        this.traffic = traffic;
        this.meters = meters;
        // Calls under way at a stop get the time an ERP would wait for them anyway, not more than a stop can take.
        this.calls = Workers.of("pass-through", Duration.ofSeconds(30), threads -> {
            // No queue: a call either has a thread at once or the ERP hears "busy" at once.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    properties.maxConcurrent(),
                    properties.maxConcurrent(),
                    60,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    threads);
            pool.allowCoreThreadTimeOut(true);
            return pool;
        });
    }

    @Override
    public void start() {
        calls.start();
        watch.startEvery(Duration.ofMillis(WATCH_EVERY_MS), this::watchCalls);
    }

    /** Once the web server has finished its requests: the calls under way end, watched to the last. */
    @Override
    public void stop() {
        calls.stop();
        watch.stop();
    }

    @Override
    public boolean isRunning() {
        return calls.running();
    }

    @Override
    public int getPhase() {
        return Workers.AFTER_WEB_SERVER;
    }

    /**
     * Whether the relay answers this request itself although the shop could: getOrderCreditNotes of
     * a website whose credit notes are the relay's (returns.credit-notes=relay) or that has no shop to
     * pass it to, or one whose key opens no website (the endpoint refuses it then, and counts the failure).
     */
    boolean relayAnswers(EnvelopeHead head) {
        if (!EnvelopeHead.SHOP_OR_RELAY.equals(head.operation()) || head.repeated() != null) {
            return false;
        }
        if (head.key() == null || head.key().isEmpty()) {
            return true;
        }
        try {
            Website website = head.websiteCode() != null
                    ? authenticator.authenticate(head.websiteCode(), head.key(), null)
                    : authenticator.authenticateAnyWebsite(head.key(), null);
            // "shop" needs a shop to pass it to: without one (or with pass-through off) the relay answers.
            return website.returns().creditNotesByRelay()
                    || website.delivery().shopConnector().isEmpty()
                    || !website.passThrough().enabled();
        } catch (AuthenticationFailedException e) {
            return true;
        }
    }

    /** Answers {@code request}, whose envelope's head is {@code head}: the shop's answer, or a fault saying why not. */
    void handle(
            HttpServletRequest request, HttpServletResponse response, EnvelopeHead head, byte[] body, String document)
            throws IOException {
        Call call = new Call(head.operation(), head.websiteCode() == null ? "" : head.websiteCode(), body.length);
        try {
            pass(request, response, head, body, document, call);
        } catch (RuntimeException e) {
            // Whatever failed, the ERP hears it: never an empty answer.
            log.error("Pass-through of {} for website '{}' failed in the relay", head.operation(), call.website, e);
            if (request.isAsyncStarted() || response.isCommitted()) {
                throw e;
            }
            response.reset();
            refuse(
                    response,
                    head,
                    call,
                    500,
                    false,
                    FaultReason.INTERNAL_ERROR,
                    Outcome.RELAY_ERROR,
                    "the relay failed: " + e,
                    "The relay failed before it passed " + head.operation() + " to the shop: nothing was sent to it");
        }
    }

    private void pass(
            HttpServletRequest request,
            HttpServletResponse response,
            EnvelopeHead head,
            byte[] body,
            String document,
            Call call)
            throws IOException {
        String operation = head.operation();
        String address = request.getRemoteAddr();
        String code = head.websiteCode();
        String bucket = "soap " + address + " " + (code == null ? "" : Text.abbreviate(code, 64));
        Duration locked = throttle.lockedFor(bucket);
        if (locked != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, locked.toSeconds())));
            refuse(
                    response,
                    head,
                    call,
                    429,
                    true,
                    FaultReason.TOO_MANY_FAILURES,
                    Outcome.REFUSED,
                    "Too many failed authentications from "
                            + address
                            + (code == null
                                    ? ""
                                    : " for Website_Code '" + Text.printable(Text.abbreviate(code, 64)) + "'")
                            + ": try again in " + Math.max(1, locked.toSeconds()) + " s");
            return;
        }
        if (head.repeated() != null) {
            refuse(
                    response,
                    head,
                    call,
                    500,
                    true,
                    FaultReason.INVALID_REQUEST,
                    Outcome.REFUSED,
                    "The envelope holds " + head.repeatedTimes() + " " + head.repeated() + " elements "
                            + (head.repeated().equals(OpensiContract.HEADER_KEY)
                                    ? "in its OpenSi Header"
                                    : "in " + head.requestName())
                            + ", where the contract has one: send one; nothing was passed to the shop");
            return;
        }
        if (head.key() == null || head.key().isEmpty()) {
            refuse(
                    response,
                    head,
                    call,
                    500,
                    true,
                    FaultReason.MISSING_KEY,
                    Outcome.REFUSED,
                    "The connector key is missing: the SOAP header must hold <Header xmlns=\"" + OpensiContract.NS
                            + "\"><key>...</key></Header>");
            return;
        }
        Website website;
        try {
            // The pass-through checks the header key; a WS-Security UsernameToken is checked by the endpoint only.
            website = code != null
                    ? authenticator.authenticate(code, head.key(), null)
                    : authenticator.authenticateAnyWebsite(head.key(), null);
        } catch (AuthenticationFailedException e) {
            call.detail = e.reason().name();
            if (e.reason() == AuthenticationFailedException.Reason.WEBSITE_DISABLED) {
                refuse(
                        response,
                        head,
                        call,
                        500,
                        true,
                        FaultReason.WEBSITE_DISABLED,
                        Outcome.REFUSED,
                        "The website"
                                + (code == null
                                        ? ""
                                        : " (Website_Code '" + Text.printable(Text.abbreviate(code, 64)) + "')")
                                + " is disabled on this relay: its requests are refused until an operator enables it again");
                return;
            }
            throttle.failed(bucket);
            refuse(
                    response,
                    head,
                    call,
                    500,
                    true,
                    FaultReason.AUTHENTICATION_FAILED,
                    Outcome.REFUSED,
                    AUTHENTICATION_FAILED
                            + (code == null
                                    ? ""
                                    : " (Website_Code '" + Text.printable(Text.abbreviate(code, 64)) + "')"));
            return;
        }
        call.website = website.code();
        Optional<ShopConnector> shop = website.delivery().shopConnector();
        WebsitesProperties.PassThrough settings = website.passThrough();
        if (shop.isEmpty() || !settings.enabled()) {
            refuse(
                    response,
                    head,
                    call,
                    500,
                    false,
                    FaultReason.PASS_THROUGH_OFF,
                    Outcome.OFF,
                    operation
                            + " is answered by the shop, not by the relay, and website '" + website.code() + "' "
                            + (shop.isEmpty()
                                    ? "has no shop connector to pass it to (relay.websites[].shop.url)"
                                    : "has pass-through off (relay.websites[].shop.pass-through.enabled=false)"));
            return;
        }
        if (!settings.allow().isEmpty() && !settings.allow().contains(operation)
                || settings.deny().contains(operation)) {
            refuse(
                    response,
                    head,
                    call,
                    500,
                    true,
                    FaultReason.OPERATION_NOT_ALLOWED,
                    Outcome.NOT_ALLOWED,
                    operation
                            + " is not passed through to the shop of website '" + website.code()
                            + "' (relay.websites[].shop.pass-through."
                            + (settings.deny().contains(operation) ? "deny" : "allow") + ")");
            return;
        }
        ForwardedBody forwarded = forwardedBody(head, body, document, shop.get());
        // The url as configured, parsed and checked when the website was (operator input is data, never resolved).
        URI url = shop.get().url();
        String contentType = request.getContentType();
        String soapAction = request.getHeader("SOAPAction");
        String websiteCode = website.code();
        if (!takeSlot(websiteCode)) {
            response.setHeader("Retry-After", "1");
            refuse(
                    response,
                    head,
                    call,
                    503,
                    false,
                    FaultReason.BUSY,
                    Outcome.BUSY,
                    "The relay is busy for website '" + websiteCode
                            + "': its shop has every pass-through slot a website"
                            + " may have (" + properties.maxConcurrentPerWebsite()
                            + ", relay.pass-through.max-concurrent-per-website); send the request again shortly");
            return;
        }
        ShopCall shopCall = new ShopCall(
                url,
                settings.connectTimeout(),
                settings.readTimeout(),
                properties.deadline(),
                properties.maxAnswerBytes());
        AsyncContext async;
        Watched watched;
        try {
            async = request.startAsync(request, response);
            // The call's own deadline bounds it; the servlet container's would cut a slow shop's answer short.
            async.setTimeout(0);
            watched = new Watched(shopCall, ErpConnection.of(request));
        } catch (RuntimeException e) {
            releaseSlot(websiteCode);
            throw e;
        }
        try {
            calls.execute(() -> {
                underWay.add(watched);
                String brokenOff = null;
                try {
                    brokenOff = call(shopCall, contentType, soapAction, forwarded, head, call, response);
                } finally {
                    underWay.remove(watched);
                    releaseSlot(websiteCode);
                    if (brokenOff == null) {
                        async.complete();
                    } else {
                        ExchangeEndings.breakOff(async, brokenOff);
                    }
                }
            });
        } catch (RejectedExecutionException busy) {
            releaseSlot(websiteCode);
            try {
                response.setHeader("Retry-After", "1");
                refuse(
                        response,
                        head,
                        call,
                        503,
                        false,
                        FaultReason.BUSY,
                        Outcome.BUSY,
                        "The relay is busy: every pass-through slot is taken (" + properties.maxConcurrent()
                                + ", relay.pass-through.max-concurrent); send the request again shortly");
            } finally {
                async.complete();
            }
        }
    }

    /**
     * Passes the call on and writes what the ERP gets; returns why its answer was broken off part-way
     * (its connection is then closed as it stands), or null when the exchange ends normally.
     */
    private String call(
            ShopCall shopCall,
            String contentType,
            String soapAction,
            ForwardedBody forwarded,
            EnvelopeHead head,
            Call call,
            HttpServletResponse response) {
        call.bytesToShop = forwarded.length();
        try {
            ShopCall.Result result = shopCall.forward(contentType, soapAction, forwarded, response);
            call.status = result.status();
            call.shopMillis = result.shopMillis();
            call.bytesFromShop = result.bytesFromShop();
            finish(call, result.outcome(), result.problem());
            return result.outcome() == Outcome.CUT ? result.problem() : null;
        } catch (ShopCall.Failed failed) {
            call.shopMillis = failed.shopMillis;
            call.bytesFromShop = failed.bytesFromShop;
            if (failed.outcome == Outcome.CLIENT_GONE) {
                finish(call, Outcome.CLIENT_GONE, failed.getMessage());
                return null;
            }
            FaultReason reason = switch (failed.outcome) {
                case TIMEOUT -> FaultReason.SHOP_TIMEOUT;
                case ANSWER_TOO_LARGE -> FaultReason.SHOP_ANSWER_TOO_LARGE;
                default -> FaultReason.SHOP_UNREACHABLE;
            };
            try {
                // The log and the console say what the shop did; the ERP hears which operation it was about.
                refuse(
                        response,
                        head,
                        call,
                        failed.outcome == Outcome.TIMEOUT ? 504 : 502,
                        false,
                        reason,
                        failed.outcome,
                        failed.getMessage(),
                        "The shop's connector did not answer " + head.operation() + ": " + failed.getMessage());
            } catch (IOException gone) {
                finish(
                        call,
                        Outcome.CLIENT_GONE,
                        failed.getMessage() + "; and the ERP went away: " + gone.getMessage());
            }
            return null;
        } catch (RuntimeException e) {
            log.error("Pass-through of {} for website '{}' failed in the relay", head.operation(), call.website, e);
            if (response.isCommitted()) {
                finish(call, Outcome.RELAY_ERROR, "the relay failed part-way through the answer: " + e);
                return "the relay failed part-way through the answer";
            }
            try {
                response.reset();
                refuse(
                        response,
                        head,
                        call,
                        500,
                        false,
                        FaultReason.INTERNAL_ERROR,
                        Outcome.RELAY_ERROR,
                        "the relay failed: " + e,
                        "The relay failed while it passed " + head.operation()
                                + " to the shop: whether the shop took it is not known");
            } catch (IOException | RuntimeException gone) {
                finish(call, Outcome.CLIENT_GONE, "the relay failed (" + e + "), and the ERP went away");
            }
            return null;
        }
    }

    /** Takes one of the website's slots, or says there is none left. */
    private boolean takeSlot(String website) {
        boolean[] taken = {false};
        slotsByWebsite.compute(website, (w, inUse) -> {
            int now = inUse == null ? 0 : inUse;
            if (now >= properties.maxConcurrentPerWebsite()) {
                return inUse;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void releaseSlot(String website) {
        slotsByWebsite.computeIfPresent(website, (w, inUse) -> inUse <= 1 ? null : inUse - 1);
    }

    /** Ends the calls past their deadline, and those whose ERP went away while the shop worked. */
    private void watchCalls() {
        try {
            for (Watched watched : underWay) {
                if (watched.call().overdue()) {
                    watched.call().stop(ShopCall.Stop.DEADLINE);
                } else if (watched.erp() != null && watched.call().erpGoneWhileWaiting(watched.erp())) {
                    watched.call().stop(ShopCall.Stop.ERP_GONE);
                }
            }
        } catch (RuntimeException e) {
            // The watch must go on watching.
            log.warn("The pass-through's watch failed on a call: {}", e.toString());
        }
    }

    /** A call under way, and the connection of the ERP waiting for it (null when it cannot be looked at). */
    private record Watched(ShopCall call, ErpConnection erp) {}

    /**
     * The ERP's connection, as far as a look at it can tell whether the ERP is still there: once the
     * request's body is read, nothing more comes from a client before its answer, so anything the
     * connection has to read — its end — means the ERP went away. The look is a non-blocking read by
     * the servlet container, which makes one only for a request that has a read listener.
     */
    static final class ErpConnection {

        private static final ReadListener NOTHING_TO_READ = new ReadListener() {
            @Override
            public void onDataAvailable() {
                // the body was read already
            }

            @Override
            public void onAllDataRead() {
                // the body was read already
            }

            @Override
            public void onError(Throwable failure) {
                // the ERP's writes will tell
            }
        };

        private final ServletInputStream in;

        private ErpConnection(ServletInputStream in) {
            this.in = in;
        }

        /** The connection of {@code request}, whose async cycle has started, or null where it cannot be looked at. */
        static ErpConnection of(ServletRequest request) {
            ServletRequest container = request;
            while (container instanceof ServletRequestWrapper wrapper) {
                container = wrapper.getRequest();
            }
            try {
                ServletInputStream in = container.getInputStream();
                try {
                    in.setReadListener(NOTHING_TO_READ);
                } catch (IllegalStateException alreadySet) {
                    // The body was received without a thread: its listener serves the same purpose.
                }
                return new ErpConnection(in);
            } catch (IOException | RuntimeException cannotLook) {
                return null;
            }
        }

        boolean gone() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                return true;
            }
        }
    }

    private static ForwardedBody forwardedBody(EnvelopeHead head, byte[] body, String document, ShopConnector shop) {
        List<ForwardedBody.Replacement> replacements = new ArrayList<>();
        replacements.add(new ForwardedBody.Replacement(head.keyText(), shop.key() == null ? "" : shop.key()));
        if (head.websiteCodeText() != null && !shop.websiteCode().equals(head.websiteCode())) {
            // The shop knows the website by its own code.
            replacements.add(new ForwardedBody.Replacement(head.websiteCodeText(), shop.websiteCode()));
        }
        return new ForwardedBody(body, document, replacements);
    }

    private void refuse(
            HttpServletResponse response,
            EnvelopeHead head,
            Call call,
            int status,
            boolean clientFault,
            FaultReason reason,
            Outcome outcome,
            String message)
            throws IOException {
        refuse(response, head, call, status, clientFault, reason, outcome, message, message);
    }

    /** The fault {@code toErp}, with {@code recorded} in the log line and the console. */
    private void refuse(
            HttpServletResponse response,
            EnvelopeHead head,
            Call call,
            int status,
            boolean clientFault,
            FaultReason reason,
            Outcome outcome,
            String recorded,
            String toErp)
            throws IOException {
        call.status = status;
        finish(call, outcome, recorded);
        FaultDocument.write(response, head.soap12(), status, clientFault, reason, toErp);
    }

    private void finish(Call call, Outcome outcome, String problem) {
        String operation = OpensiContract.OPERATIONS.contains(call.operation) ? call.operation : "other";
        Timer.builder("relay.pass-through.calls")
                .description("Calls passed through to shops, by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome.label())
                .register(meters)
                .record(Duration.ofMillis(call.shopMillis));
        if (call.website != null) {
            traffic.record(
                    call.website,
                    call.operation,
                    outcome,
                    call.shopMillis,
                    call.bytesToShop,
                    call.bytesFromShop,
                    problem);
        }
        String line =
                "pass-through {} website={} outcome={} status={} shop_ms={} bytes_in={} bytes_to_shop={} bytes_out={}{}";
        Object[] values = {
            Text.printable(Text.abbreviate(call.operation, 64)),
            Text.printable(Text.abbreviate(call.website != null ? call.website : call.claimedWebsite, 64)),
            outcome.label(),
            call.status,
            call.shopMillis,
            call.bytesIn,
            call.bytesToShop,
            call.bytesFromShop,
            problem == null
                    ? ""
                    : " problem=\"" + Text.printable(problem) + "\""
                            + (call.detail == null ? "" : " (" + call.detail + ")")
        };
        switch (outcome) {
            case ANSWERED, SHOP_FAULT, REFUSED, NOT_ALLOWED, OFF, CLIENT_GONE -> log.info(line, values);
            default -> log.warn(line, values);
        }
    }

    /** What the log line, the metrics and the console say of one call. */
    private static final class Call {
        final String operation;
        final String claimedWebsite;
        final long bytesIn;
        String website;
        String detail;
        int status;
        long shopMillis;
        long bytesToShop;
        long bytesFromShop;

        Call(String operation, String claimedWebsite, long bytesIn) {
            this.operation = operation;
            this.claimedWebsite = claimedWebsite;
            this.bytesIn = bytesIn;
        }
    }
}
