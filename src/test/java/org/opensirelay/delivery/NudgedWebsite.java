package org.opensirelay.delivery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;

/**
 * A website in immediate mode as the trigger tests see it: an accepted comment per request, and its
 * triggers in the job store besides the recurring one ({@code CODE@interval-millis}, as
 * {@link DeliveryScheduler} names it).
 */
record NudgedWebsite(String code, String key, Duration interval) {

    /** Posts comment {@code id} on an order of its own; the relay must answer 1001. */
    void post(ChildRelay relay, int id) {
        relay.soap()
                .post(Envelope.fixture("setComments-seed.xml", key, code)
                        .set("CommentId", String.valueOf(id))
                        .set("OrderNumber", "ORDER-" + id)
                        .set("WebOrderNumber", String.valueOf(id)))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
    }

    /** The website's triggers in the job store {@code db} holds, besides its recurring one. */
    int triggersBesidesRecurring(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM qrtz_triggers WHERE job_name = '" + code
                        + "' AND trigger_name <> '" + code + "@" + interval.toMillis() + "'")) {
            count.next();
            return count.getInt(1);
        }
    }
}
