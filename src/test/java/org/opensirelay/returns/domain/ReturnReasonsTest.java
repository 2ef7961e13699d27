package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every channel's words land in one taxonomy: the website's mapping first, then a code as given, then usual phrasings. */
@Tag("unit")
class ReturnReasonsTest {

    @Test
    void aCodeOfTheTaxonomyIsTakenAsGivenInAnyCase() {
        assertThat(ReturnReasons.category("doesNotFit", "whatever", Map.of())).isEqualTo("doesNotFit");
        assertThat(ReturnReasons.category("DAMAGEDORDEFECTIVEITEM", null, Map.of()))
                .isEqualTo("damagedOrDefectiveItem");
    }

    @Test
    void customersWordsInFrenchOrEnglishAccentsOrNotFindTheirCode() {
        assertThat(ReturnReasons.category(null, "Trop petit", Map.of())).isEqualTo("doesNotFit");
        assertThat(ReturnReasons.category(null, "Article ABÎMÉ à la livraison", Map.of()))
                .isEqualTo("damagedOrDefectiveItem");
        assertThat(ReturnReasons.category(null, "article abime", Map.of())).isEqualTo("damagedOrDefectiveItem");
        assertThat(ReturnReasons.category(null, "Not as described on the site", Map.of()))
                .isEqualTo("didNotMatchDescription");
        assertThat(ReturnReasons.category(null, "J’ai changé d’avis", Map.of())).isEqualTo("changedMind");
        assertThat(ReturnReasons.category(null, "Colis arrivé trop tard", Map.of()))
                .isEqualTo("receivedTooLate");
        assertThat(ReturnReasons.category(null, "Pas content", Map.of())).isEqualTo("other");
        assertThat(ReturnReasons.category(null, "  ", Map.of())).isEqualTo("notSpecified");
    }

    @Test
    void theWebsitesOwnMappingComesFirstOnItsCodesAndWithinItsWords() {
        Map<String, String> mapping = Map.of("RETOUR42", "changedMind", "colis ouvert", "damagedOrDefectiveItem");
        assertThat(ReturnReasons.category("retour42", "Trop petit", mapping)).isEqualTo("changedMind");
        assertThat(ReturnReasons.category(null, "Le colis ouvert, trop petit", mapping))
                .isEqualTo("damagedOrDefectiveItem");
        assertThat(ReturnReasons.category("doesNotFit", null, mapping)).isEqualTo("doesNotFit");
    }
}
