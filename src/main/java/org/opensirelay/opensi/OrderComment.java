package org.opensirelay.opensi;

/**
 * SWO-G040 order tracking comment as accepted from the ERP. Natural key per website:
 * {@code commentId}. {@code commentDate} is kept as sent (a date or a date-time).
 */
public record OrderComment(
        int commentId,
        String orderNumber,
        String webOrderNumber,
        String comment,
        String commentDate,
        boolean sendMail,
        boolean visibleForCustomer) {}
