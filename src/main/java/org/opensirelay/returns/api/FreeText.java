package org.opensirelay.returns.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.opensirelay.text.Text;

/**
 * Text a person typed (a customer's reason): at most {@code max} characters, tabs and line breaks
 * allowed, no other control character — it must never make the contract's XML ill-formed, nor
 * reach PostgreSQL, which refuses NUL in text. Null is valid.
 */
@Documented
@Constraint(validatedBy = FreeText.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface FreeText {

    int max();

    String message() default "must be text of at most {max} characters";

    String code() default "INVALID_FIELD";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<FreeText, String> {

        private int max;

        @Override
        public void initialize(FreeText rule) {
            max = rule.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.length() > max) {
                return false;
            }
            int at = Text.firstNonXmlCharacter(value);
            return at < 0 || ControlCharacters.refuse(value, at, context);
        }
    }
}
