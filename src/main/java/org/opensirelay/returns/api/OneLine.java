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
 * One line of text: 1 to {@code max} characters, no surrounding spaces, no control character and
 * nothing XML cannot carry (what we store may reach the shop in a SOAP envelope). Null is valid:
 * add {@code @NotNull} where the field is required.
 */
@Documented
@Constraint(validatedBy = OneLine.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OneLine {

    int max();

    String message() default "must be text of 1 to {max} characters without surrounding spaces";

    String code() default "INVALID_FIELD";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<OneLine, String> {

        private int max;

        @Override
        public void initialize(OneLine rule) {
            max = rule.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.isBlank() || value.length() > max || !value.strip().equals(value)) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    return ControlCharacters.refuse(value, i, context);
                }
            }
            int at = Text.firstNonXmlCharacter(value);
            return at < 0 || ControlCharacters.refuse(value, at, context);
        }
    }
}
