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

/** A required whole number from {@code min} to {@code max}. */
@Documented
@Constraint(validatedBy = WholeNumber.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WholeNumber {

    int min();

    int max();

    String message() default "must be a whole number from {min} to {max}";

    String code() default "INVALID_FIELD";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<WholeNumber, Integer> {

        private int min;
        private int max;

        @Override
        public void initialize(WholeNumber rule) {
            min = rule.min();
            max = rule.max();
        }

        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            return value != null && value >= min && value <= max;
        }
    }
}
