package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KnownSettingsTest {

    @Test
    void knownSettingsPassInEveryRelaxedForm() {
        assertThat(KnownSettings.check("relay.websites[0].shop.url")).isEmpty();
        assertThat(KnownSettings.check("relay.websites[12].shop.website-code")).isEmpty();
        assertThat(KnownSettings.check("relay.websites[0].shop.websiteCode")).isEmpty();
        assertThat(KnownSettings.check("relay.websites[0].returns.erp-states.RECU"))
                .isEmpty();
        assertThat(KnownSettings.check("relay.websites[1].returns.slip-address[2]"))
                .isEmpty();
        assertThat(KnownSettings.check("relay.xml.max-body-bytes")).isEmpty();
    }

    @Test
    void typosAreCaughtWithTheNearestKnownNameAsWritten() {
        assertThat(KnownSettings.check("relay.websites[0].shop.ulr"))
                .hasValueSatisfying(u -> assertThat(u.nearest()).contains("relay.websites[0].shop.url"));
        assertThat(KnownSettings.check("relay.websites[3].delivery.imediate"))
                .hasValueSatisfying(u -> assertThat(u.nearest()).contains("relay.websites[3].delivery.immediate"));
        assertThat(KnownSettings.check("relay.admin.tokn"))
                .hasValueSatisfying(u -> assertThat(u.nearest()).contains("relay.admin.token"));
        assertThat(KnownSettings.check("relay.websites[0].returns.erp-state"))
                .hasValueSatisfying(
                        u -> assertThat(u.nearest()).contains("relay.websites[0].returns.erp-states.<value>"));
        assertThat(KnownSettings.check("relay.completely.different.thing"))
                .hasValueSatisfying(u -> assertThat(u.nearest()).isEmpty());
    }

    /**
     * The known names are the build's configuration metadata, not a list kept by hand: a setting added
     * to a properties record is known without touching this class, inside a list of websites and a
     * map too, and the few read one by one come from the additional metadata.
     */
    @Test
    void theKnownNamesAreTheBuildsConfigurationMetadataExpanded() {
        assertThat(KnownSettings.NAMES)
                // from a record bound at the top (DeliveryProperties)
                .contains("relay.delivery.concurrent-batches", "relay.xml.max-depth")
                // from the records inside the list of websites, which the metadata names only as a List
                .contains(
                        "relay.websites[*].shop.pass-through.read-timeout",
                        "relay.websites[*].previous-key-until",
                        "relay.websites[*].returns.policy.countries",
                        "relay.websites[*].returns.policy.countries[*]")
                // maps: any key
                .contains("relay.admin.tokens.*", "relay.websites[*].returns.erp-states.*")
                // read with @Value, described in additional-spring-configuration-metadata.json
                .contains("relay.public-url", "relay.backup.keep", "relay.database.statistics-every")
                .allMatch(name -> name.startsWith("relay."));
    }
}
