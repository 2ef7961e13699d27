package org.opensirelay.returns.store;

import static org.opensirelay.database.SqlTimes.utc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.opensi.GetSelection;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.text.Sql;
import org.opensirelay.text.Text;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Credit notes: one for every process operation that refunds, made in its transaction, for the
 * ERP's books ({@code getOrderCreditNotes}) and shown with the return. Amounts are the decimals the
 * relay keeps, without tax; each line is an order line at one refunded unit price, with that order
 * line's VAT rate. The only code that knows the credit note tables.
 */
@Component
public class CreditNotes {

    /** A credit note as the ERP and the return's view read it. */
    public record CreditNote(
            long id,
            String number,
            long returnId,
            String webReturnNumber,
            String orderNumber,
            String webOrderNumber,
            String currency,
            boolean valid,
            Instant createdAt,
            List<Line> lines) {

        /** What it credits, without tax: the lines' quantity × unit price, summed as decimals. */
        public BigDecimal total() {
            return lines.stream()
                    .map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** One line: {@code quantity} units of an order line, each credited {@code unitPrice} (without tax). */
    public record Line(String reference, String name, int quantity, BigDecimal unitPrice, BigDecimal vatRate) {}

    private final JdbcTemplate jdbc;

    CreditNotes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The number of credit note {@code id}: never reused, unique (the id is). */
    public static String number(long id) {
        return "AV%08d".formatted(id);
    }

    /** The VAT rate of an order line, in percent, from its unit price and tax. */
    public static BigDecimal vatRate(OrderSnapshot.Line line) {
        return line.unitPrice().signum() == 0
                ? BigDecimal.ZERO
                : line.unitTax().multiply(BigDecimal.valueOf(100)).divide(line.unitPrice(), 2, RoundingMode.HALF_UP);
    }

    /**
     * The lines of the refunds among {@code settlements}: units of one order line refunded at one price
     * go on one line. Empty when nothing is refunded (a rejection alone makes no credit note).
     */
    public static List<Line> linesOf(
            List<ReturnItems.Settlement> settlements, Map<String, OrderSnapshot.Line> orderLineOfItem) {
        Map<List<Object>, Line> lines = new LinkedHashMap<>();
        for (ReturnItems.Settlement settlement : settlements) {
            if (!settlement.refund()) {
                continue;
            }
            OrderSnapshot.Line orderLine = orderLineOfItem.get(settlement.itemId());
            List<Object> key = List.of(orderLine.lineId(), settlement.price().stripTrailingZeros());
            lines.merge(
                    key,
                    new Line(
                            orderLine.reference(),
                            orderLine.title() == null ? orderLine.reference() : orderLine.title(),
                            1,
                            settlement.price(),
                            vatRate(orderLine)),
                    (a, b) -> new Line(a.reference(), a.name(), a.quantity() + 1, a.unitPrice(), a.vatRate()));
        }
        return new ArrayList<>(lines.values());
    }

    /** Inside the caller's transaction: a credit note of {@code lines} for the return; its number. */
    public String record(long websiteId, long returnId, String currency, List<Line> lines, Instant now) {
        long id = GeneratedIds.insert(
                jdbc,
                "INSERT INTO credit_note (website_id, return_id, currency, created_at) VALUES (?, ?, ?, ?)",
                websiteId,
                returnId,
                currency,
                utc(now));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            rows.add(new Object[] {
                id,
                i + 1,
                line.reference(),
                Text.abbreviate(line.name(), 500),
                line.quantity(),
                line.unitPrice(),
                line.vatRate()
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO credit_note_line (credit_note_id, line_no, reference, name, quantity, unit_price, vat_rate)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows);
        return number(id);
    }

    private static final String SELECT = "SELECT c.id, c.return_id, c.currency, c.created_at, r.web_return_number,"
            + " o.order_number, o.web_order_number FROM credit_note c JOIN order_return r ON r.id = c.return_id"
            + " JOIN shop_order o ON o.id = r.order_id ";

    /** The credit notes of these returns, each return's in the order they were made: two queries for all of them. */
    public List<CreditNote> ofReturns(List<Long> returnIds) {
        if (returnIds.isEmpty()) {
            return List.of();
        }
        return withLines(jdbc.query(
                SELECT + "WHERE c.return_id IN (" + Sql.markers(returnIds.size()) + ") ORDER BY c.return_id, c.id",
                CreditNotes::row,
                returnIds.toArray()));
    }

    /**
     * For the ERP: those made within {@code from}..{@code to} (either end open when null), or those of
     * the orders named (either number), which replaces the window; oldest first, paged.
     */
    public List<CreditNote> forErp(long websiteId, GetSelection selected) {
        List<Object> args = new ArrayList<>();
        String where = ReturnListings.erpSelection("c.website_id", "c.created_at", websiteId, selected, args);
        return withLines(jdbc.query(
                SELECT + where + " ORDER BY c.created_at, c.id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                CreditNotes::row,
                args.toArray()));
    }

    private static CreditNote row(ResultSet rs, int n) throws SQLException {
        // A credit note stays valid: the money went back, whatever the return became after.
        return new CreditNote(
                rs.getLong("id"),
                number(rs.getLong("id")),
                rs.getLong("return_id"),
                rs.getString("web_return_number"),
                rs.getString("order_number"),
                rs.getString("web_order_number"),
                rs.getString("currency"),
                true,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                List.of());
    }

    /** The notes with their lines, read in one query for all of them. */
    private List<CreditNote> withLines(List<CreditNote> notes) {
        if (notes.isEmpty()) {
            return notes;
        }
        Map<Long, List<Line>> lines = new LinkedHashMap<>();
        jdbc.query(
                "SELECT credit_note_id, reference, name, quantity, unit_price, vat_rate FROM credit_note_line WHERE credit_note_id IN ("
                        + Sql.markers(notes.size()) + ") ORDER BY credit_note_id, line_no",
                rs -> {
                    lines.computeIfAbsent(rs.getLong("credit_note_id"), k -> new ArrayList<>())
                            .add(new Line(
                                    rs.getString("reference"),
                                    rs.getString("name"),
                                    rs.getInt("quantity"),
                                    rs.getBigDecimal("unit_price"),
                                    rs.getBigDecimal("vat_rate")));
                },
                notes.stream().map(CreditNote::id).toArray());
        return notes.stream()
                .map(c -> new CreditNote(
                        c.id(),
                        c.number(),
                        c.returnId(),
                        c.webReturnNumber(),
                        c.orderNumber(),
                        c.webOrderNumber(),
                        c.currency(),
                        c.valid(),
                        c.createdAt(),
                        lines.getOrDefault(c.id(), List.of())))
                .toList();
    }
}
