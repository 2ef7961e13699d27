package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp.Answer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A newcomer's first run: no website configured, yet the relay is usable, with a key generated for
 * this installation only and never a fixed, publicly known one.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoWebsiteTest {

    @Test
    void firstStartGeneratesAPrivateDemoKeyThatLaterStartsKeep(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        String key;
        String apiToken;
        try (RelayProcess relay = RelayProcess.start(dataDir)) {
            Path keyFile = dataDir.resolve("demo-website.key");
            key = Files.readString(keyFile).strip();
            assertThat(key).matches("[0-9a-f]{32}");
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", key, "DEMO"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            // The seed article's placeholder key opens nothing.
            Answer placeholder =
                    relay.soap().post(Envelope.fixture("setComments-seed.xml", "xxxxxxxxxxxxxxxxxxxxxxx", "DEMO"));
            placeholder.xml().valueByXPath("//open:fault/open:reason").isEqualTo("AUTHENTICATION_FAILED");

            // The demo's REST API token, made the same way, opens the orders and returns API.
            Path tokenFile = dataDir.resolve("demo-api.token");
            apiToken = Files.readString(tokenFile).strip();
            assertThat(apiToken).matches("[0-9a-f]{32}").isNotEqualTo(key);
            assertThat(Files.getPosixFilePermissions(tokenFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(new JsonHttp(relay.port(), apiToken)
                            .get("/api/v1/websites/DEMO/returns")
                            .status())
                    .isEqualTo(200);
            assertThat(new JsonHttp(relay.port(), key)
                            .get("/api/v1/websites/DEMO/returns")
                            .status())
                    .isEqualTo(401);
        }
        try (RelayProcess relay = RelayProcess.start(dataDir)) {
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", key, "DEMO"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("2001");
            assertThat(new JsonHttp(relay.port(), apiToken)
                            .get("/api/v1/websites/DEMO/returns")
                            .status())
                    .isEqualTo(200);
        }
        assertThat(output.getAll())
                .contains("demo-website.key", "demo-api.token")
                .doesNotContain(key)
                .doesNotContain(apiToken);
    }

    /** The demo's slips show what a merchant's would: an address, not the name of the setting that sets one. */
    @Test
    void theDemosSlipAddressLooksLikeAnAddress(@TempDir Path dataDir) {
        List<String> address = DemoWebsite.loadOrCreate(dataDir).returns().slipAddress();
        assertThat(address)
                .hasSizeBetween(3, 6)
                .noneSatisfy(line -> assertThat(line).containsAnyOf("relay.", "slip-address", "[N]", "(", ")"));
        assertThat(address.get(address.size() - 2))
                .as("a French postcode and town")
                .matches("\\d{5} \\p{L}.*");
    }

    @Test
    void twoInstallationsGetDifferentKeys(@TempDir Path first, @TempDir Path second) throws Exception {
        try (RelayProcess a = RelayProcess.start(first);
                RelayProcess b = RelayProcess.start(second)) {
            assertThat(Files.readString(first.resolve("demo-website.key")))
                    .isNotEqualTo(Files.readString(second.resolve("demo-website.key")));
        }
    }

    @Test
    void configuringWebsitesRetiresTheDemoWebsiteButKeepsItsData(@TempDir Path dataDir) throws Exception {
        String demoKey;
        try (RelayProcess relay = RelayProcess.start(dataDir)) {
            demoKey = Files.readString(dataDir.resolve("demo-website.key")).strip();
            relay.soap().post(Envelope.fixture("setComments-seed.xml", demoKey, "DEMO"));
        }
        String shopKey = "92eb5ffee6ae2fec3ad71c777531578f";
        try (RelayProcess relay =
                RelayProcess.start(dataDir, "--relay.websites[0].code=SHOP1", "--relay.websites[0].key=" + shopKey)) {
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", demoKey, "DEMO"))
                    .xml()
                    .valueByXPath("//open:fault/open:reason")
                    .isEqualTo("AUTHENTICATION_FAILED");
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", shopKey, "SHOP1"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class))
                    .isEqualTo(2);
            assertThat(relay.jdbc().queryForObject("SELECT active FROM website WHERE code = 'DEMO'", Boolean.class))
                    .isFalse();
        }
    }

    @Test
    void weakOrSharedKeysAreRefusedAtStartUp(@TempDir Path dataDir) {
        assertThatThrownBy(() ->
                        RelayProcess.start(dataDir, "--relay.websites[0].code=SHOP1", "--relay.websites[0].key=secret"))
                .hasStackTraceContaining("relay.websites[0].key has 6 characters: at least 16 are needed");
        assertThatThrownBy(() -> RelayProcess.start(
                        dataDir,
                        "--relay.websites[0].code=SHOP1",
                        "--relay.websites[0].key=same-key-for-both-websites",
                        "--relay.websites[1].code=SHOP2",
                        "--relay.websites[1].key=same-key-for-both-websites"))
                .hasStackTraceContaining("relay.websites[1].key is the key of another website");
    }
}
