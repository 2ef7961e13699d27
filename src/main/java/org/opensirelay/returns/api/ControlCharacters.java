package org.opensirelay.returns.api;

import jakarta.validation.ConstraintValidatorContext;

/** The one refusal of a control character in text, naming the character and where it is. */
final class ControlCharacters {

    private ControlCharacters() {}

    /** Replaces the rule's message with the character found at {@code at}; always false. */
    static boolean refuse(String text, int at, ConstraintValidatorContext context) {
        context.disableDefaultConstraintViolation();
        // Only a code point and a position: nothing the caller sent is interpolated.
        context.buildConstraintViolationWithTemplate("must not hold control characters: U+%04X at position %d"
                        .formatted((int) text.charAt(at), at + 1))
                .addConstraintViolation();
        return false;
    }
}
