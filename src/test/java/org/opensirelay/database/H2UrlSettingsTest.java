package org.opensirelay.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An H2 URL of the operator's own gets the settings the relay needs, and keeps whatever it chose itself. */
@Tag("unit")
class H2UrlSettingsTest {

    @Test
    void anOwnFileUrlGetsBothSettings() {
        assertThat(H2UrlSettings.completed("jdbc:h2:file:/srv/relay/db;QUERY_CACHE_SIZE=64"))
                .hasValue(
                        "jdbc:h2:file:/srv/relay/db;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50");
        assertThat(H2UrlSettings.completed("jdbc:h2:file:/srv/relay/db;"))
                .hasValue("jdbc:h2:file:/srv/relay/db;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50");
    }

    @Test
    void aSettingTheUrlChoosesIsKeptWhateverItsCase() {
        assertThat(H2UrlSettings.completed("jdbc:h2:file:/srv/relay/db;auto_compact_fill_rate=80"))
                .hasValue("jdbc:h2:file:/srv/relay/db;auto_compact_fill_rate=80;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2UrlSettings.completed(
                        "jdbc:h2:file:/srv/relay/db;DB_CLOSE_ON_EXIT=TRUE;AUTO_COMPACT_FILL_RATE=90"))
                .isEmpty();
    }

    @Test
    void aPathRelativeToTheWorkingDirectoryIsMadeExplicitAsH2Requires() {
        assertThat(H2UrlSettings.completed(
                        "jdbc:h2:file:data/opensi-relay;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50"))
                .hasValue("jdbc:h2:file:./data/opensi-relay;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50");
        assertThat(H2UrlSettings.completed("jdbc:h2:file:relay"))
                .hasValue("jdbc:h2:file:./relay;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50");
        for (String explicit : new String[] {"./data/relay", "../data/relay", "~/relay", "/srv/relay", "C:/relay"}) {
            assertThat(H2UrlSettings.completed(
                            "jdbc:h2:file:" + explicit + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50"))
                    .as(explicit)
                    .isEmpty();
        }
    }

    @Test
    void theDefaultUrlAndOtherDatabasesAreLeftAlone() {
        assertThat(
                        H2UrlSettings.completed(
                                "jdbc:h2:file:./data/opensi-relay;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50"))
                .isEmpty();
        assertThat(H2UrlSettings.completed("jdbc:h2:mem:test")).isEmpty();
        assertThat(H2UrlSettings.completed("jdbc:postgresql://127.0.0.1:5432/test"))
                .isEmpty();
    }
}
