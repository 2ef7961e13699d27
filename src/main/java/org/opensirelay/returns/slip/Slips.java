package org.opensirelay.returns.slip;

import static org.opensirelay.database.SqlTimes.utc;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.opensirelay.ingest.IngestService;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.opensi.ReturnNumbers;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.returns.store.OrderStore;
import org.opensirelay.returns.store.ReturnStore;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.returns.store.ReturnViews;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Return slips the relay issues itself: when a return becomes ACCEPTED (whichever side accepted it)
 * and no slip is attached, it gets one at an unguessable URL ({@code <relay.public-url>/slips/<64
 * hex>.pdf}), and that URL goes to the shop through setOrderReturnDocuments like an ERP-made slip.
 * The PDF is rendered from the return when it is downloaded.
 */
@Component
public class Slips {

    /** The contract's Url holds at most 200 characters. */
    static final int URL_MAX = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final ReturnStore store;
    private final OrderStore orders;
    private final ReturnViews views;
    private final IngestService ingest;
    private final Environment environment;
    private final WebsiteRegistry websites;
    private final SlipWords words;

    Slips(
            JdbcTemplate jdbc,
            ReturnStore store,
            OrderStore orders,
            ReturnViews views,
            IngestService ingest,
            Environment environment,
            WebsiteRegistry websites,
            MessageSource messages) {
        this.words = new SlipWords(messages);
        this.jdbc = jdbc;
        this.store = store;
        this.orders = orders;
        this.views = views;
        this.ingest = ingest;
        this.environment = environment;
        this.websites = websites;
    }

    /** Inside the caller's transaction: issues the slip of an accepted return and queues it for the shop. */
    public void issue(Website website, StoredReturn accepted, Instant now) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        String url = publicUrl() + "/slips/" + token + ".pdf";
        if (url.length() > URL_MAX) {
            throw new IllegalStateException(
                    "relay.public-url is too long: slip URLs must fit the contract's 200 characters");
        }
        jdbc.update(
                "INSERT INTO return_slip (token, website_id, return_id, issued_at) VALUES (?, ?, ?, ?)",
                token,
                website.id(),
                accepted.id(),
                utc(now));
        store.attachSlip(accepted.id(), url, null, now);
        store.addEvent(
                accepted.id(),
                now,
                Side.RELAY,
                ReturnStatus.ACCEPTED,
                ReturnState.of(ReturnStatus.ACCEPTED),
                null,
                false,
                "return slip issued by the relay: " + url);
        ingest.storeRelayMadeSlip(
                website, new ReturnDocument(accepted.contractReturnNumber(), accepted.webReturnNumber(), url));
    }

    /** A row of {@code return_slip}: whose slip a token opens, and the day it was issued. */
    private record IssuedSlip(long websiteId, long returnId, LocalDate issued) {}

    /** The PDF behind a slip's token, if there is one. */
    Optional<byte[]> pdf(String token) {
        List<IssuedSlip> found = jdbc.query(
                "SELECT website_id, return_id, issued_at FROM return_slip WHERE token = ?",
                (rs, n) -> new IssuedSlip(
                        rs.getLong("website_id"),
                        rs.getLong("return_id"),
                        rs.getObject("issued_at", OffsetDateTime.class).toLocalDate()),
                token);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        IssuedSlip slip = found.get(0);
        LocalDate issued = slip.issued();
        Website website = websites.website(slip.websiteId()).orElse(null);
        StoredReturn stored =
                website == null ? null : store.byId(slip.returnId()).orElse(null);
        if (stored == null) {
            return Optional.empty();
        }
        OrderSnapshot order = orders.order(stored.orderId()).orElseThrow().snapshot();
        ReturnView view = views.view(stored, order);
        String barcode = ReturnNumbers.barcodeValue(stored.id(), stored.webReturnNumber(), stored.erpReturnNumber());
        return Optional.of(SlipRenderer.render(
                new SlipRenderer.Slip(
                        view.webReturnNumber(),
                        barcode,
                        view.webOrderNumber(),
                        view.orderNumber(),
                        order.customerName(),
                        ReturnSettings.of(website).slipAddress(),
                        SlipRenderer.lines(view, order),
                        view.reason(),
                        issued,
                        parcelExpected(view, stored)),
                words));
    }

    /**
     * A slip asks for a parcel while one is still to come: not once it has come (received, or closed
     * — refunded, kept), nor after a refusal or a cancellation, nor for a returnless return.
     */
    static boolean parcelExpected(ReturnView view, StoredReturn stored) {
        return (view.status() == ReturnStatus.REQUESTED || view.status() == ReturnStatus.ACCEPTED)
                && !"returnless".equals(stored.returnMethod());
    }

    private String publicUrl() {
        return environment
                .resolvePlaceholders("${relay.public-url:http://localhost:${local.server.port:${server.port:8080}}}")
                .replaceAll("/+$", "");
    }
}
