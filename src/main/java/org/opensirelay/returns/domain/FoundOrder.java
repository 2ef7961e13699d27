package org.opensirelay.returns.domain;

/** An order as the console's search finds it: its website, its numbers, and its customer as the shop named them. */
public record FoundOrder(
        long websiteId, String webOrderNumber, String orderNumber, String customerName, String customerEmail) {}
