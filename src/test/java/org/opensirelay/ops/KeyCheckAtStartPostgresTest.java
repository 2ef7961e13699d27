package org.opensirelay.ops;

import static org.opensirelay.ops.KeyCheckAtStartTest.ADMIN;
import static org.opensirelay.ops.KeyCheckAtStartTest.assertShortParagraph;
import static org.opensirelay.ops.KeyCheckAtStartTest.sealAndSubscribe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.RequiresPostgres;

/**
 * On PostgreSQL the keys come from settings: a node started with another {@code relay.secrets-key} or
 * {@code relay.webhooks.signing-key} than the one its database was sealed or signed with does not start,
 * and says which setting differs in Spring Boot's short paragraph, not a stack trace (issue 35).
 */
@RequiresPostgres
class KeyCheckAtStartPostgresTest {

    @Test
    void onPostgresqlAnotherSecretsKeyOrSigningKeyStopsTheStartNamingTheSetting(@TempDir Path logs) throws Exception {
        String url = Postgres.newSchema();
        String secretsKey = "--relay.secrets-key=the-first-secrets-key-0123456789-abcdef";
        String signingKey = "--relay.webhooks.signing-key=the-first-signing-key-0123456789-abcdef";
        try (RelayProcess relay = RelayProcess.start(logs, settings(url, secretsKey, signingKey))) {
            sealAndSubscribe(relay.port());
        }

        String otherSecrets = ChildRelay.startExpectingFailure(
                logs, settings(url, "--relay.secrets-key=another-secrets-key-0123456789-abcdefgh", signingKey));
        assertShortParagraph(otherSecrets, "relay.secrets-key");

        String otherSigning = ChildRelay.startExpectingFailure(
                logs, settings(url, secretsKey, "--relay.webhooks.signing-key=another-signing-key-0123456789-abcdefg"));
        assertShortParagraph(otherSigning, "relay.webhooks.signing-key");
    }

    private static String[] settings(String url, String... more) {
        List<String> all = new ArrayList<>(List.of(Postgres.relayArgs(url)));
        all.add("--relay.admin.token=" + ADMIN);
        all.add("--relay.webhooks.allow-private-networks[0]=SEALED");
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
