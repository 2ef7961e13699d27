package org.opensirelay.returns.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

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
