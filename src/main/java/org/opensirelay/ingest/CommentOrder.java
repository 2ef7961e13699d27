package org.opensirelay.ingest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

import org.opensirelay.opensi.OrderComment;

/**
 * The order in which the comments of one shop order are delivered: CommentDate, then CommentId.
 * Dates and date-times are brought to one sortable text (UTC where a zone is given).
 */
public final class CommentOrder {

    private static final Pattern PLAIN_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ERP_DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private CommentOrder() {}

    /** The order the comment belongs to, as the shop knows it. */
    public static String orderKey(OrderComment comment) {
        return comment.webOrderNumber();
    }

    public static String sortKey(OrderComment comment) {
        // Offset so that every int sorts as ten digits, negative ones first.
        long id = (long) comment.commentId() - Integer.MIN_VALUE;
        String digits = Long.toString(id);
        return when(comment.commentDate()) + "#" + "0".repeat(10 - digits.length()) + digits;
    }

    private static String when(String commentDate) {
        if (PLAIN_DATE.matcher(commentDate).matches()) {
            // The usual form: already sortable, no parsing needed.
            return commentDate + "T00:00:00";
        }
        try {
            if (ERP_DATETIME.matcher(commentDate).matches()) {
                // The ERP's own form (2020-05-01 10:11:12): the same instant as its ISO spelling.
                return LocalDateTime.parse(commentDate.replace(' ', 'T')).format(SORTABLE);
            }
            if (!commentDate.contains("T")) {
                return LocalDate.from(DateTimeFormatter.ISO_DATE.parse(commentDate))
                        .atStartOfDay()
                        .format(SORTABLE);
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(commentDate, OffsetDateTime::from, LocalDateTime::from);
            LocalDateTime local = parsed instanceof OffsetDateTime withZone
                    ? withZone.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : (LocalDateTime) parsed;
            return local.truncatedTo(ChronoUnit.SECONDS).format(SORTABLE);
        } catch (DateTimeParseException | ClassCastException unusual) {
            // The schema admitted it (e.g. a year past 9999): it still sorts by its text.
            return commentDate;
        }
    }
}
