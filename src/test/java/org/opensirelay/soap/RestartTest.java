package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;

/** What was acknowledged is still there after the relay restarts on the same database file. */
class RestartTest {

    private static final String KEY = "0cc175b9c0f1b6a831c399e269772661";
    private static final String[] WEBSITE = {"--relay.websites[0].code=SHOP9", "--relay.websites[0].key=" + KEY};

    @Test
    void acknowledgedItemsSurviveARestart(@TempDir Path dataDir) {
        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
            relay.soap().post(Envelope.fixture("setOrderReturnDocuments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
        }
        assertThat(dataDir.resolve("opensi-relay.mv.db")).isRegularFile();

        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class)).isEqualTo(1);
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Integer.class))
                    .as("pending deliveries survive too").isEqualTo(2);
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("2001");
            relay.soap().post(Envelope.fixture("setOrderReturnDocuments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("2001");
        }
    }

    @Test
    void aDatabaseWrittenBeforeTheHotTablesLostTheirForeignKeysUpgradesInPlace(@TempDir Path dataDir) {
        // Schema version 5 is what releases before V6 left in the file.
        // (This code's webhooks need V7's tables: off while it plays a release of schema 5.)
        String[] atVersion5 = {WEBSITE[0], WEBSITE[1], "--spring.flyway.target=5", "--relay.webhooks.enabled=false"};
        try (RelayProcess relay = RelayProcess.start(dataDir, atVersion5)) {
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
            relay.soap().post(Envelope.fixture("setOrderReturnDocuments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
            assertThat(foreignKeysToWebsite(relay)).containsExactlyInAnyOrder("ORDER_COMMENT", "OUTBOX", "RETURN_DOCUMENT");
        }

        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertThat(foreignKeysToWebsite(relay)).as("no per-row check on the tables every item is written to").isEmpty();
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Integer.class))
                    .as("pending deliveries survive the upgrade").isEqualTo(2);
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("2001");
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9").set("Comment", "Second version")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1002");
        }
    }

    private static List<String> foreignKeysToWebsite(RelayProcess relay) {
        return relay.jdbc().queryForList("SELECT DISTINCT fk.table_name FROM information_schema.referential_constraints r"
                + " JOIN information_schema.table_constraints fk ON fk.constraint_name = r.constraint_name"
                + " JOIN information_schema.table_constraints pk ON pk.constraint_name = r.unique_constraint_name"
                + " WHERE pk.table_name = 'WEBSITE' AND fk.table_name IN ('ORDER_COMMENT', 'RETURN_DOCUMENT', 'OUTBOX')", String.class);
    }
}
