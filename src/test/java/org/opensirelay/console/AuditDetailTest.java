package org.opensirelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AuditDetailTest {

    @Test
    void settingsStoredAsJsonReadOneFieldALine() {
        assertThat(AuditDetail.readable(
                        "{\"code\":\"SHOP7\",\"shop\":{\"url\":\"https://shop7.example/opensi\",\"key\":null},"
                                + "\"returns\":{\"slipAddress\":[\"Boutique\",\"69002 Lyon\"]}}"))
                .isEqualTo(
                        "code: SHOP7\nshop.url: https://shop7.example/opensi\nreturns.slipAddress: Boutique, 69002 Lyon");
    }

    @Test
    void textThatIsNotAJsonObjectIsShownAsItIs() {
        assertThat(AuditDetail.readable("key rotated, the previous one opens until 2026-12-20"))
                .isEqualTo("key rotated, the previous one opens until 2026-12-20");
        assertThat(AuditDetail.readable("{not json")).isEqualTo("{not json");
        assertThat(AuditDetail.readable(null)).isNull();
    }
}
