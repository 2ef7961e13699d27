package org.opensirelay.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every spelling a router may read as /api/websites is judged as /api/websites. */
@Tag("unit")
class RequestPathsTest {

    @Test
    void escapesParametersDotSegmentsAndDoubleSlashesAreResolvedAsARouterReadsThem() {
        for (String spelling : new String[] {
            "/api/websites",
            "/%61pi/websites",
            "/%61%70%69/websites",
            "/api;x=1/websites",
            "/api/websites;jsessionid=1",
            "//api//websites",
            "/./api/./websites",
            "/x/../api/websites",
            "/api/websites/"
        }) {
            assertThat(RequestPaths.normalise(spelling)).as(spelling).isEqualTo("/api/websites");
        }
    }

    @Test
    void aPathCannotClimbAboveTheRoot() {
        assertThat(RequestPaths.normalise("/../../actuator/prometheus")).isEqualTo("/actuator/prometheus");
        assertThat(RequestPaths.normalise("/actuator/health/../prometheus")).isEqualTo("/actuator/prometheus");
    }

    @Test
    void aPlusStaysAPlusAndAMalformedEscapeStaysAsWritten() {
        assertThat(RequestPaths.normalise("/api/v1/websites/A+B")).isEqualTo("/api/v1/websites/A+B");
        assertThat(RequestPaths.normalise("/api/%zz")).isEqualTo("/api/%zz");
    }

    @Test
    void underMeansThePrefixItselfOrASegmentBelowIt() {
        assertThat(RequestPaths.under("/api", "/api")).isTrue();
        assertThat(RequestPaths.under("/api/websites", "/api")).isTrue();
        assertThat(RequestPaths.under("/apinot", "/api")).isFalse();
        assertThat(RequestPaths.under("/", "/api")).isFalse();
    }
}
