package org.opensirelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Where the console looks for its CSRF token: a query string that names one, however escaped, is refused. */
@Tag("unit")
class CsrfTokenPlaceTest {

    @Test
    void aQueryStringNamingTheTokenIsSeenHoweverItIsWritten() {
        assertThat(ConsoleAccessFilter.namesCsrfToken("_csrf=abc")).isTrue();
        assertThat(ConsoleAccessFilter.namesCsrfToken("status=DEAD&_csrf=abc")).isTrue();
        assertThat(ConsoleAccessFilter.namesCsrfToken("%5Fcsrf=abc")).isTrue();
        assertThat(ConsoleAccessFilter.namesCsrfToken("%5fcsrf")).isTrue();
        assertThat(ConsoleAccessFilter.namesCsrfToken("_csrf")).isTrue();
        assertThat(ConsoleAccessFilter.namesCsrfToken(null)).isFalse();
        assertThat(ConsoleAccessFilter.namesCsrfToken("")).isFalse();
        assertThat(ConsoleAccessFilter.namesCsrfToken("status=_csrf")).isFalse();
        assertThat(ConsoleAccessFilter.namesCsrfToken("x_csrf=1&_csrfx=2&%zz=3"))
                .isFalse();
    }
}
