package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyHashTest {

    @Test
    void aKeyIsKeptAsItsSha256() {
        // Computed independently: echo -n 5f4dcc3b5aa765d61d8327deb882cf99 | sha256sum
        assertThat(KeyHash.hex(KeyHash.of("5f4dcc3b5aa765d61d8327deb882cf99")))
                .isEqualTo("3f2cd8e57b096fe7e4a78a5627e34ca3f885ad65a56e61c287cf4211bbc5949f");
    }

    @Test
    void hexRoundTripsAndOnlyTheSameKeyMatches() {
        byte[] hash = KeyHash.of("a-key-of-at-least-16");
        assertThat(KeyHash.fromHex(KeyHash.hex(hash))).isEqualTo(hash);
        assertThat(KeyHash.matches(hash, KeyHash.of("a-key-of-at-least-16"))).isTrue();
        assertThat(KeyHash.matches(hash, KeyHash.of("a-key-of-at-least-17"))).isFalse();
        assertThat(KeyHash.matches(hash, KeyHash.of(""))).isFalse();
    }
}
