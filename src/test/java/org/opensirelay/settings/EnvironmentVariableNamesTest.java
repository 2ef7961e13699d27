package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.settings.EnvironmentVariableNames.Ambiguous;
import org.opensirelay.settings.EnvironmentVariableNames.Reading;
import org.opensirelay.settings.EnvironmentVariableNames.Setting;
import org.opensirelay.settings.EnvironmentVariableNames.Suggestion;
import org.opensirelay.settings.EnvironmentVariableNames.Unknown;

/** Which setting an environment variable names: as people write it (a dash as an underscore) and as Spring Boot does. */
@Tag("unit")
class EnvironmentVariableNamesTest {

    private final EnvironmentVariableNames known = EnvironmentVariableNames.known();

    private static Reading setting(String variable, String name) {
        return new Setting(variable, name, false);
    }

    @Test
    void theVariablesOperatorsWriteNameTheirSettings() {
        assertThat(known.read("RELAY_DATA_DIR")).isEqualTo(setting("RELAY_DATA_DIR", "relay.data-dir"));
        assertThat(known.read("RELAY_SECRETS_KEY")).isEqualTo(setting("RELAY_SECRETS_KEY", "relay.secrets-key"));
        assertThat(known.read("RELAY_WEBHOOKS_SIGNING_KEY"))
                .isEqualTo(setting("RELAY_WEBHOOKS_SIGNING_KEY", "relay.webhooks.signing-key"));
        assertThat(known.read("RELAY_PUBLIC_URL")).isEqualTo(setting("RELAY_PUBLIC_URL", "relay.public-url"));
        assertThat(known.read("RELAY_WEBSITES_0_API_TOKEN"))
                .isEqualTo(setting("RELAY_WEBSITES_0_API_TOKEN", "relay.websites[0].api-token"));
        assertThat(known.read("RELAY_WEBSITES_12_SHOP_PASS_THROUGH_READ_TIMEOUT"))
                .isEqualTo(setting(
                        "RELAY_WEBSITES_12_SHOP_PASS_THROUGH_READ_TIMEOUT",
                        "relay.websites[12].shop.pass-through.read-timeout"));
        assertThat(known.read("RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_2"))
                .isEqualTo(setting(
                        "RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_2", "relay.websites[0].returns.slip-address[2]"));
        // a map entry: the key as Spring Boot reads it from the environment (lower case)
        assertThat(known.read("RELAY_ADMIN_TOKENS_ALICE"))
                .isEqualTo(setting("RELAY_ADMIN_TOKENS_ALICE", "relay.admin.tokens.alice"));
        // a map entry from a file; a key that is the word "file" itself
        assertThat(known.read("RELAY_ADMIN_TOKENS_ALICE_FILE"))
                .isEqualTo(new Setting("RELAY_ADMIN_TOKENS_ALICE_FILE", "relay.admin.tokens.alice", true));
        assertThat(known.read("RELAY_ADMIN_TOKENS_FILE"))
                .isEqualTo(setting("RELAY_ADMIN_TOKENS_FILE", "relay.admin.tokens.file"));
        assertThat(known.read("RELAY_WEBSITES_1_RETURNS_ERP_STATES_RECU"))
                .isEqualTo(setting(
                        "RELAY_WEBSITES_1_RETURNS_ERP_STATES_RECU", "relay.websites[1].returns.erp-states.recu"));
        // in any letter case, as Spring Boot reads the environment
        assertThat(known.read("relay_data_dir")).isEqualTo(setting("relay_data_dir", "relay.data-dir"));
    }

    @Test
    void springBootsOwnFormAndAMixNameTheSameSettings() {
        assertThat(known.read("RELAY_DATADIR")).isEqualTo(setting("RELAY_DATADIR", "relay.data-dir"));
        assertThat(known.read("RELAY_WEBSITES_0_APITOKEN"))
                .isEqualTo(setting("RELAY_WEBSITES_0_APITOKEN", "relay.websites[0].api-token"));
        assertThat(known.read("RELAY_WEBSITES_0_SHOP_PASSTHROUGH_READ_TIMEOUT"))
                .isEqualTo(setting(
                        "RELAY_WEBSITES_0_SHOP_PASSTHROUGH_READ_TIMEOUT",
                        "relay.websites[0].shop.pass-through.read-timeout"));
        assertThat(known.read("RELAY_WEBSITES_0_CODE"))
                .isEqualTo(setting("RELAY_WEBSITES_0_CODE", "relay.websites[0].code"));
        // a word is whole or not at all: DA_TADIR is no way of writing data-dir
        assertThat(known.read("RELAY_DA_TADIR")).isInstanceOf(Unknown.class);
    }

    /** Every known setting's variable, in both forms and as a file, names that setting and no other: no two share one. */
    @Test
    void everyKnownSettingsVariableNamesItBack() {
        for (String pattern : KnownSettings.NAMES) {
            // an instance of the pattern: index 3, map key "alice"
            String name = pattern.replace("[*]", "[3]").replaceAll("\\.\\*$", ".alice");
            String variable = EnvironmentVariableNames.variableOf(name);
            assertThat(known.read(variable)).as(variable).isEqualTo(setting(variable, name));
            String springForm = EnvironmentVariableNames.springVariableOf(name);
            assertThat(known.read(springForm)).as(springForm).isEqualTo(setting(springForm, name));
            assertThat(known.read(variable + "_FILE"))
                    .as(variable + "_FILE")
                    .isEqualTo(new Setting(variable + "_FILE", name, true));
        }
    }

    @Test
    void theVariableOfASettingAsTheReadmeWritesIt() {
        assertThat(EnvironmentVariableNames.variableOf("relay.data-dir")).isEqualTo("RELAY_DATA_DIR");
        assertThat(EnvironmentVariableNames.variableOf("relay.websites[N].shop.pass-through.read-timeout"))
                .isEqualTo("RELAY_WEBSITES_<N>_SHOP_PASS_THROUGH_READ_TIMEOUT");
        assertThat(EnvironmentVariableNames.variableOf("relay.websites[0].returns.slip-address[i]"))
                .isEqualTo("RELAY_WEBSITES_0_RETURNS_SLIP_ADDRESS_<N>");
        assertThat(EnvironmentVariableNames.variableOf("relay.admin.tokens.*")).isEqualTo("RELAY_ADMIN_TOKENS_<NAME>");
        assertThat(EnvironmentVariableNames.variableOf("relay.admin.tokens.<name>"))
                .isEqualTo("RELAY_ADMIN_TOKENS_<NAME>");
    }

    @Test
    void aTypoIsRefusedWithTheVariableToUseWrittenWithItsOwnIndexesAndKey() {
        assertThat(known.read("RELAY_DATA_DIRR"))
                .isEqualTo(new Unknown(
                        "RELAY_DATA_DIRR", Optional.of(new Suggestion("RELAY_DATA_DIR", "relay.data-dir"))));
        assertThat(known.read("RELAY_WEBSITES_3_DELIVERY_IMEDIATE"))
                .isEqualTo(new Unknown(
                        "RELAY_WEBSITES_3_DELIVERY_IMEDIATE",
                        Optional.of(new Suggestion(
                                "RELAY_WEBSITES_3_DELIVERY_IMMEDIATE", "relay.websites[3].delivery.immediate"))));
        assertThat(known.read("RELAY_WEBSITES_0_APITOKN"))
                .isEqualTo(new Unknown(
                        "RELAY_WEBSITES_0_APITOKN",
                        Optional.of(new Suggestion("RELAY_WEBSITES_0_API_TOKEN", "relay.websites[0].api-token"))));
        // the index forgotten: the suggestion shows where it goes
        assertThat(known.read("RELAY_WEBSITES_SHOP_URL"))
                .isEqualTo(new Unknown(
                        "RELAY_WEBSITES_SHOP_URL",
                        Optional.of(new Suggestion("RELAY_WEBSITES_<N>_SHOP_URL", "relay.websites[N].shop.url"))));
        // a map's name mistyped: the entry's key is kept
        assertThat(known.read("RELAY_WEBSITES_0_RETURNS_ERP_STATE_RECU"))
                .isEqualTo(new Unknown(
                        "RELAY_WEBSITES_0_RETURNS_ERP_STATE_RECU",
                        Optional.of(new Suggestion(
                                "RELAY_WEBSITES_0_RETURNS_ERP_STATES_RECU",
                                "relay.websites[0].returns.erp-states.recu"))));
        assertThat(known.read("RELAY_ADMIN_TOKN_FILE"))
                .isEqualTo(new Unknown(
                        "RELAY_ADMIN_TOKN_FILE",
                        Optional.of(new Suggestion("RELAY_ADMIN_TOKEN_FILE", "relay.admin.token"))));
        assertThat(known.read("RELAY_COMPLETELY_DIFFERENT_THING"))
                .isEqualTo(new Unknown("RELAY_COMPLETELY_DIFFERENT_THING", Optional.empty()));
        assertThat(known.read("RELAY_DATA__DIR")).isInstanceOf(Unknown.class);
        assertThat(known.read("RELAY_ADMIN_TOKEN_FILE_FILE"))
                .isEqualTo(new Unknown(
                        "RELAY_ADMIN_TOKEN_FILE_FILE",
                        Optional.of(new Suggestion("RELAY_ADMIN_TOKEN_FILE", "relay.admin.token"))));
    }

    @Test
    void aVariableThatCouldNameTwoSettingsIsRefusedWithTheFormsThatNameEachAlone() {
        EnvironmentVariableNames names =
                new EnvironmentVariableNames(List.of("relay.shop.pass-through", "relay.shop-pass.through"));

        assertThat(names.read("RELAY_SHOP_PASS_THROUGH"))
                .isEqualTo(new Ambiguous(
                        "RELAY_SHOP_PASS_THROUGH",
                        List.of("relay.shop.pass-through", "relay.shop-pass.through"),
                        List.of("RELAY_SHOP_PASSTHROUGH", "RELAY_SHOPPASS_THROUGH")));
        assertThat(names.read("RELAY_SHOP_PASSTHROUGH"))
                .isEqualTo(setting("RELAY_SHOP_PASSTHROUGH", "relay.shop.pass-through"));
        assertThat(names.read("RELAY_SHOP_PASS_THROUGH_FILE"))
                .isEqualTo(new Ambiguous(
                        "RELAY_SHOP_PASS_THROUGH_FILE",
                        List.of("relay.shop.pass-through", "relay.shop-pass.through"),
                        List.of("RELAY_SHOP_PASSTHROUGH_FILE", "RELAY_SHOPPASS_THROUGH_FILE")));
        // a setting and a map entry
        EnvironmentVariableNames withMap = new EnvironmentVariableNames(List.of("relay.a.b-c", "relay.a.b.*"));
        assertThat(withMap.read("RELAY_A_B_C"))
                .isInstanceOfSatisfying(
                        Ambiguous.class, a -> assertThat(a.settings()).containsExactly("relay.a.b-c", "relay.a.b.c"));
    }

    @Test
    void onlyTheRelaysVariablesAreItsConcern() {
        assertThat(EnvironmentVariableNames.concerns("RELAY_DATA_DIR")).isTrue();
        assertThat(EnvironmentVariableNames.concerns("relay_data_dir")).isTrue();
        assertThat(EnvironmentVariableNames.concerns("SERVER_PORT")).isFalse();
        assertThat(EnvironmentVariableNames.concerns("SPRING_PROFILES_ACTIVE")).isFalse();
        assertThat(EnvironmentVariableNames.concerns("RELAY_")).isFalse();
        assertThat(EnvironmentVariableNames.concerns("RELAYS_X")).isFalse();
    }
}
