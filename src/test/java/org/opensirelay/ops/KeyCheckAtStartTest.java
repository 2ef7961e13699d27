package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayProcess;

/**
 * A relay whose database holds what was sealed or signed with a key it does not have — the key file
 * missing or another one — does not start, and says so in Spring Boot's short "APPLICATION FAILED TO
 * START" paragraph naming the file to restore; it never makes a key anew in silence (issue 35: a bare
 * exception of ~245 log lines for the sealing key, a signing key silently made anew so that every
 * receiver's check failed from then on). {@link KeyCheckAtStartPostgresTest}: the same for settings.
 */
class KeyCheckAtStartTest {

    static final String ADMIN = "key-check-admin-token-00000001";

    @Test
    void onTheEmbeddedDatabaseAMissingOrAnotherKeyFileStopsTheStartNamingTheFile(@TempDir Path dataDir)
            throws Exception {
        String[] args = {"--relay.admin.token=" + ADMIN, "--relay.webhooks.allow-private-networks[0]=SEALED"};
        try (RelayProcess relay = RelayProcess.start(dataDir, args)) {
            sealAndSubscribe(relay.port());
        }
        Path sealing = dataDir.resolve("website-secrets.key");
        Path signing = dataDir.resolve("webhooks-signing.key");
        String sealingKey = Files.readString(sealing);
        String signingKey = Files.readString(signing);

        Files.delete(sealing);
        String missingSeal = ChildRelay.startExpectingFailure(dataDir, args);
        assertShortParagraph(missingSeal, "website-secrets.key");
        assertThat(missingSeal).contains("is missing", "Restore website-secrets.key");
        assertThat(sealing).as("no new sealing key made").doesNotExist();

        Files.writeString(sealing, "another-key-" + "x".repeat(48));
        String otherSeal = ChildRelay.startExpectingFailure(dataDir, args);
        assertShortParagraph(otherSeal, "website-secrets.key");
        assertThat(otherSeal).contains("is another one");

        Files.writeString(sealing, sealingKey);
        Files.delete(signing);
        String missingSigning = ChildRelay.startExpectingFailure(dataDir, args);
        assertShortParagraph(missingSigning, "webhooks-signing.key");
        assertThat(missingSigning).contains("webhook subscriptions");
        assertThat(signing).as("no new signing key made").doesNotExist();

        Files.writeString(signing, signingKey);
        try (ChildRelay relay = ChildRelay.start(dataDir, args)) {
            assertThat(relay.log()).doesNotContain("APPLICATION FAILED TO START");
        }
    }

    /** A website created at runtime with a shop key (sealed), and a webhook subscription (signed). */
    static void sealAndSubscribe(int port) {
        JsonHttp admin = new JsonHttp(port, ADMIN);
        JsonHttp.Answer created = admin.post(
                "/api/websites",
                "{\"code\": \"SEALED\", \"shop\": {\"url\": \"http://127.0.0.1:9/opensi\", \"key\": \"sealed-shop-key-0123456\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonHttp.Answer subscribed = admin.post(
                "/api/websites/SEALED/webhooks", "{\"url\": \"http://127.0.0.1:9/hooks\", \"events\": [\"*\"]}");
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
    }

    /** Spring Boot's paragraph, naming {@code what}: no stack trace, and short. */
    static void assertShortParagraph(String log, String what) {
        assertThat(log).contains("APPLICATION FAILED TO START", "Description:", "Action:", what);
        assertThat(log.lines().filter(line -> line.startsWith("\tat ")).toList())
                .as("stack trace lines in the log")
                .isEmpty();
        String paragraph = log.substring(log.indexOf("APPLICATION FAILED TO START"));
        assertThat(paragraph.lines().count()).as("lines of the paragraph").isLessThan(20);
        assertThat(paragraph)
                .as("no secret in the paragraph")
                .doesNotContain("first-secrets-key", "another-key-", "another-secrets-key", "signing-key-0123456789");
    }
}
