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
        assertThat(KnownSettings.check("relay.websites[0].returns.erp-states.RECU")).isEmpty();
        assertThat(KnownSettings.check("relay.websites[1].returns.slip-address[2]")).isEmpty();
        assertThat(KnownSettings.check("relay.xml.max-body-bytes")).isEmpty();
    }

    @Test
    void typosAreCaughtWithTheNearestKnownNameAsWritten() {
        assertThat(KnownSettings.check("relay.websites[0].shop.ulr")).hasValueSatisfying(u ->
                assertThat(u.nearest()).contains("relay.websites[0].shop.url"));
        assertThat(KnownSettings.check("relay.websites[3].delivery.imediate")).hasValueSatisfying(u ->
                assertThat(u.nearest()).contains("relay.websites[3].delivery.immediate"));
        assertThat(KnownSettings.check("relay.admin.tokn")).hasValueSatisfying(u -> assertThat(u.nearest()).contains("relay.admin.token"));
        assertThat(KnownSettings.check("relay.websites[0].returns.erp-state")).hasValueSatisfying(u ->
                assertThat(u.nearest()).contains("relay.websites[0].returns.erp-states.<value>"));
        assertThat(KnownSettings.check("relay.completely.different.thing")).hasValueSatisfying(u -> assertThat(u.nearest()).isEmpty());
    }
}
