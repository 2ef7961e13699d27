package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JarProcess;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.ReturnFixtures;
import tools.jackson.databind.JsonNode;

/**
 * The packaged relay configured as operators configure it: by environment variables written as
 * people write them (a dash as an underscore), secrets from files (a {@code _FILE} variable, Spring's
 * {@code configtree:}), and the README's application.yml with its placeholders. Each variable takes
 * effect; a typo, a secret file that cannot be read and a placeholder nothing sets each stop the start
 * with a paragraph naming the variable (and never showing a secret).
 */
class EnvironmentSettingsProcessTest {

    private static final String ERP_KEY = "c4ca4238a0b923820dcc509a6f75849b";
    private static final String API_TOKEN = "shop1-api-token-0123456789";
    private static final String SHOP2_ERP_KEY = "c81e728d9d4c2f636f067f89cc14862c";
    private static final String SHOP2_API_TOKEN = "shop2-api-token-from-the-websites-file";
    private static final String SHOP2_NEW_API_TOKEN = "shop2-api-token-after-the-file-changed";
    private static final String SHOP3_ERP_KEY = "eccbc87e4b5ce2fe28308fd9f2a7baf3";
    private static final String SHOP3_API_TOKEN = "shop3-api-token-added-to-the-websites-file";
    private static final String ALICE = "alice-admin-token-0123456789";
    private static final String BOB = "bob-admin-token-from-configtree";
    private static final String CAROL = "carol-admin-token-from-configtree";
    private static final String FROM_FILE = "admin-token-from-a-file-0123";
    private static final String SIGNING_KEY = "webhook-signing-key-from-the-environment-0123456789";
    private static final String SECRETS_KEY = "website-secrets-key-from-the-environment-0123456789";

    @Test
    void everyVariableAsOperatorsWriteItTakesEffect(@TempDir Path root) throws Exception {
        Path dataDir = root.resolve("var/lib/opensi-relay");
        // A container secret as Docker or Kubernetes mounts it: a file ending with a newline.
        Path adminTokenFile = Files.writeString(root.resolve("admin-token"), FROM_FILE + "\n");
        Path secrets = Files.createDirectories(root.resolve("run-secrets"));
        Files.writeString(secrets.resolve("relay.admin.tokens.bob"), BOB + "\n");
        // A placeholder of application.yml resolved from a file of the same configuration tree.
        Files.writeString(secrets.resolve("CAROL_ADMIN_TOKEN"), CAROL + "\n");
        Path work = Files.createDirectories(root.resolve("work"));
        Files.writeString(work.resolve("application.yml"), """
                relay:
                  admin:
                    tokens:
                      carol: ${CAROL_ADMIN_TOKEN}
                """);
        // More websites in a file of their own (JSON here; YAML too), as operators keep many in version control.
        Path websitesFile =
                Files.writeString(root.resolve("websites.json"), """
                {"websites": [
                  {"code": "SHOP2", "key": "%s", "apiToken": "%s", "returns": {"days": 0}}
                ]}
                """.formatted(SHOP2_ERP_KEY, SHOP2_API_TOKEN));
        try (JarProcess relay = JarProcess.in(work)
                .env("RELAY_WEBSITES_FILE", websitesFile.toString())
                .env("RELAY_DATA_DIR", dataDir.toString())
                .env("RELAY_SECRETS_KEY", SECRETS_KEY)
                .env("RELAY_WEBHOOKS_SIGNING_KEY", SIGNING_KEY)
                .env("RELAY_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "SHOP1")
                .env("RELAY_PUBLIC_URL", "https://returns.shop1.example")
                .env("RELAY_WEBSITES_0_CODE", "SHOP1")
                .env("RELAY_WEBSITES_0_KEY", ERP_KEY)
                .env("RELAY_WEBSITES_0_API_TOKEN", API_TOKEN)
                .env("RELAY_WEBSITES_0_SHOP_PASS_THROUGH_READ_TIMEOUT", "PT3S")
                .env("RELAY_WEBSITES_0_RETURNS_DAYS", "0")
                .env("RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_0", "Boutique Un — Retours")
                .env("RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_1", "69002 Lyon")
                .env("RELAY_ADMIN_TOKENS_ALICE", ALICE)
                .env("RELAY_ADMIN_TOKEN_FILE", adminTokenFile.toString())
                .env("SPRING_CONFIG_IMPORT", "optional:configtree:" + secrets + "/")
                .liveWithin(Duration.ofMinutes(3))
                .start()) {
            // RELAY_DATA_DIR: the database is there, owner-only from its creation.
            Path database = dataDir.resolve("opensi-relay.mv.db");
            assertThat(database).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database)))
                    .isEqualTo("rw-------");
            assertThat(root.resolve("work/data")).doesNotExist();

            // The admin tokens: alice's (a map entry), the one from a file (its newline dropped), bob's from
            // configtree, carol's from application.yml's placeholder that configtree resolves.
            for (String token : new String[] {ALICE, FROM_FILE, BOB, CAROL}) {
                assertThat(new JsonHttp(relay.port(), token)
                                .get("/api/websites")
                                .status())
                        .as(token)
                        .isEqualTo(200);
            }
            assertThat(new JsonHttp(relay.port(), "not-a-token-of-this-relay")
                            .get("/api/websites")
                            .status())
                    .isEqualTo(401);
            JsonHttp alice = new JsonHttp(relay.port(), ALICE);

            // RELAY_WEBSITES_0_SHOP_PASS_THROUGH_READ_TIMEOUT: the website's settings say so.
            JsonNode shop1 = alice.get("/api/websites/SHOP1").json();
            assertThat(shop1.at("/settings/shop/passThrough/readTimeout").asString())
                    .as(shop1.toString())
                    .isEqualTo("PT3S");

            // RELAY_WEBSITES_0_API_TOKEN opens the website's API; RELAY_PUBLIC_URL starts the slip's URL.
            JsonHttp shopApi = new JsonHttp(relay.port(), API_TOKEN);
            String number = ReturnFixtures.requestedReturn(shopApi, "{\"lineId\": \"1\", \"quantity\": 1}");
            JsonNode accepted = shopApi.post(
                            "/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}")
                    .json();
            assertThat(accepted.get("slipUrl").asString())
                    .matches("https://returns\\.shop1\\.example/slips/[0-9a-f]{64}\\.pdf");

            // RELAY_WEBSITES_FILE: its website answers beside the one of the variables.
            JsonHttp shop2Api = new JsonHttp(relay.port(), SHOP2_API_TOKEN);
            assertThat(shop2Api.get("/api/v1/websites/SHOP2/returns").status()).isEqualTo(200);
            assertThat(alice.get("/api/websites/SHOP2").json().at("/code").asString())
                    .isEqualTo("SHOP2");

            // The file changed (as a deployment tool writes it): SHOP2 has a new token, SHOP3 is added;
            // both take effect without a restart, and the old token no longer opens SHOP2.
            Files.writeString(
                    websitesFile, """
                    {"websites": [
                      {"code": "SHOP2", "key": "%s", "apiToken": "%s"},
                      {"code": "SHOP3", "key": "%s", "apiToken": "%s"}
                    ]}
                    """.formatted(SHOP2_ERP_KEY, SHOP2_NEW_API_TOKEN, SHOP3_ERP_KEY, SHOP3_API_TOKEN));
            // (Watched through the admin API: asking with a token not known yet counts as a failed token.)
            Eventually.within(
                    Duration.ofSeconds(20),
                    "SHOP3 of the changed websites file",
                    () -> alice.get("/api/websites/SHOP3").status() == 200);
            JsonHttp shop3Api = new JsonHttp(relay.port(), SHOP3_API_TOKEN);
            assertThat(shop3Api.get("/api/v1/websites/SHOP3/returns").status()).isEqualTo(200);
            assertThat(new JsonHttp(relay.port(), SHOP2_NEW_API_TOKEN)
                            .get("/api/v1/websites/SHOP2/returns")
                            .status())
                    .isEqualTo(200);
            assertThat(shop2Api.get("/api/v1/websites/SHOP2/returns").status()).isEqualTo(401);

            // A change with a typo is not taken: the websites stay as they were, and the log says why.
            Files.writeString(websitesFile, """
                    {"websites": [{"code": "SHOP3", "key": "%s", "apiTokn": "x"}]}
                    """.formatted(SHOP3_ERP_KEY));
            Eventually.within(
                    Duration.ofSeconds(20),
                    () -> "the websites file's typo in the log: "
                            + relay.log()
                                    .lines()
                                    .filter(l -> l.contains("websites file"))
                                    .toList(),
                    () -> relay.log().contains("websites[0].apiTokn is not a website setting"));
            assertThat(shop3Api.get("/api/v1/websites/SHOP3/returns").status()).isEqualTo(200);
            assertThat(new JsonHttp(relay.port(), SHOP2_NEW_API_TOKEN)
                            .get("/api/v1/websites/SHOP2/returns")
                            .status())
                    .isEqualTo(200);

            // RELAY_WEBHOOKS_SIGNING_KEY: a subscription's secret is derived from it.
            JsonNode subscription = alice.post(
                            "/api/websites/SHOP1/webhooks",
                            "{\"url\": \"http://127.0.0.1:9/hooks\", \"events\": [\"return.created\"]}")
                    .json();
            assertThat(subscription.get("secret").asString())
                    .isEqualTo(webhookSecret(
                            subscription.get("id").asLong(),
                            subscription.get("secretGeneration").asInt()));

            // RELAY_SECRETS_KEY seals a website's shop key (alice's change, in the audit by her name).
            JsonHttp.Answer created = alice.post(
                    "/api/websites",
                    "{\"code\": \"SHOP7\", \"shop\": {\"url\": \"https://shop7.example/opensi\", \"key\":"
                            + " \"the-shop-connector-key\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(alice.get("/api/websites/SHOP7/changes").body()).contains("alice");
            // Both keys came from the environment: none was made in the data directory.
            assertThat(dataDir.resolve("website-secrets.key")).doesNotExist();
            assertThat(dataDir.resolve("webhooks-signing.key")).doesNotExist();

            assertThat(relay.log())
                    .doesNotContain(
                            FROM_FILE,
                            BOB,
                            CAROL,
                            ALICE,
                            SIGNING_KEY,
                            SECRETS_KEY,
                            SHOP2_ERP_KEY,
                            SHOP2_API_TOKEN,
                            SHOP2_NEW_API_TOKEN,
                            SHOP3_API_TOKEN);
        }
    }

    @Test
    void aTypoOrASecretFileThatCannotBeReadStopsTheStartNamingTheVariable(@TempDir Path root) throws Exception {
        Path adminTokenFile = Files.writeString(root.resolve("admin-token"), FROM_FILE + "\n");
        Path missing = root.resolve("run-secrets/relay-secrets-key");
        JarProcess.FailedStart failed = JarProcess.in(Files.createDirectories(root.resolve("work")))
                .env("RELAY_DATA_DIR", root.resolve("data").toString())
                .env("RELAY_WEBSITES_0_CODE", "SHOP1")
                .env("RELAY_WEBSITES_0_KEY", ERP_KEY)
                .env("RELAY_WEBSITES_0_DELIVERY_IMEDIATE", "true")
                .env("RELAY_ADMIN_TOKEN", ALICE)
                .env("RELAY_ADMIN_TOKEN_FILE", adminTokenFile.toString())
                .env("RELAY_SECRETS_KEY_FILE", missing.toString())
                .startExpectingFailure(Duration.ofSeconds(180));

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.paragraph())
                .contains(
                        "Unknown environment variable RELAY_WEBSITES_0_DELIVERY_IMEDIATE: did you mean"
                                + " RELAY_WEBSITES_0_DELIVERY_IMMEDIATE (relay.websites[0].delivery.immediate)?",
                        "RELAY_ADMIN_TOKEN and RELAY_ADMIN_TOKEN_FILE both set relay.admin.token: keep one",
                        "RELAY_SECRETS_KEY_FILE names the file " + missing
                                + ", which cannot be read for relay.secrets-key: NoSuchFileException",
                        "every setting is listed in docs/configuration.md")
                .doesNotContain("\tat ");
        assertThat(failed.log() + failed.errors()).doesNotContain(ALICE, FROM_FILE);
        // Refused before anything was written.
        assertThat(root.resolve("data")).doesNotExist();
    }

    /** The README's application.yml (First settings), started without the variables its placeholders name. */
    @Test
    void theReadmesApplicationYmlWithoutItsVariablesStopsTheStartNamingEachSettingAndVariable(@TempDir Path root)
            throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Files.writeString(work.resolve("application.yml"), readmeApplicationYml());

        JarProcess.FailedStart failed = JarProcess.in(work)
                // Spring Boot's own form of relay.data-dir
                .env("RELAY_DATADIR", root.resolve("data").toString())
                .env("SHOP2_ERP_KEY", "shop2-erp-key-0123456789")
                .startExpectingFailure(Duration.ofSeconds(180));

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.paragraph())
                .contains(
                        "relay.admin.token (from ",
                        "application.yml",
                        ") holds the placeholder ${RELAY_ADMIN_TOKEN}, and nothing sets RELAY_ADMIN_TOKEN",
                        "relay.websites[0].key (from ",
                        "holds the placeholder ${SHOP1_ERP_KEY}, and nothing sets SHOP1_ERP_KEY",
                        "relay.websites[0].shop.key (from ",
                        "holds the placeholder ${SHOP1_SHOP_KEY}",
                        "relay.websites[1].shop.key (from ",
                        "holds the placeholder ${SHOP2_SHOP_KEY}",
                        "Set what each placeholder above names")
                // SHOP2_ERP_KEY is set: relay.websites[1].key is no problem, and its value is not shown.
                .doesNotContain("SHOP2_ERP_KEY", "shop2-erp-key-0123456789", "\tat ");
        assertThat(root.resolve("data")).doesNotExist();
    }

    private static String readmeApplicationYml() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher yaml =
                Pattern.compile("```yaml\n(relay:\n.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(yaml.find()).as("the application.yml example in README.md").isTrue();
        assertThat(yaml.group(1)).contains("${RELAY_ADMIN_TOKEN}", "${SHOP1_ERP_KEY}");
        return yaml.group(1);
    }

    /** A subscription's secret as the README says it is made: HMAC-SHA256 of the signing key over its id and generation. */
    private static String webhookSecret(long id, int generation) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] derived = mac.doFinal(("opensi-relay webhook subscription " + id + " generation " + generation)
                .getBytes(StandardCharsets.UTF_8));
        return "whsec_" + Base64.getEncoder().encodeToString(derived);
    }
}
