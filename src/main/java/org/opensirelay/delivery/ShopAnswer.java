package org.opensirelay.delivery;

/** One {@code return} entry of a shop's answer. */
record ShopAnswer(String key, int code, String message) {}
