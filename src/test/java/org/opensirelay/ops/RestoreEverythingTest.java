package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.OpensiRelayApplication;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.StubShop;
import org.opensirelay.support.WebhookReceiver;

/**
 * A backup restored as an operator restores it, onto an empty data directory, brings back a relay
 * that works as before: a website created at runtime answers its key, the shop key sealed for it
 * reaches the shop, and webhooks still verify with the secret the receiver was given (issue 35: the
 * backup held the database alone; restored, the relay refused to start, and with the sealing key
 * copied by hand the webhook signing key was silently made anew).
 */
class RestoreEverythingTest {

    private static final String ADMIN = "restore-admin-token-000000001";
    private static final String SHOP_KEY = "sealed-shop-key-of-RT1-000001";
    private static final String[] ARGS = {
        "--relay.admin.token=" + ADMIN, "--relay.webhooks.allow-private-networks[0]=RT1",
    };

    @Test
    void aBackupTakenDuringRequestsRestoresWebsitesSealedShopKeysAndWebhookSecrets(
            @TempDir Path running, @TempDir Path elsewhere) throws Exception {
        Path restored = elsewhere.resolve("data");
        Files.createDirectories(restored);
        try (StubShop shop = StubShop.start();
                WebhookReceiver receiver = WebhookReceiver.start()) {
            String erpKey;
            String webhookSecret;
            Path backup;
            try (RelayProcess relay = RelayProcess.start(running, ARGS)) {
                JsonHttp admin = new JsonHttp(relay.port(), ADMIN);
                JsonHttp.Answer created = admin.post("/api/websites", """
                        {"code": "RT1", "shop": {"url": "%s", "key": "%s"},
                         "delivery": {"interval": "PT1S", "immediate": true}}""".formatted(shop.url(), SHOP_KEY));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                erpKey = created.json().get("key").asString();
                JsonHttp.Answer subscribed = admin.post(
                        "/api/websites/RT1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"*\"]}");
                assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
                webhookSecret = subscribed.json().get("secret").asString();

                // The backup is taken while the ERP posts.
                AtomicBoolean posting = new AtomicBoolean(true);
                AtomicInteger accepted = new AtomicInteger();
                Thread erp = new Thread(() -> {
                    for (int id = 1; posting.get(); id++) {
                        post(relay.port(), erpKey, id);
                        accepted.incrementAndGet();
                    }
                });
                erp.start();
                Eventually.within(Duration.ofSeconds(20), "the ERP is posting", () -> accepted.get() >= 3);
                JsonHttp.Answer made = admin.post("/api/backups", null);
                posting.set(false);
                erp.join(10_000);
                assertThat(made.status()).as(made.body()).isEqualTo(201);
                backup = running.resolve("backups")
                        .resolve(made.json().get("file").asString());
                Eventually.within(
                        Duration.ofSeconds(20),
                        "the shop has the comments",
                        () -> shop.itemsApplied() >= accepted.get());
            }

            String said = restore(backup, restored);
            assertThat(said).contains("restored " + backup.getFileName(), "opensi-relay.mv.db", "relay.data-dir=");

            shop.reset();
            receiver.clear();
            try (RelayProcess relay = RelayProcess.start(restored, ARGS)) {
                // The website answers its key; the comment reaches the shop with the sealed shop key.
                post(relay.port(), erpKey, 1_000);
                Eventually.within(
                        Duration.ofSeconds(20),
                        "the comment posted after the restore reaches the shop",
                        () -> shop.applied().containsKey("comment 1000"));
                assertThat(shop.requests())
                        .allSatisfy(request -> assertThat(request.key()).isEqualTo(SHOP_KEY));
                // The webhook of that comment verifies with the secret the receiver was given before.
                Eventually.within(
                        Duration.ofSeconds(20),
                        "the webhook of the comment arrives",
                        () -> receiver.received().stream()
                                .anyMatch(r -> r.body().contains("RT1-1000")));
                WebhookReceiver.Received event = receiver.received().stream()
                        .filter(r -> r.body().contains("RT1-1000"))
                        .findFirst()
                        .orElseThrow();
                assertThat(WebhookReceiver.verify(webhookSecret, event, event.body()))
                        .as("the signature verifies with the subscription's original secret")
                        .isTrue();
            }

            // What the archive holds, and that only its owner can read it or what was restored from it.
            assertThat(entries(backup)).contains("opensi-relay.mv.db", "website-secrets.key", "webhooks-signing.key");
            assertThat(mode(running.resolve("backups"))).isEqualTo("rwx------");
            assertThat(mode(backup)).isEqualTo("rw-------");
            for (String file : List.of("opensi-relay.mv.db", "website-secrets.key", "webhooks-signing.key")) {
                assertThat(mode(restored.resolve(file))).as(file).isEqualTo("rw-------");
            }
            assertThat(mode(restored)).isEqualTo("rwx------");
        }
    }

    private static void post(int port, String key, int commentId) {
        new org.opensirelay.support.SoapHttp(port)
                .post(Envelope.fixture("setComments-seed.xml", key, "RT1")
                        .set("CommentId", String.valueOf(commentId))
                        .set("OrderNumber", "RT1-" + commentId)
                        .set("WebOrderNumber", String.valueOf(commentId)))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
    }

    /**
     * The restore of docs/operations.md, as an operator types it: {@code java -jar opensi-relay.jar restore <backup.zip>
     * <data-dir>} (here the relay's main class on this build's class path, as the jar's manifest names it).
     */
    private static String restore(Path zip, Path into) throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OpensiRelayApplication.class.getName(),
                        "restore",
                        zip.toString(),
                        into.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
