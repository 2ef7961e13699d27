package org.opensirelay.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RecordedStatements;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every statement the hot path runs — the existing-key lookup, item and outbox writes, the claim,
 * the lease, settling, superseding, the backlog gauges — is planned by the database as a lookup
 * whose cost does not grow with the data: with the big tables filled (hundreds of thousands of rows,
 * statistics taken), the database is asked for each recorded statement's plan, with the parameters it
 * really ran with, and a plan that scans a big table, or reads it by the website alone (every item of
 * the website), fails the test. A plan check, not a timed test (issue 21). On H2 here; on
 * PostgreSQL in {@link HotPathPlansPostgresTest}.
 */
@Import(RecordedStatements.class)
// The relay's own ANALYZE must not refresh the statistics while a test looks at plans made with them.
@TestPropertySource(properties = "relay.database.statistics-every=PT1H")
class HotPathPlansTest extends RelayWithShopTest {

    /** The tables that grow with the data. */
    static final List<String> BIG_TABLES = List.of("order_comment", "return_document", "outbox", "inbound_request");

    private static final Pattern TOUCHES_BIG_TABLE =
            Pattern.compile("\\b(" + String.join("|", BIG_TABLES) + ")\\b", Pattern.CASE_INSENSITIVE);
    private static final int ROWS = 200_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RecordedStatements recorded;

    @Autowired
    DataSource dataSource;

    @Autowired
    DatabaseDialect database;

    /**
     * The big tables emptied at once: the DELETE every test starts with took a minute on H2 for the
     * rows a test here leaves.
     */
    @AfterEach
    void truncateBigTables() {
        for (String table : BIG_TABLES) {
            jdbc.execute("TRUNCATE TABLE " + table);
        }
        // The search's filler: tables with foreign keys between them, emptied together (a DELETE of a hundred
        // thousand orders and their returns took 11 s on H2).
        List<String> related = List.of(
                "return_event", "order_return_line", "return_slip", "order_return", "shop_order_version", "shop_order");
        if (database.embedded()) {
            jdbc.execute("SET REFERENTIAL_INTEGRITY FALSE");
            try {
                related.forEach(table -> jdbc.execute("TRUNCATE TABLE " + table));
            } finally {
                jdbc.execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
        } else {
            // With the tables that refer to them (a return's settlements, labels, operations: none made here).
            jdbc.execute("TRUNCATE TABLE " + String.join(", ", related) + " CASCADE");
        }
        jdbc.execute("TRUNCATE TABLE webhook_event");
    }

    @Test
    void noHotPathStatementReadsABigTableByMoreThanItsKeys() throws SQLException {
        fillBigTables();
        recorded.start();
        runTheHotPath();
        Map<String, RecordedStatements.Statement> statements = recorded.stop();

        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (RecordedStatements.Statement statement : statements.values()) {
            String sql = statement.sql().strip();
            if (!TOUCHES_BIG_TABLE.matcher(sql).find() || sql.regionMatches(true, 0, "INSERT", 0, 6)) {
                continue;
            }
            String plan = plan(statement);
            checked.add(sql);
            // What each database made of it, for whoever reads the test's output.
            System.out.printf("%s plan of: %s%n%s%n", database, sql.replaceAll("\\s+", " "), plan);
            problems.addAll(!database.embedded() ? postgresProblems(sql, plan) : h2Problems(sql, plan));
            if (!database.embedded()) {
                // The JDBC driver prepares a statement on the server from its fifth run on, and then
                // PostgreSQL may keep one plan for any parameters: that plan must hold too.
                String generic = genericPlan(statement, checked.size());
                System.out.printf("POSTGRESQL generic plan of: %s%n%s%n", sql.replaceAll("\\s+", " "), generic);
                problems.addAll(postgresProblems("(generic plan) " + sql, generic));
            }
        }
        assertThat(checked)
                .as("the hot path's reads and updates of big tables were recorded")
                .anyMatch(sql -> sql.contains("FROM order_comment"))
                .anyMatch(sql -> sql.contains("FROM outbox o"))
                .anyMatch(sql -> sql.startsWith("UPDATE outbox SET lease_owner"))
                .anyMatch(sql -> sql.contains("SUPERSEDED"))
                .anyMatch(sql -> sql.contains("(SELECT COUNT(*) FROM outbox"))
                .anyMatch(sql -> sql.contains("MIN(created_at)"));
        assertThat(problems)
                .as("plans that grow with the data, of %d statements checked", checked.size())
                .isEmpty();
    }

    /**
     * A drain's state: the statistics were taken while 200,000 rows of SHOP1 were pending, and all but
     * the last hundred have been delivered since (the planner statistics not refreshed yet). The
     * claim must still read the pending rows by its index, not every delivered row before them.
     */
    @Test
    void theClaimReadsOnlyPendingRowsWhenTheStatisticsAreStale() throws SQLException {
        // The claim as a delivery run sends it, for SHOP1's comments.
        long shop1 = jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, SHOP1);
        RecordedStatements.Statement claim = commentClaimOf(shop1);

        String series = series(ROWS);
        jdbc.update(
                "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts, next_attempt_at, created_at,"
                        + " order_key, sort_key) SELECT ?, 'COMMENT', CAST(1000000 + x AS VARCHAR(20)), 1, 'PENDING', 0,"
                        // Due before the test clock's now: every row is the claim's to find.
                        + " TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00', 'W' || x,"
                        + " '2020-05-01 ' || x FROM " + series,
                shop1);
        analyzeThisDatabase();
        long first = jdbc.queryForObject("SELECT MIN(id) FROM outbox WHERE website_id = ?", Long.class, shop1);
        jdbc.update(
                "UPDATE outbox SET status = 'DELIVERED', delivered_at = CURRENT_TIMESTAMP WHERE website_id = ? AND id < ?",
                shop1,
                first + ROWS - 100);

        assertThat(problemsOfTheClaim(claim, "with stale statistics")).isEmpty();
    }

    /**
     * A website's first backlog, arrived since the statistics were taken (the state of every drain
     * of a new website, and of a burst before the next analysis): the planner expects one pending
     * row. The claim must still check each row's order against the earlier comments of that order
     * alone, by its key, not against the whole backlog for every row it claims (PostgreSQL read the
     * backlog once per claimed row that way: 541 ms a claim at 10,000 pending, a drain with a fixed
     * quarter second of ANALYZE to avoid it).
     */
    @Test
    void theClaimOfABacklogTheStatisticsHaveNotSeenChecksEachOrderByItsKey() throws SQLException {
        // A website id no row has: the hot tables have no foreign key to website (V6).
        long fresh = jdbc.queryForObject("SELECT MAX(id) FROM website", Long.class) + 1000;
        RecordedStatements.Statement claim = commentClaimOf(fresh);

        analyzeThisDatabase();
        String series = series(10_000);
        jdbc.update(
                "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts, next_attempt_at, created_at,"
                        + " order_key, sort_key) SELECT ?, 'COMMENT', CAST(2000000 + x AS VARCHAR(20)), 1, 'PENDING', 0,"
                        + " TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00',"
                        + " 'N' || (x / 3), '2020-05-01 ' || x FROM " + series,
                fresh);

        assertThat(problemsOfTheClaim(claim, "of a backlog the statistics have not seen"))
                .isEmpty();
    }

    /**
     * A backlog arrived after a drain: the statistics were taken while every row of the outbox was
     * delivered (the planner expects no pending row at all), then those rows went (retention) and
     * 10,000 pending ones came. Each check the claim makes per row (the item's other versions, the
     * earlier comments of its order) must still read by that row's own key.
     */
    @Test
    void theClaimOfABacklogAfterADrainChecksEachItemByItsKey() throws SQLException {
        long fresh = jdbc.queryForObject("SELECT MAX(id) FROM website", Long.class) + 2000;
        RecordedStatements.Statement claim = commentClaimOf(fresh);
        String insert = "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts,"
                + " next_attempt_at, created_at, order_key, sort_key) SELECT ?, 'COMMENT', CAST(3000000 + x AS VARCHAR(20)),"
                + " 1, ?, 0, TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00',"
                + " TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00', 'D' || (x / 5), '2020-05-01 ' || x FROM ";
        jdbc.execute("TRUNCATE TABLE outbox");
        jdbc.update(insert + series(300), fresh, "DELIVERED");
        analyzeThisDatabase();
        jdbc.update("DELETE FROM outbox WHERE website_id = ?", fresh);
        jdbc.update(insert + series(10_000), fresh, "PENDING");

        assertThat(problemsOfTheClaim(claim, "of a backlog after a drain")).isEmpty();
    }

    /**
     * Fresh planner statistics for this relay's tables. On PostgreSQL only this context's schema: a
     * bare ANALYZE also read every schema earlier test contexts left in the shared database (the
     * claim scenarios' statistics took seconds each, more with each run's leftovers).
     */
    private void analyzeThisDatabase() {
        if (database.embedded()) {
            jdbc.execute("ANALYZE");
            return;
        }
        List<String> tables = jdbc.queryForList(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()", String.class);
        jdbc.execute("ANALYZE " + String.join(", ", tables));
    }

    /** The tables the console's search and an order's story read, all of which grow with the data. */
    static final List<String> SEARCHED_TABLES =
            List.of("order_comment", "outbox", "shop_order", "order_return", "return_event", "webhook_event");

    /**
     * The console's search box and an order's story (issue 39), with 200,000 orders, returns,
     * comments and webhook events stored: every statement they run reads by an index bounded past the
     * website — a number, a CommentId, an order's items, a customer's name or email by the range of
     * texts starting with what was typed — never a table or a website whole.
     */
    @Test
    void theConsolesSearchAndAnOrdersStoryReadOnlyWhatTheyFind() throws Exception {
        // The big tables as the search reads them (comments and their deliveries), at a quarter of the hot path's
        // size: as the orders below, as many as make a big table's statistics.
        fillBigTables(ROWS / 4);
        long shop1 = jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, SHOP1);
        // One real order, its return and comment (the story's), and the same order's snapshot copied into filler
        // orders of both websites, each with a customer of its own, a return and a webhook event.
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        shop.put(
                "/api/v1/websites/SHOP1/orders/WEB-1",
                ReturnFixtures.ORDER.replace("Ada Lovelace", "Élodie Mañé").replace("ada@", "Élodie@"));
        String number = shop.post(
                        "/api/v1/websites/SHOP1/returns",
                        ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                .json()
                .get("webReturnNumber")
                .asString();
        soap.post(shop1("setComments-seed.xml").set("CommentId", "4242").set("WebOrderNumber", "WEB-1"));
        // A quarter of the hot path's rows: as many as make the statistics of a big table, in a quarter of the time.
        String series = series(ROWS / 4);
        for (String website : List.of(SHOP1, SHOP2)) {
            long id = jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, website);
            jdbc.update(
                    "INSERT INTO shop_order (website_id, web_order_number, order_number, version, snapshot, customer_name_search,"
                            + " customer_surname_search, customer_last_name_search, customer_email_search, created_at,"
                            + " updated_at) SELECT ?, 'F' || x, 'FC' || x, 1,"
                            + " (SELECT snapshot FROM shop_order WHERE web_order_number = 'WEB-1'),"
                            + " 'customer ' || x, 'family n' || x, 'n' || x,"
                            + " 'customer' || x || '@example.org', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM "
                            + series,
                    id);
            jdbc.update(
                    "INSERT INTO order_return (website_id, order_id, web_return_number, erp_return_number, source, request_hash,"
                            + " reason, status, created_at, updated_at) SELECT website_id, id, 'RF' || id, 'EF' || id, 'shop', 'h',"
                            + " 'filler', 'REQUESTED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM shop_order WHERE website_id = ?"
                            + " AND web_order_number LIKE 'F%'",
                    id);
            jdbc.update(
                    "INSERT INTO webhook_event (website_id, subscription_id, event_type, message_id, body, subject, created_at)"
                            + " SELECT ?, 1, 'comment.stored', 'msg_' || x, '{}', 'order F' || x, CURRENT_TIMESTAMP FROM "
                            + series,
                    id);
        }
        jdbc.update(
                "INSERT INTO return_event (return_id, at, side, divergence) SELECT id, CURRENT_TIMESTAMP, 'SHOP', FALSE"
                        + " FROM order_return WHERE web_return_number LIKE 'RF%'");
        analyzeThisDatabase();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_order WHERE website_id = ?", Integer.class, shop1))
                .isGreaterThan(ROWS / 4);

        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        assertThat(browser.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString("token=" + ADMIN_TOKEN))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(302);
        recorded.start();
        // What a support desk types: an email's start without its accent, a name's, an order's numbers (the
        // shop's, the ERP's), a return's, a comment's id; in every website, and in one; then the order's story.
        Map<String, String> found = new LinkedHashMap<>();
        for (String query :
                List.of("ELODIE@", "elodie m", "customer 1999", "WEB-1", "CC20050001", number, "4242", "F77", "EF12")) {
            for (String in : List.of("", SHOP1)) {
                HttpResponse<String> page = browser.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/search?website=" + in
                                        + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).as(query).isIn(200, 302);
                found.put(
                        query + " in " + (in.isEmpty() ? "every website" : in),
                        page.headers()
                                .firstValue("Location")
                                .map(location -> location.replaceFirst("^http://[^/]+", ""))
                                .orElse("a list"));
            }
        }
        assertThat(browser.send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://127.0.0.1:" + port + "/console/websites/SHOP1/orders/WEB-1"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("4242", number);
        Map<String, RecordedStatements.Statement> statements = recorded.stop();
        assertThat(found)
                .as("what each search found")
                .containsEntry("ELODIE@ in every website", "/console/websites/SHOP1/orders/WEB-1")
                .containsEntry("4242 in SHOP1", "/console/websites/SHOP1/orders/WEB-1#comment-4242")
                .containsEntry(number + " in every website", "/console/websites/SHOP1/returns/" + number)
                .containsEntry("customer 1999 in every website", "a list")
                .containsEntry("customer 1999 in SHOP1", "a list");

        Checked search = new Checked(SEARCHED_TABLES, true);
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Pattern touches =
                Pattern.compile("\\b(" + String.join("|", SEARCHED_TABLES) + ")\\b", Pattern.CASE_INSENSITIVE);
        for (RecordedStatements.Statement statement : statements.values()) {
            String sql = statement.sql().strip();
            if (!touches.matcher(sql).find() || !sql.regionMatches(true, 0, "SELECT", 0, 6)) {
                continue;
            }
            String plan = plan(statement);
            checked.add(sql);
            System.out.printf("%s plan of: %s%n%s%n", database, sql.replaceAll("\\s+", " "), plan);
            problems.addAll(!database.embedded() ? postgresProblems(sql, plan, search) : h2Problems(sql, plan, search));
            if (!database.embedded()) {
                String generic = genericPlan(statement, checked.size());
                System.out.printf("POSTGRESQL generic plan of: %s%n%s%n", sql.replaceAll("\\s+", " "), generic);
                problems.addAll(postgresProblems("(generic plan) " + sql, generic, search));
            }
        }
        assertThat(checked)
                .as("the search's reads were recorded")
                .anyMatch(sql -> sql.contains("customer_email_search >= ?"))
                .anyMatch(sql -> sql.contains("customer_name_search >= ?"))
                .anyMatch(sql -> sql.contains("customer_surname_search >= ?"))
                .anyMatch(sql -> sql.contains("customer_last_name_search >= ?"))
                .anyMatch(sql -> sql.contains("AND order_number = ?"))
                .anyMatch(sql -> sql.contains("AND erp_return_number = ?"))
                .anyMatch(sql -> sql.contains("AND comment_id = ?"))
                .anyMatch(sql -> sql.contains("FROM webhook_event WHERE website_id = ? AND subject = ?"))
                .anyMatch(sql -> sql.contains("AND item_key IN"));
        assertThat(problems)
                .as("plans that grow with the data, of %d statements checked", checked.size())
                .isEmpty();
    }

    /**
     * The claim a delivery run sends, as recorded from a real run of SHOP1's, for the comments of
     * {@code websiteId}: one claim is kept per statement text, perhaps another kind's.
     */
    private RecordedStatements.Statement commentClaimOf(long websiteId) {
        recorded.start();
        deliverShop1();
        RecordedStatements.Statement recordedClaim = recorded.stop().values().stream()
                .filter(s -> s.sql().contains("FROM outbox o"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no claim was recorded"));
        long shop1 = jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, SHOP1);
        Map<Integer, Object> parameters = new TreeMap<>(recordedClaim.parameters());
        parameters.replaceAll((n, value) -> "RETURN_DOCUMENT".equals(value)
                ? "COMMENT"
                : value instanceof Number number && number.longValue() == shop1 ? websiteId : value);
        assertThat(parameters).containsValue("COMMENT").containsValue(websiteId);
        return new RecordedStatements.Statement(recordedClaim.sql(), parameters);
    }

    /** What is wrong with the claim's plan, and on PostgreSQL with its generic plan too; printed for whoever reads the output. */
    private List<String> problemsOfTheClaim(RecordedStatements.Statement claim, String state) throws SQLException {
        String plan = plan(claim);
        System.out.printf("%s plan of the claim %s:%n%s%n", database, state, plan);
        List<String> problems = new ArrayList<>(
                !database.embedded() ? postgresProblems(claim.sql(), plan) : h2Problems(claim.sql(), plan));
        if (!database.embedded()) {
            problems.addAll(postgresProblems("(generic plan) " + claim.sql(), genericPlan(claim, 1)));
        }
        return problems;
    }

    /** The numbers 1 to {@code rows} as a row source, named x, in this database's words. */
    private String series(int rows) {
        return !database.embedded() ? "generate_series(1, " + rows + ") AS g(x)" : "SYSTEM_RANGE(1, " + rows + ")";
    }

    /** The rows of a relay that has run for a while: two websites, hundreds of thousands of items and outbox rows. */
    private void fillBigTables() {
        fillBigTables(ROWS);
    }

    /** As {@link #fillBigTables()}, {@code rows} of each per website. */
    private void fillBigTables(int rows) {
        long shop1 = jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, SHOP1);
        long shop2 = jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, SHOP2);
        String series = series(rows);
        for (long website : new long[] {shop1, shop2}) {
            jdbc.update(
                    "INSERT INTO order_comment (website_id, comment_id, order_number, web_order_number, comment_text, comment_date,"
                            + " send_mail, visible_for_customer, version, created_at, updated_at) SELECT ?, 1000000 + x, 'CC' || (x / 10),"
                            + " 'W' || (x / 10), 'filler comment', '2020-05-01', FALSE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM "
                            + series,
                    website);
            jdbc.update(
                    "INSERT INTO return_document (website_id, return_number, web_return_number, url, version, created_at, updated_at)"
                            + " SELECT ?, 'F' || x, 'WF' || x, 'https://shop.example/r.pdf', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM "
                            + series,
                    website);
            // Delivered rows of long ago, and (on SHOP2) a backlog waiting.
            jdbc.update(
                    "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts, next_attempt_at, created_at,"
                            + " delivered_at, order_key, sort_key) SELECT ?, 'COMMENT', CAST(1000000 + x AS VARCHAR(20)), 1,"
                            + " CASE WHEN ? AND x > " + (rows / 2)
                            + " THEN 'PENDING' ELSE 'DELIVERED' END, 1, CURRENT_TIMESTAMP,"
                            + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'W' || (x / 10), '2020-05-01 ' || x FROM "
                            + series,
                    website,
                    website == shop2);
        }
        jdbc.update(
                "INSERT INTO inbound_request (received_at, website_code, operation, item_count, outcome, created_count,"
                        + " updated_count, duplicate_count, duration_ms) SELECT CURRENT_TIMESTAMP, 'SHOP1', 'setComments', 1, 'ACCEPTED', 1, 0, 0, 1"
                        + " FROM " + series);
        analyzeThisDatabase();
    }

    /** What the relay does for an ERP's batch and its delivery, and what a metrics scrape reads. */
    private void runTheHotPath() {
        // 100 comments: half of them already stored (updates), half new; ten per order.
        soap.post(shop1("setComments-seed.xml").repeat(100, (i, item) -> {
                    Envelope.field(item, "CommentId")
                            .setTextContent(String.valueOf(i < 50 ? 1_000_000 + 7 * (i + 1) : 5_000_000 + i));
                    Envelope.field(item, "WebOrderNumber").setTextContent("W" + (i % 10));
                    Envelope.field(item, "Comment").setTextContent("changed " + i);
                }))
                .xml()
                .valueByXPath("count(//xsd:Code[.='1001' or .='1002'])")
                .isEqualTo("100");
        soap.post(shop1("setOrderReturnDocuments-seed.xml")
                .repeat(
                        10,
                        (i, item) ->
                                Envelope.field(item, "ReturnNumber").setTextContent(i < 5 ? "F" + (i + 1) : "N" + i)));
        deliverShop1();
        assertThat(AdminHttp.call(port, "GET", "/actuator/prometheus", ADMIN_TOKEN)
                        .body())
                .contains("relay_outbox_pending");
    }

    private String plan(RecordedStatements.Statement statement) throws SQLException {
        String explain = (!database.embedded() ? "EXPLAIN (FORMAT JSON) " : "EXPLAIN ") + statement.sql();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(explain)) {
            for (Map.Entry<Integer, Object> parameter : statement.parameters().entrySet()) {
                Object value = parameter.getValue();
                if (value instanceof Array array) {
                    value = connection.createArrayOf(array.getBaseTypeName(), (Object[]) array.getArray());
                }
                ps.setObject(parameter.getKey(), value);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The plan PostgreSQL keeps for the statement whatever its parameters (plan_cache_mode = force_generic_plan). */
    private String genericPlan(RecordedStatements.Statement statement, int n) throws SQLException {
        String sql = statement.sql();
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + (++parameter) : String.valueOf(ch));
        }
        List<String> literals = new ArrayList<>();
        for (Object value : statement.parameters().values()) {
            literals.add(literal(value));
        }
        try (Connection connection = dataSource.getConnection();
                Statement st = connection.createStatement()) {
            st.execute("SET plan_cache_mode = force_generic_plan");
            st.execute("PREPARE hot_path_" + n + " AS " + numbered);
            try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE hot_path_" + n
                    + (literals.isEmpty() ? "" : "(" + String.join(", ", literals) + ")"))) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
                return plan.toString();
            } finally {
                st.execute("DEALLOCATE hot_path_" + n);
                st.execute("RESET plan_cache_mode");
            }
        }
    }

    private static String literal(Object value) throws SQLException {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Array array) {
            List<String> elements = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                elements.add(String.valueOf(element).replace("\"", "\\\""));
            }
            return "'{" + String.join(",", elements) + "}'";
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /**
     * PostgreSQL: no Seq Scan of a big table, and every index read of one bounded by more than the
     * website: the leading columns of the index the condition fixes ({@code =}, {@code = ANY}) must
     * go past website_id. A condition on a later column does not count: PostgreSQL 15 filters by it
     * inside the range of the website, it does not skip to it.
     */
    private List<String> postgresProblems(String sql, String plan) {
        return postgresProblems(sql, plan, HOT_PATH);
    }

    private List<String> postgresProblems(String sql, String plan, Checked checked) {
        List<String> problems = new ArrayList<>();
        walk(JSON.readTree(plan).get(0).get("Plan"), false, sql, problems, checked);
        return problems;
    }

    /**
     * What a plan check reads: which tables grow with the data, and whether a range on the column
     * after those an index condition fixes bounds the read (a prefix search's "starts with" range,
     * read up to its FETCH FIRST) or not (a time range over a website's items is every item of it).
     */
    record Checked(List<String> tables, boolean prefixRanges) {}

    static final Checked HOT_PATH = new Checked(BIG_TABLES, false);

    /**
     * {@code perOuterRow}: the node is the inner side of a nested loop, run once per outer row; read
     * from an index, it must be bounded by the outer row's values, or each outer row re-reads the
     * same range (every pending row of the website for every row claimed).
     */
    private void walk(JsonNode node, boolean perOuterRow, String sql, List<String> problems, Checked checked) {
        List<String> bigTables = checked.tables();
        String type = node.path("Node Type").asString();
        String relation = node.path("Relation Name").asString();
        if (perOuterRow
                && type.contains("Index")
                && bigTables.contains(relation)
                // A key fixed whole (a primary key by a value the planner carried over from the other side) is one row.
                && !fixesEveryColumn(
                        node.path("Index Name").asString(),
                        node.path("Index Cond").asString())
                && !referencesAnotherRelation(
                        node.path("Index Cond").asString(), node.path("Alias").asString())) {
            problems.add(type + " on " + node.path("Index Name").asString() + " re-read whole for every outer row ("
                    + node.path("Index Cond").asString() + ") for: " + sql);
        }
        if (type.equals("Seq Scan") && bigTables.contains(relation)) {
            problems.add("Seq Scan on " + relation + " for: " + sql);
        } else if (type.contains("Index") && !node.path("Index Name").isMissingNode()) {
            String index = node.path("Index Name").asString();
            IndexColumns columns = indexColumns(index);
            if (bigTables.contains(columns.table())) {
                String condition = node.path("Index Cond").asString();
                int bound = bound(columns.columns(), condition, checked);
                if (bound == 0 || (bound == 1 && columns.columns().get(0).equals("website_id"))) {
                    problems.add(type + " on " + index + " " + columns.columns() + " bounded by " + bound
                            + " leading column(s) (" + condition + ") for: " + sql);
                }
                if ((perOuterRow || node.path("Parent Relationship").asString().equals("SubPlan"))
                        && boundOnlyByWhatAWebsitesRowsShare(columns.columns(), condition)) {
                    problems.add(type + " on " + index + " for every outer row, bounded only by the website, kind"
                            + " and status (" + condition + ") for: " + sql);
                }
                if (namesAKeyItsReadDoesNotUse(sql, columns.columns(), condition)) {
                    problems.add(type + " on " + index + " without the key the statement names (" + condition
                            + ") for: " + sql);
                }
            }
        }
        for (JsonNode child : node.path("Plans")) {
            walk(
                    child,
                    type.equals("Nested Loop")
                            && child.path("Parent Relationship").asString().equals("Inner"),
                    sql,
                    problems,
                    checked);
        }
    }

    /**
     * A website's rows of one kind and status are a backlog, not a key: a read done per row of an outer
     * query (a sub-plan, the inner side of a nested loop) bounded by those columns alone reads the
     * whole backlog for each row. The claim's check of an item's other versions did so on PostgreSQL
     * by the claim index, its statistics taken while every row was delivered: 48 s for the first claim
     * of a 10,000-item backlog.
     */
    static boolean boundOnlyByWhatAWebsitesRowsShare(List<String> columns, String condition) {
        int bound = boundPrefix(columns, condition);
        return bound > 0
                && columns.subList(0, bound).stream()
                        .allMatch(column ->
                                List.of("website_id", "item_kind", "status").contains(column));
    }

    /**
     * The statement looks items up by key ({@code item_key IN}, {@code = ANY}, a row value naming it),
     * the index read has that key among its columns, and yet the read is not bounded by it: every row
     * of the website's kind is read. H2 read "website_id = ? AND item_kind = ? AND item_key IN (...)"
     * so, by the item index's first two columns.
     */
    static boolean namesAKeyItsReadDoesNotUse(String sql, List<String> columns, String condition) {
        String text = sql.toLowerCase();
        if (!columns.contains("item_key")
                || !(text.contains("item_key in")
                        || text.contains("item_key = any")
                        || text.contains("item_key) in"))) {
            return false;
        }
        boolean rowValue = condition.strip().startsWith("IN(ROW");
        return !rowValue && boundPrefix(columns, condition) <= columns.indexOf("item_key");
    }

    private boolean fixesEveryColumn(String index, String condition) {
        List<String> columns = indexColumns(index).columns();
        return !columns.isEmpty() && boundPrefix(columns, condition) == columns.size();
    }

    /** Whether an index condition names a column of a relation other than {@code alias} (a parameterized read). */
    static boolean referencesAnotherRelation(String condition, String alias) {
        String unquoted = condition.replaceAll("'[^']*'", "''");
        Matcher qualified = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\.[a-z_]").matcher(unquoted);
        while (qualified.find()) {
            if (!qualified.group(1).equals(alias)) {
                return true;
            }
        }
        return false;
    }

    /** H2: no table scan of a big table, and every index read of one bounded past the website (as above). */
    private List<String> h2Problems(String sql, String plan) {
        return h2Problems(sql, plan, HOT_PATH);
    }

    private List<String> h2Problems(String sql, String plan, Checked checked) {
        List<String> problems = new ArrayList<>();
        Matcher scan = Pattern.compile("(?i)/\\* PUBLIC\\.(" + String.join("|", checked.tables()) + ")\\.tableScan")
                .matcher(plan);
        while (scan.find()) {
            problems.add("table scan of " + scan.group(1) + " for: " + sql + "\n" + plan);
        }
        Matcher index = Pattern.compile("/\\* PUBLIC\\.(\\w+): ([^*]*)\\*/").matcher(plan);
        while (index.find()) {
            IndexColumns columns = indexColumns(index.group(1));
            if (!checked.tables().contains(columns.table())) {
                continue;
            }
            String condition = index.group(2).strip();
            // A row-value IN on the index's columns (H2's "IN(ROW (?1, ?2), ...)") fixes all of them.
            int bound = condition.startsWith("IN(ROW")
                    ? columns.columns().size()
                    : bound(columns.columns(), condition, checked);
            if (bound == 0 || (bound == 1 && columns.columns().get(0).equals("website_id"))) {
                problems.add("index " + index.group(1) + " " + columns.columns() + " bounded by " + bound
                        + " leading column(s) for: " + sql + "\n" + plan);
            } else if (namesAKeyItsReadDoesNotUse(sql, columns.columns(), condition)) {
                problems.add("index " + index.group(1) + " " + columns.columns() + " read without the key the statement"
                        + " names (" + condition.replaceAll("\\s+", " ") + ") for: " + sql + "\n" + plan);
            } else if (referencesAnotherRelation(condition.toLowerCase(), "")
                    && boundOnlyByWhatAWebsitesRowsShare(columns.columns(), condition)) {
                // A correlated read (a sub-query's, per row of the outer query).
                problems.add("index " + index.group(1) + " " + columns.columns() + " read for every outer row, bounded"
                        + " only by the website, kind and status, for: " + sql + "\n" + plan);
            }
        }
        return problems;
    }

    /** An index's table and columns, in the index's order, lower case. */
    record IndexColumns(String table, List<String> columns) {}

    private IndexColumns indexColumns(String index) {
        if (!database.embedded()) {
            List<String> columns = jdbc.queryForList(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                            + " AND a.attnum = ANY(i.indkey) WHERE i.indexrelid = to_regclass(?) ORDER BY array_position(i.indkey::int2[], a.attnum)",
                    String.class,
                    index);
            String table = jdbc.queryForObject(
                    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                            + " WHERE i.indexrelid = to_regclass(?)",
                    String.class,
                    index);
            return new IndexColumns(table, columns);
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
                        + " WHERE INDEX_NAME = ? AND TABLE_SCHEMA = 'PUBLIC' ORDER BY ORDINAL_POSITION",
                index);
        return new IndexColumns(
                rows.isEmpty() ? "" : ((String) rows.get(0).get("TABLE_NAME")).toLowerCase(),
                rows.stream()
                        .map(r -> ((String) r.get("COLUMN_NAME")).toLowerCase())
                        .toList());
    }

    /** {@link #boundPrefix}, and the column after it when {@code checked} counts a range on it. */
    static int bound(List<String> columns, String condition, Checked checked) {
        int fixed = boundPrefix(columns, condition);
        return checked.prefixRanges() && fixed < columns.size() && rangeOn(columns.get(fixed), condition)
                ? fixed + 1
                : fixed;
    }

    /** Whether {@code condition} bounds {@code column} from below ({@code >=}, {@code >}, PostgreSQL's {@code ~>=~}). */
    static boolean rangeOn(String column, String condition) {
        String text =
                condition.replace("\"", "").replaceAll("\\b\\w+\\.(?=\\w)", "").toLowerCase();
        return Pattern.compile("(?<![\\w.])" + column + "\\)*(?:::[a-z ]+?)?\\)*\\s*(>=|>|~>=~)")
                .matcher(text)
                .find();
    }

    /**
     * How many leading columns of the index {@code condition} fixes to values: {@code col = x},
     * {@code col = ANY(...)}, {@code col IN(...)}; a range on the next column ends the prefix.
     */
    static int boundPrefix(List<String> columns, String condition) {
        String text =
                condition.replace("\"", "").replaceAll("\\b\\w+\\.(?=\\w)", "").toLowerCase();
        int bound = 0;
        for (String column : columns) {
            // PostgreSQL writes "((return_number)::text = ANY (...))": a cast between the column and the operator.
            boolean fixed = Pattern.compile("(?<![\\w.])" + column + "\\)*(?:::[a-z ]+?)?\\)*\\s*(=|in\\s*\\()")
                    .matcher(text)
                    .find();
            if (!fixed) {
                break;
            }
            bound++;
        }
        return bound;
    }
}
