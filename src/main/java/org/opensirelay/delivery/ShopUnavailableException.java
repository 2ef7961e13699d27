package org.opensirelay.delivery;

/**
 * The shop gave no per-item answer: connection refused, timeout, HTTP error, SOAP fault. Every item
 * of the batch is retried later.
 */
final class ShopUnavailableException extends Exception {

    ShopUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
