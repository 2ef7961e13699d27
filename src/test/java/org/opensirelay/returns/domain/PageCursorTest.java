package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PageCursorTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123456Z");

    @Test
    void aTokenReadsBackAsTheCursorItWasMadeOf() {
        assertThat(PageCursor.read(new PageCursor(null, AT, 42).token())).contains(new PageCursor(null, AT, 42));
        assertThat(PageCursor.read(new PageCursor("DESC", AT, 7).token())).contains(new PageCursor("DESC", AT, 7));
    }

    @Test
    void theTokenIsUrlSafeWithoutPadding() {
        assertThat(new PageCursor("ASC", AT, 123456789).token()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aTokenTheApiDidNotMakeIsNoCursor() {
        assertThat(PageCursor.read("not base64 at all!")).isEmpty();
        assertThat(PageCursor.read(new PageCursor(null, AT, 1).token().substring(3)))
                .isEmpty();
        assertThat(PageCursor.read("")).isEmpty();
    }

    @Test
    void aPageReadWithOneRowMoreKeepsTheLimitAndPointsPastItsLastRow() {
        PageCursor.Page<Integer> full = PageCursor.page(List.of(1, 2, 3), 2, last -> new PageCursor(null, AT, last));
        assertThat(full.rows()).containsExactly(1, 2);
        assertThat(PageCursor.read(full.nextToken())).contains(new PageCursor(null, AT, 2));

        PageCursor.Page<Integer> last = PageCursor.page(List.of(1, 2), 2, row -> new PageCursor(null, AT, row));
        assertThat(last.rows()).containsExactly(1, 2);
        assertThat(last.nextToken()).as("no page after the last").isNull();
    }
}
