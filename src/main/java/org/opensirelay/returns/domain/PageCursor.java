package org.opensirelay.returns.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a page of a list ended, as the opaque token a client passes back for the next page: the
 * list's order (null when a list has one order only), and the last row's time and id.
 */
public record PageCursor(String order, Instant at, long id) {

    /** The token: URL-safe Base64, no padding, of {@code [order|]at|id}. */
    public String token() {
        String text = (order == null ? "" : order + "|") + at + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A page's rows and the token of the page after it, null when there is none. */
    public record Page<T>(List<T> rows, String nextToken) {}

    /**
     * The page of {@code rows}, read with one row more than {@code limit} to learn whether another
     * page follows: the first {@code limit} rows, and the token of the cursor after the last of them.
     */
    public static <T> Page<T> page(List<T> rows, int limit, Function<T, PageCursor> cursorAfter) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Page<>(page, cursorAfter.apply(page.get(limit - 1)).token());
    }

    /** The cursor a token holds, or empty when it is not one {@link #token()} made. */
    public static Optional<PageCursor> read(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
            return switch (parts.length) {
                case 2 -> Optional.of(new PageCursor(null, Instant.parse(parts[0]), Long.parseLong(parts[1])));
                case 3 -> Optional.of(new PageCursor(parts[0], Instant.parse(parts[1]), Long.parseLong(parts[2])));
                default -> Optional.empty();
            };
        } catch (RuntimeException notACursor) {
            return Optional.empty();
        }
    }
}
