package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RequiresPostgres;
import org.opensirelay.support.StubShop;

/**
 * Two relay processes on one PostgreSQL database, no website in their configuration: a website
 * created through one is answered by the other at once (as a load balancer sends the next call) and
 * delivered within a delivery period; a key rotated on one opens it on both at once, old and new;
 * disabled on one, refused by both within a refresh; enabled again, delivered.
 */
@RequiresPostgres
class WebsitesClusterPostgresTest {

    private static final String ADMIN = "cluster-admin-token-0123456789";

    @Test
    void aWebsiteManagedOnOneNodeIsAnsweredByBoth(@TempDir Path a, @TempDir Path b) throws Exception {
        String url = Postgres.newSchema();
        List<String> settings = new ArrayList<>(List.of(Postgres.relayArgs(url)));
        settings.addAll(List.of(
                "--relay.admin.token=" + ADMIN,
                "--relay.secrets-key=cluster-secrets-key-0123456789-abcdefghij",
                "--relay.website-refresh-every=PT1S",
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=2000"));
        String[] args = settings.toArray(String[]::new);
        try (StubShop shop = StubShop.start();
                ChildRelay first = ChildRelay.start(a, args);
                ChildRelay second = ChildRelay.start(b, args)) {
            JsonHttp onFirst = new JsonHttp(first.port(), ADMIN);
            JsonHttp onSecond = new JsonHttp(second.port(), ADMIN);

            JsonHttp.Answer created = onFirst.post("/api/websites", """
                    {"code": "CLUSTERED", "shop": {"url": "%s", "key": "clustered-shop-key-01"}, "delivery": {"interval": "PT2S"}}""".formatted(shop.url()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String key = created.json().get("key").asString();
            // Behind a load balancer the next call goes to the other node at once: it knows the website
            // already (a lookup that misses reads the recent changes), not only after its next refresh.
            assertThat(onSecond.get("/api/websites/CLUSTERED").status())
                    .as("the other node, asked at once")
                    .isEqualTo(200);
            second.soap().post(comment(key, 1)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
            Eventually.within(
                    Duration.ofSeconds(15),
                    "its first delivery",
                    () -> shop.applied().containsKey("comment 1"));
            assertThat(shop.requests().get(0).key())
                    .as("the shop key sealed by one node, opened by the other")
                    .isEqualTo("clustered-shop-key-01");

            // Rotated on the second node: both keys open it on the first until the cut-over.
            JsonHttp.Answer rotated = onSecond.post("/api/websites/CLUSTERED/key", "{\"previousValidFor\": \"PT1H\"}");
            String newKey = rotated.json().get("key").asString();
            first.soap()
                    .post(comment(newKey, 2))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            first.soap().post(comment(key, 3)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");

            // Disabled on the first node: refused by the second, its waiting items kept.
            shop.down();
            second.soap()
                    .post(comment(newKey, 4))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            onFirst.post("/api/websites/CLUSTERED/disable", null);
            Eventually.within(
                    Duration.ofSeconds(10),
                    "the second node knows it is disabled",
                    () -> !onSecond.get("/api/websites/CLUSTERED")
                            .json()
                            .get("enabled")
                            .asBoolean());
            second.soap()
                    .post(comment(newKey, 5))
                    .xml()
                    .valueByXPath("//open:fault/open:reason")
                    .isEqualTo("WEBSITE_DISABLED");

            // Enabled on the second node: what waited is delivered.
            shop.listen();
            onSecond.post("/api/websites/CLUSTERED/enable", null);
            Eventually.within(
                    Duration.ofSeconds(20),
                    "the kept items delivered",
                    () -> shop.applied()
                            .keySet()
                            .containsAll(List.of("comment 1", "comment 2", "comment 3", "comment 4")));
            assertThat(shop.applied()).doesNotContainKey("comment 5");
            assertThat(onFirst.get("/api/websites/CLUSTERED/changes")
                            .json()
                            .get("changes")
                            .size())
                    .isEqualTo(4);
        }
    }

    private static Envelope comment(String key, int commentId) {
        return Envelope.fixture("setComments-seed.xml", key, "CLUSTERED").set("CommentId", String.valueOf(commentId));
    }
}
