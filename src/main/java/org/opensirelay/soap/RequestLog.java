package org.opensirelay.soap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the inbound audit says of a website's requests, for operators (never a key: the audit holds none). */
@Component
public class RequestLog {

    /** A refused request: when, which operation, why. */
    public record Refusal(Instant at, String operation, String reason, String detail) {}

    private final JdbcTemplate jdbc;

    RequestLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Requests of the website since {@code since}: {accepted, refused}. */
    public int[] counts(String websiteCode, Instant since) {
        int[] counts = new int[2];
        jdbc.query(
                "SELECT outcome = 'ACCEPTED' AS ok, COUNT(*) AS n FROM inbound_request WHERE website_code = ? AND received_at >= ?"
                        + " GROUP BY outcome = 'ACCEPTED'",
                rs -> {
                    counts[rs.getBoolean("ok") ? 0 : 1] += rs.getInt("n");
                },
                websiteCode,
                OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        return counts;
    }

    /** How often each credential (key, previous-key, username-token) opened the website since {@code since}, and when last. */
    public record CredentialUse(String credential, int requests, Instant last) {}

    public List<CredentialUse> credentials(String websiteCode, Instant since) {
        return jdbc.query(
                "SELECT credential, COUNT(*) AS n, MAX(received_at) AS last FROM inbound_request WHERE website_code = ?"
                        + " AND received_at >= ? AND credential IS NOT NULL GROUP BY credential ORDER BY credential",
                (rs, n) -> new CredentialUse(
                        rs.getString("credential"),
                        rs.getInt("n"),
                        rs.getObject("last", OffsetDateTime.class).toInstant()),
                websiteCode,
                OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
    }

    public List<Refusal> lastRefused(String websiteCode, int limit) {
        return jdbc.query(
                "SELECT received_at, operation, outcome, detail FROM inbound_request WHERE website_code = ?"
                        + " AND outcome <> 'ACCEPTED' ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                (rs, n) -> new Refusal(
                        rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                        rs.getString("operation"),
                        rs.getString("outcome"),
                        rs.getString("detail")),
                websiteCode,
                limit);
    }

    /** Deletes up to {@code limit} audit rows of requests received before {@code before}; returns how many. */
    public int purgeBefore(Instant before, int limit) {
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM inbound_request WHERE received_at < ? ORDER BY received_at FETCH FIRST " + limit
                        + " ROWS ONLY",
                Long.class,
                OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM inbound_request WHERE id IN (" + Sql.markers(ids.size()) + ")", ids.toArray());
    }
}
