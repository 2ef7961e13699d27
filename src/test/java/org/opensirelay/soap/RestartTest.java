package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.FileSystemUtils;

/** What was acknowledged is still there after the relay restarts on the same database file. */
class RestartTest {

    private static final String KEY = "0cc175b9c0f1b6a831c399e269772661";
    private static final String[] WEBSITE = {"--relay.websites[0].code=SHOP9", "--relay.websites[0].key=" + KEY};

    @Test
    void acknowledgedItemsSurviveARestart(@TempDir Path dataDir) {
        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertCode(relay, "setComments-seed.xml", "1001");
            assertCode(relay, "setOrderReturnDocuments-seed.xml", "1001");
        }
        assertThat(dataDir.resolve("opensi-relay.mv.db")).isRegularFile();

        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class))
                    .isEqualTo(1);
            assertThat(relay.jdbc()
                            .queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Integer.class))
                    .as("pending deliveries survive too")
                    .isEqualTo(2);
            assertCode(relay, "setComments-seed.xml", "2001");
            assertCode(relay, "setOrderReturnDocuments-seed.xml", "2001");
        }
    }

    @Test
    void anH2UrlOfTheOperatorsOwnRunsWithTheRelaysCompaction(@TempDir Path dataDir) {
        // An operator moves the file and adds an H2 option of their own, without the default URL's settings.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("elsewhere/relay") + ";QUERY_CACHE_SIZE=16";
        try (RelayProcess relay =
                RelayProcess.start(dataDir, "--spring.datasource.url=" + url, WEBSITE[0], WEBSITE[1])) {
            assertThat(relay.jdbc()
                            .queryForObject(
                                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'AUTO_COMPACT_FILL_RATE'",
                                    String.class))
                    .as("H2's 90 tripled the 100-item tail on a grown database")
                    .isEqualTo("50");
            assertCode(relay, "setComments-seed.xml", "1001");
        }
        assertThat(dataDir.resolve("elsewhere/relay.mv.db")).isRegularFile();
    }

    @Test
    void aDataDirectoryGivenAsARelativePathWithoutDotSlashHoldsTheDatabase() throws Exception {
        // As an operator writes it (RELAY_DATA_DIR=data): relative to the working directory, no "./".
        Path relative = Path.of("target", "relative-data-" + System.nanoTime());
        try {
            try (RelayProcess relay = RelayProcess.startWithDataDir(relative.toString(), WEBSITE)) {
                assertCode(relay, "setComments-seed.xml", "1001");
            }
            assertThat(relative.resolve("opensi-relay.mv.db")).isRegularFile();
        } finally {
            FileSystemUtils.deleteRecursively(relative);
        }
    }

    @Test
    void aDatabaseWrittenBeforeTheHotTablesLostTheirForeignKeysUpgradesInPlace(@TempDir Path dataDir) throws Exception {
        // Schema version 5 is what releases before V6 left in the file, with what they wrote: the
        // website, a comment and a return slip, both waiting for the shop.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("opensi-relay");
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .target("5")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            OffsetDateTime then = OffsetDateTime.parse("2026-01-10T08:00:00Z");
            jdbc.update(
                    "INSERT INTO website (code, key_sha256, active, created_at, updated_at) VALUES ('SHOP9', ?, TRUE, ?, ?)",
                    HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8))),
                    then,
                    then);
            long website = jdbc.queryForObject("SELECT id FROM website WHERE code = 'SHOP9'", Long.class);
            jdbc.update(
                    "INSERT INTO order_comment (website_id, comment_id, order_number, web_order_number, comment_text, comment_date,"
                            + " send_mail, visible_for_customer, version, created_at, updated_at) VALUES (?, 1, 'CC20050001', '1', 'Before the upgrade',"
                            + " '2020-05-01', TRUE, TRUE, 1, ?, ?)",
                    website,
                    then,
                    then);
            jdbc.update(
                    "INSERT INTO return_document (website_id, return_number, web_return_number, url, version, created_at, updated_at)"
                            + " VALUES (?, 'RC20050001', '1', 'https://shop.example/slips/RC20050001.pdf', 1, ?, ?)",
                    website,
                    then,
                    then);
            for (String[] item : new String[][] {{"COMMENT", "1"}, {"RETURN_DOCUMENT", "RC20050001"}}) {
                jdbc.update(
                        "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts, next_attempt_at, created_at)"
                                + " VALUES (?, ?, ?, 1, 'PENDING', 0, ?, ?)",
                        website,
                        item[0],
                        item[1],
                        then,
                        then);
            }
            assertThat(foreignKeysToWebsite(jdbc))
                    .containsExactlyInAnyOrder("ORDER_COMMENT", "OUTBOX", "RETURN_DOCUMENT");
        }

        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertThat(foreignKeysToWebsite(relay.jdbc()))
                    .as("no per-row check on the tables every item is written to")
                    .isEmpty();
            assertThat(relay.jdbc()
                            .queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Integer.class))
                    .as("pending deliveries survive the upgrade")
                    .isEqualTo(2);
            // The comment written before the upgrade is found: the seed's text changes it, then repeats it.
            assertCode(relay, "setComments-seed.xml", "1002");
            assertCode(relay, "setComments-seed.xml", "2001");
        }
    }

    /** Posts a seed fixture to SHOP9 and checks the code the relay answers for its item. */
    private static void assertCode(RelayProcess relay, String fixture, String code) {
        relay.soap()
                .post(Envelope.fixture(fixture, KEY, "SHOP9"))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo(code);
    }

    private static List<String> foreignKeysToWebsite(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "SELECT DISTINCT fk.table_name FROM information_schema.referential_constraints r"
                        + " JOIN information_schema.table_constraints fk ON fk.constraint_name = r.constraint_name"
                        + " JOIN information_schema.table_constraints pk ON pk.constraint_name = r.unique_constraint_name"
                        + " WHERE pk.table_name = 'WEBSITE' AND fk.table_name IN ('ORDER_COMMENT', 'RETURN_DOCUMENT', 'OUTBOX')",
                String.class);
    }
}
